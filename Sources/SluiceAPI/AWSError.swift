/// An error answered in the AWS JSON 1.0 shape: HTTP status, `x-amzn-ErrorType` header and a body
/// `{"__type": …, "message": …}`. The messages follow AWS's wording.
public struct AWSError: Error, Sendable, Hashable {
    /// The error code (`InvalidArn`, `ValidationException`, …), without namespace.
    public var code: String
    public var message: String
    /// HTTP status code (400 for every client error of Step Functions but a few).
    public var status: Int
    /// The namespace AWS prefixes to `__type` for this code.
    public var namespace: String

    public init(_ code: String, _ message: String, status: Int = 400, namespace: String = AWSError.serviceNamespace) {
        self.code = code
        self.message = message
        self.status = status
        self.namespace = namespace
    }

    /// The Step Functions model namespace.
    public static let serviceNamespace = "com.amazonaws.swf.service.v2.model"

    /// `__type` as AWS writes it: `namespace#Code`.
    public var typeName: String { "\(namespace)#\(code)" }

    /// The `x-amzn-ErrorType` header value.
    public var errorTypeHeader: String { "\(code):http://internal.amazon.com/coral/\(namespace)/" }
}

extension AWSError {
    // MARK: Protocol-level errors (Coral)

    public static func unknownOperation(_ target: String?) -> AWSError {
        AWSError("UnknownOperationException", "", namespace: "com.amazon.coral.service")
    }

    public static func serialization(_ message: String = "") -> AWSError {
        AWSError("SerializationException", message, namespace: "com.amazon.coral.service")
    }

    public static func missingAction() -> AWSError {
        AWSError("MissingAction", "Missing Action", namespace: "com.amazon.coral.service")
    }

    public static func requestTooLarge(limit: Int) -> AWSError {
        AWSError(
            "RequestEntityTooLargeException", "Request entity of more than \(limit) bytes is too large",
            status: 413, namespace: "com.amazon.coral.service")
    }

    public static func internalFailure(_ message: String = "An internal error occurred.") -> AWSError {
        AWSError("InternalFailure", message, status: 500, namespace: "com.amazon.coral.service")
    }

    // MARK: Constraint violations: "1 validation error detected: …"

    public static func validation(_ message: String) -> AWSError {
        AWSError("ValidationException", message, namespace: "com.amazon.coral.validate")
    }

    /// `1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null`
    public static func missingField(_ field: String) -> AWSError {
        validation("1 validation error detected: Value null at '\(field)' failed to satisfy constraint: Member must not be null")
    }

    /// A constraint on one member, e.g. `Member must have length less than or equal to 80`.
    public static func constraint(field: String, value: String, _ constraint: String) -> AWSError {
        validation("1 validation error detected: Value '\(value)' at '\(field)' failed to satisfy constraint: \(constraint)")
    }

    // MARK: Step Functions errors

    public static func invalidArn(_ detail: String) -> AWSError { AWSError("InvalidArn", "Invalid Arn: '\(detail)'") }
    public static func invalidName(_ name: String) -> AWSError { AWSError("InvalidName", "Invalid Name: '\(name)'") }
    public static func invalidDefinition(_ message: String) -> AWSError { AWSError("InvalidDefinition", message) }
    public static func invalidToken(_ detail: String) -> AWSError { AWSError("InvalidToken", "Invalid Token: '\(detail)'") }
    public static func invalidExecutionInput(_ detail: String) -> AWSError {
        AWSError("InvalidExecutionInput", "Invalid State Machine Execution Input: '\(detail)'")
    }
    public static func stateMachineDoesNotExist(_ arn: String) -> AWSError {
        AWSError("StateMachineDoesNotExist", "State Machine Does Not Exist: '\(arn)'")
    }
    public static func stateMachineAlreadyExists(_ arn: String) -> AWSError {
        AWSError("StateMachineAlreadyExists", "State Machine Already Exists: '\(arn)'")
    }
    public static func stateMachineDeleting(_ arn: String) -> AWSError {
        AWSError("StateMachineDeleting", "State Machine is being deleted: '\(arn)'")
    }
    public static func executionDoesNotExist(_ arn: String) -> AWSError {
        AWSError("ExecutionDoesNotExist", "Execution Does Not Exist: '\(arn)'")
    }
    public static func executionAlreadyExists(_ arn: String) -> AWSError {
        AWSError("ExecutionAlreadyExists", "Execution Already Exists: '\(arn)'")
    }
    public static func stateMachineTypeNotSupported() -> AWSError {
        AWSError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
    }
    public static func missingRequiredParameter(_ message: String) -> AWSError {
        AWSError("MissingRequiredParameter", message)
    }
}
