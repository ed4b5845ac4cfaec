import SluiceDigest
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SluiceAPI
import SluiceJSON
import SluiceStore
import SluiceLambda

/// Serves a function URL: builds the payload 2.0 event, invokes, and answers as AWS does —
/// BUFFERED interprets the function's result (`{statusCode, headers, body, isBase64Encoded,
/// cookies}` or a plain value); RESPONSE_STREAM forwards each chunk the moment it arrives, with
/// status and headers from the `application/vnd.awslambda.http-integration-response` prelude.
enum FunctionURLInvoke {
    static let preludeContentType = "application/vnd.awslambda.http-integration-response"
    /// The prelude and its 8 NUL bytes must come within the first 16 KB.
    static let preludeLimit = 16 * 1024

    static func serve(
        name: String, _ request: FunctionURLEvent.HTTPRequest, requestId: String, _ service: LambdaService
    ) async -> Response {
        guard FunctionReference.isValidName(name), let url = await service.registry.url(functionName: name),
            let (_, function) = try? await service.registry.runnable(FunctionReference(name))
        else {
            return plain(403, #"{"Message":"Forbidden"}"#, requestId: requestId)
        }
        let cors = FunctionURLCors(url.cors)
        if let cors, FunctionURLCors.isPreflight(request) { return cors.preflight(request, requestId: requestId) }
        var response = await answer(request, url: url, function: function, requestId: requestId, service)
        cors?.decorate(&response, request)
        return response
    }

    /// The answer of the function behind the URL.
    private static func answer(
        _ request: FunctionURLEvent.HTTPRequest, url: FunctionURLRecord, function: LambdaFunction, requestId: String,
        _ service: LambdaService
    ) async -> Response {
        let name = function.name
        if url.authType == "AWS_IAM", !isSigned(request) {
            return plain(403, #"{"Message":"Forbidden"}"#, requestId: requestId)
        }
        guard request.body.count <= Invocation.payloadLimit else {
            return plain(413, #"{"Message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}"#, requestId: requestId)
        }
        let event = FunctionURLEvent.make(
            request, urlId: urlId(name), accountId: service.location.account, authType: url.authType, requestId: requestId,
            nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        let events: AsyncStream<InvocationEvent>
        do {
            events = try await Invocation.start(function, payload: event.serializedBytes, clientContext: nil, service)
        } catch {
            if error.status == 429 { return plain(429, #"{"Message":"Rate Exceeded."}"#, requestId: requestId) }
            return plain(502, #"{"Message":"Internal Server Error"}"#, requestId: requestId)
        }
        if url.invokeMode == "RESPONSE_STREAM" { return await stream(events, requestId: requestId) }
        return buffered(await Invocation.collect(events), requestId: requestId)
    }

    /// AWS_IAM URLs take SigV4-signed requests (an `Authorization: AWS4-HMAC-SHA256 …` header or a
    /// presigned `X-Amz-Signature` query); the signature itself is not checked.
    static func isSigned(_ request: FunctionURLEvent.HTTPRequest) -> Bool {
        if request.headers.contains(where: { $0.name.lowercased() == "authorization" && $0.value.hasPrefix("AWS4-HMAC-SHA256") }) {
            return true
        }
        return request.rawQuery.split(separator: "&").contains { $0.hasPrefix("X-Amz-Signature=") }
    }

    /// A stable 32-character id for the URL (AWS's url-id).
    static func urlId(_ name: String) -> String {
        Digest.hex(Array(Digest.sha256(Array(name.utf8)).prefix(16)))
    }

    // MARK: BUFFERED

    static func buffered(_ completed: CompletedInvocation, requestId: String) -> Response {
        if completed.functionError != nil { return plain(502, "Internal Server Error", requestId: requestId) }
        var headers = HTTPFields()
        LambdaResponder.set(&headers, "x-amzn-RequestId", requestId)
        guard let value = try? JSONValue(parsing: completed.payload), case .object(let o) = value, o["statusCode"] != nil
        else {
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: completed.payload)))
        }
        guard let status = o["statusCode"]?.numberValue?.intValue, status >= 100, status <= 599 else {
            return plain(502, "Internal Server Error", requestId: requestId)
        }
        if let fields = o["headers"]?.objectValue {
            for member in fields {
                LambdaResponder.set(&headers, member.key, scalarText(member.value))
            }
        }
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        for cookie in o["cookies"]?.arrayValue ?? [] {
            if let text = cookie.stringValue { headers.append(HTTPField(name: .setCookie, value: text)) }
        }
        var body: [UInt8] = []
        if let text = o["body"]?.stringValue {
            if o["isBase64Encoded"]?.boolValue == true {
                body = Data(base64Encoded: text).map(Array.init) ?? []
            } else {
                body = Array(text.utf8)
            }
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func scalarText(_ value: JSONValue) -> String {
        if let s = value.stringValue { return s }
        return value.serialized
    }

    // MARK: RESPONSE_STREAM

    /// The response head once known, and the body chunks that follow it.
    private enum Head: Sendable {
        case head(status: Int, fields: [(name: String, value: String)])
        case failed
    }

    static func stream(_ events: AsyncStream<InvocationEvent>, requestId: String) async -> Response {
        let (body, bodyWriter) = AsyncStream<[UInt8]>.makeStream()
        let head: Head = await withCheckedContinuation { (headContinuation: CheckedContinuation<Head, Never>) in
            Task {
                var reader = HeadReader(headContinuation)
                for await event in events {
                    switch event {
                    case .responseStarted(let contentType, _): reader.started(contentType)
                    case .chunk(let bytes):
                        if let rest = reader.consume(bytes), !rest.isEmpty { bodyWriter.yield(rest) }
                    case .completed(let result):
                        reader.completed(result)
                    }
                }
                reader.completed(nil)
                bodyWriter.finish()
            }
        }
        switch head {
        case .failed:
            return plain(502, #"{"Message":"Internal Server Error"}"#, requestId: requestId)
        case .head(let status, let fields):
            var headers = HTTPFields()
            for field in fields {
                if field.name.lowercased() == "set-cookie" {
                    headers.append(HTTPField(name: .setCookie, value: field.value))
                } else {
                    LambdaResponder.set(&headers, field.name, field.value)
                }
            }
            LambdaResponder.set(&headers, "x-amzn-RequestId", requestId)
            return Response(
                status: HTTPResponse.Status(code: status), headers: headers,
                body: ResponseBody { writer in
                    for await chunk in body {
                        try await writer.write(ByteBuffer(bytes: chunk))
                    }
                    try await writer.finish(nil)
                })
        }
    }

    /// Reads the start of a streamed response until the HTTP head is known.
    private struct HeadReader {
        let continuation: CheckedContinuation<Head, Never>
        var resumed = false
        /// The head failed (502): the rest of the stream is dropped.
        var failed = false
        var contentType: String?
        var buffer: [UInt8] = []

        init(_ continuation: CheckedContinuation<Head, Never>) { self.continuation = continuation }

        mutating func started(_ type: String?) { contentType = type }

        /// The body bytes to forward (nil while the head is not known yet).
        mutating func consume(_ bytes: [UInt8]) -> [UInt8]? {
            if resumed { return failed ? nil : bytes }
            guard contentType == FunctionURLInvoke.preludeContentType else {
                resume(.head(status: 200, fields: [("Content-Type", contentType ?? "application/octet-stream")]))
                return bytes
            }
            buffer += bytes
            if let end = delimiter(in: buffer) {
                guard let head = prelude(Array(buffer[..<end])) else {
                    resume(.failed)
                    return nil
                }
                resume(head)
                return Array(buffer[(end + 8)...])
            }
            if buffer.count > FunctionURLInvoke.preludeLimit { resume(.failed) }
            return nil
        }

        mutating func completed(_ result: InvocationResult?) {
            guard !resumed else { return }
            if let result, case .functionError = result.outcome {
                resume(.failed)
            } else if buffer.isEmpty {
                // No byte (or an http-integration response that never wrote): 200 without custom headers.
                resume(.head(status: 200, fields: [("Content-Type", contentType == FunctionURLInvoke.preludeContentType ? "application/octet-stream" : contentType ?? "application/octet-stream")]))
            } else {
                resume(.failed)
            }
        }

        private mutating func resume(_ head: Head) {
            guard !resumed else { return }
            resumed = true
            if case .failed = head { failed = true }
            continuation.resume(returning: head)
        }

        private func delimiter(in bytes: [UInt8]) -> Int? {
            var run = 0
            for (i, b) in bytes.enumerated() {
                run = b == 0 ? run + 1 : 0
                if run == 8 { return i - 7 }
            }
            return nil
        }

        private func prelude(_ bytes: [UInt8]) -> Head? {
            guard let value = try? JSONValue(parsing: bytes), case .object(let o) = value else { return nil }
            let status = o["statusCode"]?.numberValue?.intValue ?? 200
            guard status >= 100, status <= 599 else { return nil }
            var fields: [(name: String, value: String)] = []
            for member in o["headers"]?.objectValue ?? JSONObject() {
                fields.append((member.key, member.value.stringValue ?? member.value.serialized))
            }
            for member in o["multiValueHeaders"]?.objectValue ?? JSONObject() {
                for item in member.value.arrayValue ?? [] { fields.append((member.key, item.stringValue ?? item.serialized)) }
            }
            for cookie in o["cookies"]?.arrayValue ?? [] {
                if let text = cookie.stringValue { fields.append(("Set-Cookie", text)) }
            }
            if !fields.contains(where: { $0.name.lowercased() == "content-type" }) {
                fields.append(("Content-Type", "application/octet-stream"))
            }
            return .head(status: status, fields: fields)
        }
    }

    static func plain(_ status: Int, _ text: String, requestId: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        LambdaResponder.set(&headers, "x-amzn-RequestId", requestId)
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
