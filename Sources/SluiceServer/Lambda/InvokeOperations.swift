import Foundation
import Logging
import SluiceLambda

/// Invoke: RequestResponse (the function's answer), Event (202, run in the background with AWS's
/// two retries on error) and DryRun (204).
enum InvokeOperations {
    /// What the X-Amz-* request headers of Invoke and InvokeWithResponseStream say.
    struct Options: Sendable {
        let invocationType: String
        var tail: Bool
        let clientContext: String?

        init(invocationType: String?, logType: String?, clientContext: String?) throws(LambdaError) {
            let type = invocationType ?? "RequestResponse"
            guard ["RequestResponse", "Event", "DryRun"].contains(type) else {
                throw LambdaError.invalidParameter(
                    "1 validation error detected: Value '\(type)' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
                )
            }
            if let logType, !["None", "Tail"].contains(logType) {
                throw LambdaError.invalidParameter(
                    "1 validation error detected: Value '\(logType)' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]"
                )
            }
            self.invocationType = type
            self.tail = logType == "Tail"
            if let clientContext, !clientContext.isEmpty {
                guard let data = Data(base64Encoded: clientContext), let text = String(data: data, encoding: .utf8) else {
                    throw LambdaError.invalidRequestContent("Client context must be a valid Base64-encoded JSON object.")
                }
                self.clientContext = text
            } else {
                self.clientContext = nil
            }
        }
    }

    /// Delays before the two retries of a failed Event invocation (AWS: about 1 and 2 minutes).
    static let retryDelaysSeconds: [Double] = [60, 120]

    static func invoke(_ reference: FunctionReference, _ options: Options, payload: [UInt8], _ service: LambdaService)
        async throws(LambdaError) -> LambdaReply
    {
        let (_, function) = try await service.registry.runnable(reference)
        switch options.invocationType {
        case "DryRun":
            return LambdaReply(status: 204, body: [], contentType: nil)
        case "Event":
            guard payload.count <= Invocation.eventPayloadLimit else {
                throw LambdaError.requestTooLarge(limit: Invocation.eventPayloadLimit, operation: "Invoke")
            }
            startInBackground(function, payload: payload, clientContext: options.clientContext, service)
            return LambdaReply(status: 202, body: [], contentType: nil)
        default:
            guard payload.count <= Invocation.payloadLimit else {
                throw LambdaError.requestTooLarge(limit: Invocation.payloadLimit, operation: "Invoke")
            }
            let completed = try await Invocation.run(function, payload: payload, clientContext: options.clientContext, service)
            var headers: [(name: String, value: String)] = [("X-Amz-Executed-Version", completed.result.executedVersion)]
            if completed.functionError != nil { headers.append(("X-Amz-Function-Error", "Unhandled")) }
            if options.tail { headers.append(("X-Amz-Log-Result", completed.logTail)) }
            return LambdaReply(status: 200, headers: headers, body: completed.payload)
        }
    }

    /// An Event invocation: runs now, and after a function error twice more, after AWS's delays
    /// (scaled by --time-scale; at once in virtual time).
    private static func startInBackground(
        _ function: LambdaFunction, payload: [UInt8], clientContext: String?, _ service: LambdaService
    ) {
        let requestId = UUID().uuidString.lowercased()
        Task {
            for attempt in 0...retryDelaysSeconds.count {
                if attempt > 0 {
                    let seconds = retryDelaysSeconds[attempt - 1] * service.timeScale
                    if seconds > 0 { try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
                }
                do throws(LambdaError) {
                    let completed = try await Invocation.run(
                        function, payload: payload, clientContext: clientContext, requestId: requestId,
                        waitForCapacity: true, service)
                    guard let error = completed.functionError else { return }
                    service.logger.info("asynchronous invocation of \(function.name) failed (\(error.type)), attempt \(attempt + 1)")
                } catch {
                    service.logger.info("asynchronous invocation of \(function.name) refused: \(error.message)")
                }
            }
        }
    }
}
