/// One finding of definition validation, in the shape of ValidateStateMachineDefinition's diagnostics.
///
/// `location` is a JSON-pointer-like path into the definition (`/States/State0/Credentials`,
/// `/States/C/Choices[0]/Next`); `nil` when AWS reports none (a workflow without a terminal state).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is: an ERROR refuses the definition, a WARNING does not.
    public enum Severity: String, Sendable, Hashable {
        case error = "ERROR"
        case warning = "WARNING"
    }

    public var severity: Severity
    /// AWS's diagnostic code, e.g. `SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`.
    public var code: String
    public var message: String
    public var location: String?

    public init(severity: Severity = .error, code: String, message: String, location: String?) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    /// The diagnostic as CreateStateMachine renders it inside its error message:
    /// `CODE: message at location` (AWS prints `null` for a missing location).
    public var description: String {
        if code == DiagnosticCode.invalidJSON { return "\(code): \(message)" }
        return "\(code): \(message) at \(location ?? "null")"
    }
}

/// The diagnostic codes AWS documents for ValidateStateMachineDefinition.
public enum DiagnosticCode {
    public static let schemaValidationFailed = "SCHEMA_VALIDATION_FAILED"
    public static let invalidJSON = "INVALID_JSON_DESCRIPTION"
    public static let missingTransitionTarget = "MISSING_TRANSITION_TARGET"
    public static let missingEndState = "MISSING_END_STATE"
    public static let invalidStateName = "INVALID_STATE_NAME"
    public static let duplicateStateName = "DUPLICATE_STATE_NAME"
    public static let invalidLabelName = "INVALID_LABEL_NAME"
    public static let tooDeeplyNested = "TOO_DEEPLY_NESTED"
    public static let invalidJSONataExpression = "INVALID_JSONATA_EXPRESSION"
    public static let unsupportedJSONataExpression = "UNSUPPORTED_JSONATA_EXPRESSION"
}

/// The two kinds of state machine; EXPRESS refuses activities, `.sync` and `.waitForTaskToken`.
public enum StateMachineType: String, Sendable, Hashable {
    case standard = "STANDARD"
    case express = "EXPRESS"
}
