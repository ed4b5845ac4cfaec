import SluiceJSON

/// An error of the Lambda REST API in the rest-json shape boto3 parses: the HTTP status, an
/// `x-amzn-ErrorType` header with the code and a body `{"Type": "User", "Message"|"message": …}`
/// (the member's case follows AWS's model for each error).
struct LambdaError: Error, Sendable, Hashable {
    var code: String
    var message: String
    var status: Int
    /// "User" for the caller's faults, "Service" for Sluice's.
    var type: String = "User"
    /// Extra body members (e.g. TooManyRequestsException's `Reason`).
    var reason: String? = nil

    /// The body: `Message` for the errors AWS spells so, `message` for the others.
    var body: [UInt8] {
        var o = JSONObject()
        o["Type"] = .string(type)
        let capitalised: Set<String> = ["ResourceNotFoundException", "ServiceException"]
        o[capitalised.contains(code) ? "Message" : "message"] = .string(message)
        if let reason { o["Reason"] = .string(reason) }
        return JSONValue.object(o).serializedBytes
    }

    static func functionNotFound(_ arn: String) -> LambdaError {
        LambdaError(code: "ResourceNotFoundException", message: "Function not found: \(arn)", status: 404)
    }

    static func resourceNotFound(_ message: String = "The resource you requested does not exist.") -> LambdaError {
        LambdaError(code: "ResourceNotFoundException", message: message, status: 404)
    }

    static func conflict(_ message: String) -> LambdaError {
        LambdaError(code: "ResourceConflictException", message: message, status: 409)
    }

    static func invalidParameter(_ message: String) -> LambdaError {
        LambdaError(code: "InvalidParameterValueException", message: message, status: 400)
    }

    static func invalidRequestContent(_ message: String) -> LambdaError {
        LambdaError(code: "InvalidRequestContentException", message: message, status: 400)
    }

    static func validation(_ message: String) -> LambdaError {
        LambdaError(code: "ValidationException", message: message, status: 400)
    }

    static func requestTooLarge(limit: Int, operation: String) -> LambdaError {
        LambdaError(
            code: "RequestEntityTooLargeException",
            message: "Request must be smaller than \(limit) bytes for the \(operation) operation", status: 413)
    }

    static func tooManyRequests(_ message: String) -> LambdaError {
        LambdaError(
            code: "TooManyRequestsException", message: message, status: 429,
            reason: "ReservedFunctionConcurrentInvocationLimitExceeded")
    }

    static func service(_ message: String) -> LambdaError {
        LambdaError(code: "ServiceException", message: message, status: 500, type: "Service")
    }

    static func unknownOperation() -> LambdaError {
        LambdaError(code: "UnknownOperationException", message: "Unknown operation", status: 404)
    }
}
