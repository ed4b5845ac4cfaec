public import SluiceJSON

/// Static validation of an Amazon States Language definition, with AWS's diagnostics word for word.
///
/// It works on the JSON document itself, so the typed model parser can assume a document that
/// produced no ERROR diagnostic.
public enum DefinitionValidator {
    /// Validates a parsed definition document. `jsonata`, when given, checks the syntax of every
    /// JSONata expression (StatesValidation itself only checks `{% … %}` framing).
    public static func validate(
        _ definition: JSONValue, type: StateMachineType = .standard, jsonata: JSONataExpressionChecker? = nil
    ) -> [Diagnostic] {
        var context = ValidationContext(machineType: type)
        context.jsonataChecker = jsonata
        MachineValidator.validateRoot(definition, in: &context)
        return context.allDiagnostics
    }

    /// Validates the definition of a single state, as the TestState API receives it. The state is
    /// checked as the only state of a machine, named `StateName` in locations; its `Next` may name
    /// any state (no transition-graph checks).
    public static func validateState(
        _ state: JSONValue, type: StateMachineType = .standard, jsonata: JSONataExpressionChecker? = nil
    ) -> [Diagnostic] {
        var context = ValidationContext(machineType: type)
        context.jsonataChecker = jsonata
        let states = JSONObject(uniqueMembers: [(key: "StateName", value: state)])
        StateValidator.validate(
            name: "StateName", state, at: Location.root.child("States").child("StateName"), siblings: states,
            nesting: 0, in: &context)
        return context.diagnostics
    }

    /// Validates definition text; JSON syntax errors become AWS's `INVALID_JSON_DESCRIPTION`.
    public static func validate(
        text: String, type: StateMachineType = .standard, jsonata: JSONataExpressionChecker? = nil
    ) -> [Diagnostic] {
        switch JSONTextReader.read(text) {
        case .success(let value): return validate(value, type: type, jsonata: jsonata)
        case .failure(let diagnostic): return [diagnostic]
        }
    }

    /// Whether the diagnostics refuse the definition (any ERROR).
    public static func isValid(_ diagnostics: [Diagnostic]) -> Bool {
        !diagnostics.contains { $0.severity == .error }
    }

    /// CreateStateMachine's `InvalidDefinition` message: every ERROR diagnostic rendered as
    /// `CODE: message at location`, joined with `, `, e.g.
    /// `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: … at /States/State0/Credentials'`.
    public static func invalidDefinitionMessage(_ diagnostics: [Diagnostic]) -> String {
        var out = "Invalid State Machine Definition: '"
        var first = true
        for diagnostic in diagnostics where diagnostic.severity == .error {
            if !first { out += ", " }
            first = false
            out += diagnostic.description
        }
        out += "'"
        return out
    }

    /// ValidateStateMachineDefinition's response body: `result` (OK/FAIL), `diagnostics` (filtered
    /// by `severity`: ERROR returns errors only, WARNING returns both) capped at `maxResults`
    /// (0 means the default, 100), and `truncated`.
    public static func validationResponse(
        _ diagnostics: [Diagnostic], severity: Diagnostic.Severity = .error, maxResults: Int = 0
    ) -> JSONValue {
        let cap = maxResults <= 0 ? 100 : maxResults
        let shown = diagnostics.filter { severity == .warning || $0.severity == .error }
        var list: [JSONValue] = []
        list.reserveCapacity(min(cap, shown.count))
        for diagnostic in shown.prefix(cap) {
            var object = JSONObject()
            object.appendUnique(key: "severity", value: .string(diagnostic.severity.rawValue))
            object.appendUnique(key: "code", value: .string(diagnostic.code))
            object.appendUnique(key: "message", value: .string(diagnostic.message))
            if let location = diagnostic.location { object.appendUnique(key: "location", value: .string(location)) }
            list.append(.object(object))
        }
        var response = JSONObject()
        response.appendUnique(key: "result", value: .string(isValid(diagnostics) ? "OK" : "FAIL"))
        response.appendUnique(key: "diagnostics", value: .array(list))
        response.appendUnique(key: "truncated", value: .bool(shown.count > cap))
        return .object(response)
    }
}

/// A refused definition: its ERROR diagnostics and CreateStateMachine's message for them.
public struct InvalidDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// `Invalid State Machine Definition: '…'`
    public var description: String { DefinitionValidator.invalidDefinitionMessage(diagnostics) }
}

extension DefinitionValidator {
    /// Throws when the definition has an ERROR diagnostic; returns the warnings otherwise.
    @discardableResult
    public static func requireValid(
        _ definition: JSONValue, type: StateMachineType = .standard, jsonata: JSONataExpressionChecker? = nil
    ) throws(InvalidDefinitionError) -> [Diagnostic] {
        let diagnostics = validate(definition, type: type, jsonata: jsonata)
        guard isValid(diagnostics) else {
            throw InvalidDefinitionError(diagnostics: diagnostics.filter { $0.severity == .error })
        }
        return diagnostics
    }
}
