import SluiceJSON

/// What a state's checks need to know about where the state sits.
struct StateScope {
    let name: String
    let location: Location
    /// The `States` object of the enclosing workflow: `Next` targets resolve against it.
    let siblings: JSONObject
    /// The language of the state (its own `QueryLanguage`, else the state machine's).
    let language: QueryLanguage
    /// How many Parallel/Map levels enclose the state.
    let nesting: Int
}

/// Validates one state: its `Type`, its query language, every field it carries, and the fields
/// its type requires.
enum StateValidator {
    static func validate(
        name: String, _ value: JSONValue, at location: Location, siblings: JSONObject, nesting: Int,
        in context: inout ValidationContext
    ) {
        guard case .object(let state) = value else {
            context.expect(.object, value, at: location)
            return
        }
        guard let typeValue = state["Type"] else {
            context.schemaError("These fields are required: [Type]", at: location)
            return
        }
        guard case .string(let typeName) = typeValue, let type = StateType(rawValue: typeName) else {
            if case .string = typeValue {
                context.schemaError("The field 'Type' should have one of these values: \(StateType.listText)",
                    at: location.child("Type"))
            } else {
                context.expect(.string, typeValue, at: location.child("Type"))
            }
            return
        }

        let (language, downgraded) = resolveLanguage(of: state, at: location, in: &context)
        let scope = StateScope(name: name, location: location, siblings: siblings, language: language, nesting: nesting)

        for member in state {
            if StateFieldRules.allows(member.key, in: type, language: language) {
                validateField(member.key, member.value, of: type, state: state, scope: scope, in: &context)
            } else if StateFieldRules.allows(member.key, in: type, language: language.other) {
                if !downgraded { context.reportOtherLanguageField(member.key, language: language, at: location) }
            } else {
                context.unsupportedField(member.key, at: location)
            }
        }
        validateShape(of: type, state: state, scope: scope, in: &context)
        if language == .jsonata, let checker = context.jsonataChecker {
            JSONataExpressionWalker.check(state: state, at: location, checker: checker, in: &context)
        }
    }

    /// The state's effective language. Only the exact string `JSONPath` selects JSONPath; any
    /// other declared value selects JSONata (and is reported). A JSONPath state inside a JSONata
    /// state machine is refused.
    private static func resolveLanguage(
        of state: JSONObject, at location: Location, in context: inout ValidationContext
    ) -> (QueryLanguage, downgraded: Bool) {
        guard let declared = state["QueryLanguage"] else { return (context.machineLanguage, false) }
        context.checkQueryLanguageValue(declared, at: location.child("QueryLanguage"))
        guard declared.stringValue == "JSONPath" else { return (.jsonata, false) }
        if context.machineLanguage == .jsonata {
            context.schemaError("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                at: location)
            return (.jsonPath, true)
        }
        return (.jsonPath, false)
    }

    /// Checks the value of one accepted field.
    private static func validateField(
        _ key: String, _ value: JSONValue, of type: StateType, state: JSONObject, scope: StateScope,
        in context: inout ValidationContext
    ) {
        let at = scope.location.child(key)
        switch key {
        case "Type", "QueryLanguage":
            break
        case "Comment":
            context.expect(.string, value, at: at)
        case "Next":
            if context.expect(.string, value, at: at), case .string(let target) = value {
                context.checkTransitionTarget(target, in: scope.siblings, at: at)
            }
        case "End":
            context.expect(.boolean, value, at: at)
        case "InputPath", "OutputPath":
            context.checkPath(value, field: key, allowNull: true, reference: false, at: at)
        case "ResultPath":
            context.checkPath(value, field: key, allowNull: true, reference: true, at: at)
        case "Parameters", "ResultSelector":
            if context.expect(.object, value, at: at) { context.checkPayloadTemplate(value, at: at) }
        case "Result", "Output":
            break
        case "Arguments":
            if !JSONataText.isExpression(value) { context.expect(.object, value, at: at) }
        case "Assign":
            if context.expect(.object, value, at: at), scope.language == .jsonPath {
                context.checkPayloadTemplate(value, at: at)
            }
        case "Retry":
            ErrorHandlerValidator.validateRetry(value, at: at, in: &context)
        case "Catch":
            ErrorHandlerValidator.validateCatch(value, scope: scope, at: at, in: &context)
        default:
            switch type {
            case .task: TaskValidator.validateField(key, value, scope: scope, in: &context)
            case .wait: WaitValidator.validateField(key, value, scope: scope, in: &context)
            case .fail: FailValidator.validateField(key, value, at: at, in: &context)
            case .choice: ChoiceValidator.validateField(key, value, scope: scope, in: &context)
            case .parallel: ParallelValidator.validateField(key, value, scope: scope, in: &context)
            case .map: MapValidator.validateField(key, value, state: state, scope: scope, in: &context)
            case .pass, .succeed: break
            }
        }
    }

    /// Checks that need the whole state: required fields, exclusive fields, `Next` or `End`.
    private static func validateShape(
        of type: StateType, state: JSONObject, scope: StateScope, in context: inout ValidationContext
    ) {
        switch type {
        case .task:
            context.expectRequired(["Resource"], in: state, at: scope.location)
            TaskValidator.validateShape(state, scope: scope, in: &context)
        case .choice: context.expectRequired(["Choices"], in: state, at: scope.location)
        case .parallel: context.expectRequired(["Branches"], in: state, at: scope.location)
        case .wait: WaitValidator.validateShape(state, scope: scope, in: &context)
        case .fail: FailValidator.validateShape(state, scope: scope, in: &context)
        case .map: MapValidator.validateShape(state, scope: scope, in: &context)
        case .pass, .succeed: break
        }
        guard type.hasTransition else { return }
        let ends = state["End"]?.boolValue == true
        let hasNext = state["Next"] != nil
        if ends, hasNext {
            context.schemaError("There should only be one of the following fields: [Next, End]", at: scope.location)
        } else if !ends, !hasNext {
            context.schemaError("One of the following fields is required: [Next, End]", at: scope.location)
        }
    }
}

extension ValidationContext {
    /// `The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the
    /// 'JSONPath' QueryLanguage`, located at the state (or the object holding the field).
    mutating func reportOtherLanguageField(_ field: String, language: QueryLanguage, at location: Location) {
        schemaError(
            "The QueryLanguage is set to '\(language.name)', but field '\(field)' is only supported for the '\(language.other.name)' QueryLanguage",
            at: location)
    }

    /// A declared `QueryLanguage` must be the string `JSONPath` or `JSONata`.
    mutating func checkQueryLanguageValue(_ value: JSONValue, at location: Location) {
        guard expect(.string, value, at: location), case .string(let s) = value else { return }
        if s != "JSONPath", s != "JSONata" {
            schemaError("Value should be one of the following: [JSONPath, JSONata]", at: location)
        }
    }

    /// A `Next`, `Default` or `Catch[].Next` naming a state that is not in the same workflow.
    mutating func checkTransitionTarget(_ target: String, in siblings: JSONObject, at location: Location) {
        if siblings[target] == nil {
            graphError(DiagnosticCode.missingTransitionTarget, "Missing 'Next' target: \(target)", at: location)
        }
    }
}
