import SluiceJSON

/// Validates a workflow: the state machine itself, a Parallel branch, or a Map's
/// `ItemProcessor`/`Iterator`. Checks its fields, every state, the transition targets and which
/// states can be reached from `StartAt`.
enum MachineValidator {
    /// Where a workflow sits, which decides the fields it accepts.
    enum Kind {
        case root
        case branch
        case itemProcessor
    }

    static func validateRoot(_ definition: JSONValue, in context: inout ValidationContext) {
        guard case .object(let root) = definition else {
            context.diagnostics.append(
                Diagnostic(
                    code: DiagnosticCode.schemaValidationFailed, message: "Definition must be a valid JSON object",
                    location: nil))
            return
        }
        if let declared = root["QueryLanguage"] {
            // Only the exact string JSONPath keeps JSONPath; anything else declared selects JSONata.
            context.machineLanguage = declared.stringValue == "JSONPath" ? .jsonPath : .jsonata
        }
        validate(root, at: .root, kind: .root, nesting: 0, in: &context)
    }

    static func validate(
        _ workflow: JSONObject, at location: Location, kind: Kind, nesting: Int, in context: inout ValidationContext
    ) {
        for member in workflow {
            let at = location.child(member.key)
            switch member.key {
            case "StartAt", "Comment":
                context.expect(.string, member.value, at: at)
            case "States":
                context.expect(.object, member.value, at: at)
            case "QueryLanguage" where kind == .root:
                context.checkQueryLanguageValue(member.value, at: at)
            case "TimeoutSeconds" where kind == .root:
                context.expectInteger(member.value, minimum: 0, at: at)
            case "Version" where kind == .root:
                context.expect(.string, member.value, at: at)
            case "ProcessorConfig" where kind == .itemProcessor:
                break  // checked by the Map state, which knows the processor mode it implies
            default:
                context.unsupportedField(member.key, at: location)
            }
        }
        context.expectRequired(["States", "StartAt"], in: workflow, at: location)
        guard case .object(let states)? = workflow["States"] else { return }

        let statesLocation = location.child("States")
        for member in states {
            let at = statesLocation.child(member.key)
            if !context.stateNames.insert(member.key).inserted {
                context.error(DiagnosticCode.duplicateStateName, "Duplicate State name: \(member.key)", at: at)
            }
            if member.key.unicodeScalars.count > 80 {
                context.error(DiagnosticCode.invalidStateName,
                    "State name '\(member.key)' exceeds the maximum length of 80 characters", at: at)
            }
            StateValidator.validate(
                name: member.key, member.value, at: at, siblings: states, nesting: nesting, in: &context)
        }

        let startAt = workflow["StartAt"]?.stringValue
        if kind == .root, !states.contains(where: isTerminal) {
            // AWS reports only this, without the reachability walk, when nothing can end the workflow.
            context.graphError(DiagnosticCode.missingEndState, "Workflow has no terminal state", at: nil)
            return
        }
        if let startAt {
            context.checkTransitionTarget(startAt, in: states, at: location.child("StartAt"))
        }
        reportUnreachableStates(states, startAt: startAt, at: statesLocation, in: &context)
    }

    private static func isTerminal(_ member: JSONObject.Member) -> Bool {
        guard case .object(let state) = member.value else { return false }
        switch state["Type"]?.stringValue {
        case "Succeed", "Fail": return true
        default: return state["End"]?.boolValue == true
        }
    }

    /// `State "X" is not reachable.` for every state that neither `StartAt` nor any transition
    /// names. Like AWS, a state named by a transition counts as reachable even when the state
    /// naming it is unreachable itself.
    private static func reportUnreachableStates(
        _ states: JSONObject, startAt: String?, at location: Location, in context: inout ValidationContext
    ) {
        var targeted = Set<String>()
        if let startAt { targeted.insert(startAt) }
        for member in states {
            guard case .object(let state) = member.value else { continue }
            forEachTarget(of: state) { targeted.insert($0) }
        }
        for member in states where !targeted.contains(member.key) {
            context.graphError(DiagnosticCode.missingTransitionTarget, "State \"\(member.key)\" is not reachable.",
                at: location.child(member.key))
        }
    }

    /// Every state name a state can transition to: `Next`, `Default`, `Choices[].Next`, `Catch[].Next`.
    private static func forEachTarget(of state: JSONObject, _ body: (String) -> Void) {
        if let next = state["Next"]?.stringValue { body(next) }
        if let next = state["Default"]?.stringValue { body(next) }
        for key in ["Choices", "Catch"] {
            guard case .array(let rules)? = state[key] else { continue }
            for rule in rules {
                if let next = rule["Next"]?.stringValue { body(next) }
            }
        }
    }
}
