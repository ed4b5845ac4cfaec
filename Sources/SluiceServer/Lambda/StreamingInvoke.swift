import HTTPTypes
import Hummingbird
import NIOCore
import SluiceJSON
import SluiceLambda

/// InvokeWithResponseStream: 200 with an `application/vnd.amazon.eventstream` body — one
/// PayloadChunk frame per chunk the function writes, written and flushed the moment it arrives,
/// then InvokeComplete (`{}`, or ErrorCode/ErrorDetails; LogResult with `X-Amz-Log-Type: Tail`).
enum StreamingInvoke {
    static func invoke(
        _ reference: FunctionReference, _ options: InvokeOperations.Options, payload: [UInt8], requestId: String,
        _ service: LambdaService
    ) async throws(LambdaError) -> Response {
        let (_, function) = try await service.registry.runnable(reference)
        if options.invocationType == "DryRun" {
            return LambdaResponder.response(LambdaReply(status: 204, body: [], contentType: nil), requestId: requestId)
        }
        guard options.invocationType == "RequestResponse" else {
            throw LambdaError.invalidParameter(
                "1 validation error detected: Value '\(options.invocationType)' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, DryRun]"
            )
        }
        guard payload.count <= Invocation.payloadLimit else {
            throw LambdaError.requestTooLarge(limit: Invocation.payloadLimit, operation: "InvokeWithResponseStream")
        }
        let events = try await Invocation.start(function, payload: payload, clientContext: options.clientContext, service)
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.amazon.eventstream"
        LambdaResponder.set(&headers, "X-Amz-Executed-Version", "$LATEST")
        LambdaResponder.set(&headers, "x-amzn-RequestId", requestId)
        let tail = options.tail
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var completed: InvocationResult?
                for await event in events {
                    switch event {
                    case .responseStarted: break
                    case .chunk(let bytes):
                        try await writer.write(ByteBuffer(bytes: EventStreamMessage.payloadChunk(bytes).encoded))
                    case .completed(let result): completed = result
                    }
                }
                try await writer.write(ByteBuffer(bytes: EventStreamMessage.invokeComplete(complete(completed, tail: tail)).encoded))
                try await writer.finish(nil)
            })
    }

    /// InvokeComplete's payload.
    static func complete(_ result: InvocationResult?, tail: Bool) -> [UInt8] {
        var o = JSONObject()
        switch result?.outcome {
        case .success: break
        case .functionError(let type, let document):
            o["ErrorCode"] = .string(type)
            o["ErrorDetails"] = .string(String(decoding: document, as: UTF8.self))
        case nil:
            o["ErrorCode"] = "Unhandled"
            o["ErrorDetails"] = #"{"errorMessage":"The invocation ended without a result"}"#
        }
        if tail, let result { o["LogResult"] = .string(Invocation.logTail(result.log)) }
        return JSONValue.object(o).serializedBytes
    }
}
