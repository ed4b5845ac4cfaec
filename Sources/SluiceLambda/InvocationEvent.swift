/// What an invocation produces, in order: at most one `.responseStarted`, any number of `.chunk`,
/// then exactly one `.completed`, last.
public enum InvocationEvent: Sendable {
    /// The runtime began its /response: its Content-Type and whether it is in streaming mode.
    case responseStarted(contentType: String?, streaming: Bool)
    /// Response bytes, forwarded the moment they are read from the runtime (one per HTTP chunk read).
    case chunk([UInt8])
    case completed(InvocationResult)
}

/// The end of an invocation: its outcome and its log.
public struct InvocationResult: Sendable {
    public var outcome: InvocationOutcome
    /// The invocation's log (the process's stdout+stderr while it ran, plus START/END/REPORT lines
    /// as AWS writes them); the API layer keeps its last 4 KB for `X-Amz-Log-Type: Tail`.
    public var log: [UInt8]
    /// `$LATEST`
    public var executedVersion: String
    /// The request id the runtime saw.
    public var requestId: String

    public init(outcome: InvocationOutcome, log: [UInt8], executedVersion: String = "$LATEST", requestId: String) {
        self.outcome = outcome
        self.log = log
        self.executedVersion = executedVersion
        self.requestId = requestId
    }
}

/// How an invocation ended.
public enum InvocationOutcome: Sendable {
    case success
    /// A function error: the error type (`errorType` of the body, else the runtime's
    /// Lambda-Runtime-Function-Error-Type, else "Unhandled") and the error document as AWS returns
    /// it as the Invoke payload ({"errorMessage":…,"errorType":…,"stackTrace":[…]}).
    /// Timeouts, crashes and init failures are function errors too, with AWS's texts.
    case functionError(type: String, document: [UInt8])
}

/// Errors raised before an invocation starts (the API maps them to AWS errors).
public enum LambdaInvokeError: Error, Sendable, Equatable {
    /// Concurrency exhausted → TooManyRequestsException (429).
    case tooManyRequests(String)
    /// Payload over 6 MB → RequestTooLargeException (413).
    case requestTooLarge(String)
    /// Cannot start a process, etc. → ServiceException.
    case serviceError(String)
}
