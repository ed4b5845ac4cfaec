import Foundation
import SluiceLambda
import SluiceStore

/// One invocation run to its end: the response bytes and how it ended.
struct CompletedInvocation: Sendable {
    var payload: [UInt8]
    var result: InvocationResult
    /// The runtime's Content-Type, if it gave one.
    var contentType: String?

    var functionError: (type: String, document: [UInt8])? {
        if case .functionError(let type, let document) = result.outcome { return (type, document) }
        return nil
    }

    /// The last 4 KB of the log, base64 (`X-Amz-Log-Result`, InvokeComplete's LogResult).
    var logTail: String { Invocation.logTail(result.log) }
}

/// Starting invocations on the host, with the limits and errors of the Invoke API.
enum Invocation {
    /// Synchronous request payloads (and responses) are limited to 6 MB.
    static let payloadLimit = 6_291_456
    /// A response larger than this is a function error (AWS's limit is 6 MB plus a little).
    static let responseLimit = 6_291_556
    /// Event (asynchronous) invocations take at most 1 MB.
    static let eventPayloadLimit = 1_048_576

    static func logTail(_ log: [UInt8]) -> String { Data(log.suffix(4096)).base64EncodedString() }

    /// Starts an invocation; the host's refusals become AWS errors.
    static func start(
        _ function: LambdaFunction, payload: [UInt8], clientContext: String?, requestId: String? = nil,
        _ service: LambdaService
    ) async throws(LambdaError) -> AsyncStream<InvocationEvent> {
        let request = InvocationRequest(
            payload: payload, invokedFunctionArn: function.arn, clientContext: clientContext,
            traceId: "Root=1-\(String(Int(Date().timeIntervalSince1970), radix: 16))-\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(24).lowercased());Sampled=0",
            requestId: requestId)
        if function.concurrencyLimit == 0 {
            throw LambdaError.tooManyRequests("Rate Exceeded.")
        }
        do {
            return try await service.host.invoke(function, request)
        } catch {
            switch error {
            case .tooManyRequests(let message): throw LambdaError.tooManyRequests(message)
            case .requestTooLarge: throw LambdaError.requestTooLarge(limit: payloadLimit, operation: "Invoke")
            case .serviceError(let message): throw LambdaError.service(message)
            }
        }
    }

    /// Runs an invocation to its end, collecting its response (an oversized one becomes AWS's error).
    /// With `waitForCapacity`, a function whose processes are all busy is waited for (up to 15
    /// minutes) instead of answering TooManyRequestsException: Step Functions tasks and Event
    /// invocations queue, as they would under AWS's far larger account concurrency.
    static func run(
        _ function: LambdaFunction, payload: [UInt8], clientContext: String? = nil, requestId: String? = nil,
        waitForCapacity: Bool = false, _ service: LambdaService
    ) async throws(LambdaError) -> CompletedInvocation {
        var delay: UInt64 = 5_000_000
        let deadline = ContinuousClock.now + .seconds(900)
        while true {
            do {
                let events = try await start(
                    function, payload: payload, clientContext: clientContext, requestId: requestId, service)
                return await collect(events)
            } catch {
                guard waitForCapacity, error.code == "TooManyRequestsException", ContinuousClock.now < deadline else {
                    throw error
                }
                try? await Task.sleep(nanoseconds: delay)
                delay = min(delay * 2, 100_000_000)
            }
        }
    }

    /// Collects an invocation's events.
    static func collect(_ events: AsyncStream<InvocationEvent>) async -> CompletedInvocation {
        var body: [UInt8] = []
        var contentType: String?
        var oversized = false
        var result = InvocationResult(
            outcome: .functionError(type: "Unhandled", document: Array(#"{"errorMessage":"The invocation ended without a result"}"#.utf8)),
            log: [], requestId: "")
        for await event in events {
            switch event {
            case .responseStarted(let type, _): contentType = type
            case .chunk(let bytes):
                if body.count + bytes.count > responseLimit {
                    oversized = true
                } else {
                    body.append(contentsOf: bytes)
                }
            case .completed(let r): result = r
            }
        }
        if oversized, case .success = result.outcome {
            let document =
                #"{"errorMessage":"Response payload size exceeded maximum allowed payload size (\#(responseLimit) bytes).","errorType":"Function.ResponseSizeTooLarge"}"#
            result.outcome = .functionError(type: "Function.ResponseSizeTooLarge", document: Array(document.utf8))
            body = []
        }
        if case .functionError(_, let document) = result.outcome { body = document }
        return CompletedInvocation(payload: body, result: result, contentType: contentType)
    }
}
