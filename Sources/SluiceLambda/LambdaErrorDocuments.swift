import SluiceJSON

/// The error documents Lambda returns as the Invoke payload for failures the platform detects
/// (timeouts, crashes, bad entry points, oversized responses), with AWS's texts.
enum LambdaErrorDocuments {
    /// A document `{"errorType":…,"errorMessage":…}` (AWS's member order for platform errors).
    static func document(type: String, message: String) -> [UInt8] {
        JSONValue.object(["errorType": .string(type), "errorMessage": .string(message)]).serializedBytes
    }

    /// `Sandbox.Timedout`: `RequestId: <id> Error: Task timed out after 3.00 seconds`.
    static func timeout(requestId: String, seconds: Int) -> InvocationOutcome {
        .functionError(
            type: "Sandbox.Timedout",
            document: document(
                type: "Sandbox.Timedout",
                message: "RequestId: \(requestId) Error: Task timed out after \(seconds).00 seconds"))
    }

    /// `Runtime.ExitError`: the process ended while it owed a response.
    static func exit(requestId: String, status: ProcessEnd) -> InvocationOutcome {
        .functionError(
            type: "Runtime.ExitError",
            document: document(type: "Runtime.ExitError", message: exitMessage(requestId: requestId, status: status)))
    }

    static func exitMessage(requestId: String, status: ProcessEnd) -> String {
        "RequestId: \(requestId) Error: Runtime exited with error: \(status.description)"
    }

    /// `Runtime.InvalidEntrypoint`: no bootstrap, or it cannot be executed.
    static func invalidEntrypoint(requestId: String, detail: String) -> InvocationOutcome {
        .functionError(
            type: "Runtime.InvalidEntrypoint",
            document: document(type: "Runtime.InvalidEntrypoint", message: "RequestId: \(requestId) Error: \(detail)"))
    }

    /// A buffered response over `RuntimeAPILimits.maxBufferedPayload`.
    static func responseTooLarge() -> InvocationOutcome {
        .functionError(
            type: "Function.ResponseSizeTooLarge",
            document: document(
                type: "Function.ResponseSizeTooLarge",
                message: "Response payload size exceeded maximum allowed payload size (\(RuntimeAPILimits.maxBufferedPayload) bytes)."))
    }

    /// The runtime sent a `Lambda-Runtime-Function-Response-Mode` other than `streaming`.
    static func invalidResponseMode(_ mode: String) -> InvocationOutcome {
        .functionError(
            type: "Runtime.InvalidResponseModeHeader",
            document: document(
                type: "Runtime.InvalidResponseModeHeader",
                message: "Invalid Lambda-Runtime-Function-Response-Mode header: \(mode)"))
    }

    /// The outcome of a runtime's `/error` or `/init/error` post: the body as the document (AWS returns
    /// it verbatim), the type from its `errorType`, else the header, else `fallback`.
    static func posted(body: [UInt8], headerType: String?, fallback: String) -> InvocationOutcome {
        var type: String?
        if let value = try? JSONValue(parsing: body, maxDepth: 64), let errorType = value["errorType"]?.stringValue,
            !errorType.isEmpty
        {
            type = errorType
        }
        let resolvedType = type ?? headerType.flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        let document = body.isEmpty ? Self.document(type: resolvedType, message: "") : body
        return .functionError(type: resolvedType, document: document)
    }
}

/// Why a process ended: an exit status or a signal, worded as Lambda words it (`exit status 1`,
/// `signal: killed`).
enum ProcessEnd: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    var description: String {
        switch self {
        case .exited(let status): return "exit status \(status)"
        case .signaled(let signal):
            let names: [Int32: String] = [
                9: "killed", 15: "terminated", 11: "segmentation fault", 6: "aborted", 2: "interrupt", 1: "hangup",
                13: "broken pipe", 7: "bus error", 4: "illegal instruction", 8: "floating point exception",
            ]
            return "signal: \(names[signal] ?? "signal \(signal)")"
        }
    }
}

/// Limits of the Runtime API (RIE's values).
enum RuntimeAPILimits {
    /// Largest buffered `/response` body: 6 MiB + 100 bytes.
    static let maxBufferedPayload = 6 * 1024 * 1024 + 100
    /// Largest `/error` or `/init/error` body kept (the rest is dropped).
    static let maxErrorBody = 1024 * 1024
    /// Largest Invoke request payload (RequestTooLargeException above it).
    static let maxRequestPayload = 6 * 1024 * 1024
}
