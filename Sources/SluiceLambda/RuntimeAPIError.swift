import SluiceJSON

/// An error answer of the Runtime API to a runtime (RIE's status codes, types and messages).
struct RuntimeAPIError: Error, Sendable, Equatable {
    var status: Int
    var errorType: String
    var message: String

    static let invalidRequestID = RuntimeAPIError(status: 400, errorType: "InvalidRequestID", message: "Invalid request ID")
    static let invalidStateTransition = RuntimeAPIError(
        status: 403, errorType: "InvalidStateTransition", message: "State transition is not allowed")
    static let invalidResponseMode = RuntimeAPIError(
        status: 400, errorType: "InvalidFunctionResponseMode",
        message: "Invalid function response mode: only streaming is supported")
    static let entityTooLarge = RuntimeAPIError(
        status: 413, errorType: "RequestEntityTooLarge",
        message: "Exceeded maximum allowed payload size (\(RuntimeAPILimits.maxBufferedPayload) bytes).")
    static let notFound = RuntimeAPIError(status: 404, errorType: "NotFound", message: "Not found")
    static let environmentGone = RuntimeAPIError(
        status: 500, errorType: "InternalServerError", message: "The execution environment is shutting down")

    /// `{"errorMessage":…,"errorType":…}`
    var body: [UInt8] {
        JSONValue.object(["errorMessage": .string(message), "errorType": .string(errorType)]).serializedBytes
    }
}
