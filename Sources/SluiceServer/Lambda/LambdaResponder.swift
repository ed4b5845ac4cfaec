import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SluiceAPI

/// The HTTP edge of the Lambda REST API (rest-json) and of function URLs: routes by path and
/// method, reads the body, and answers with AWS's status codes, headers and error shape.
struct LambdaResponder: Sendable {
    let service: LambdaService
    /// CreateFunction and UpdateFunctionCode carry a base64 zip (AWS: 50 MB zipped → ~70 MB).
    static let codeBodyLimit = 69_905_067
    /// Invoke bodies above 6 MB are refused, but read up to here to say so.
    static let invokeBodyLimit = 6_291_456 + 1

    func respond(to request: Request, context: BasicRequestContext) async -> Response {
        let requestId = UUID().uuidString.lowercased()
        guard let route = LambdaRoute(path: request.uri.path) else {
            return Self.error(LambdaError.unknownOperation(), requestId: requestId)
        }
        do {
            return try await answer(route, request, requestId: requestId)
        } catch {
            return Self.error(error, requestId: requestId)
        }
    }

    private func answer(_ route: LambdaRoute, _ request: Request, requestId: String) async throws(LambdaError) -> Response {
        let method = request.method
        let query = Self.query(request.uri.query)
        let qualifier = query["Qualifier"]
        var request = request
        func reply(_ r: LambdaReply) -> Response { Self.response(r, requestId: requestId) }
        switch (route, method) {
        case (.functions, .get):
            return reply(try await FunctionOperations.list(query, service))
        case (.functions, .post):
            let body = try LambdaRequestBody(try await Self.body(&request, limit: Self.codeBodyLimit, operation: "CreateFunction"))
            return reply(try await FunctionOperations.create(body, service))
        case (.function(let name), .get):
            return reply(try await FunctionOperations.get(try FunctionReference(name, qualifier: qualifier), service))
        case (.function(let name), .delete):
            return reply(try await FunctionOperations.delete(try FunctionReference(name, qualifier: qualifier), service))
        case (.configuration(let name), .get):
            return reply(try await FunctionOperations.configuration(try FunctionReference(name, qualifier: qualifier), service))
        case (.configuration(let name), .put):
            let body = try LambdaRequestBody(try await Self.body(&request, limit: 1 << 20, operation: "UpdateFunctionConfiguration"))
            return reply(try await FunctionOperations.updateConfiguration(try FunctionReference(name), body, service))
        case (.code(let name), .put):
            let body = try LambdaRequestBody(try await Self.body(&request, limit: Self.codeBodyLimit, operation: "UpdateFunctionCode"))
            return reply(try await FunctionOperations.updateCode(try FunctionReference(name), body, service))
        case (.invocations(let name), .post):
            let reference = try FunctionReference(name, qualifier: qualifier)
            let options = try options(request)
            let payload = try await Self.body(&request, limit: Self.invokeBodyLimit, operation: "Invoke")
            return reply(try await InvokeOperations.invoke(reference, options, payload: payload, service))
        case (.streamingInvocations(let name), .post):
            let reference = try FunctionReference(name, qualifier: qualifier)
            let options = try options(request)
            let payload = try await Self.body(&request, limit: Self.invokeBodyLimit, operation: "InvokeWithResponseStream")
            return try await StreamingInvoke.invoke(reference, options, payload: payload, requestId: requestId, service)
        case (.url(let name), .post):
            let body = try LambdaRequestBody(try await Self.body(&request, limit: 1 << 20, operation: "CreateFunctionUrlConfig"))
            return reply(try await FunctionURLOperations.create(try FunctionReference(name, qualifier: qualifier), body, service))
        case (.url(let name), .get):
            return reply(try await FunctionURLOperations.get(try FunctionReference(name, qualifier: qualifier), service))
        case (.url(let name), .put):
            let body = try LambdaRequestBody(try await Self.body(&request, limit: 1 << 20, operation: "UpdateFunctionUrlConfig"))
            return reply(try await FunctionURLOperations.update(try FunctionReference(name, qualifier: qualifier), body, service))
        case (.url(let name), .delete):
            return reply(try await FunctionURLOperations.delete(try FunctionReference(name, qualifier: qualifier), service))
        case (.concurrency(let name), .put):
            let body = try LambdaRequestBody(try await Self.body(&request, limit: 1 << 20, operation: "PutFunctionConcurrency"))
            return reply(try await FunctionOperations.putConcurrency(try FunctionReference(name), body, service))
        case (.concurrency(let name), .get):
            return reply(try await FunctionOperations.getConcurrency(try FunctionReference(name), service))
        case (.concurrency(let name), .delete):
            return reply(try await FunctionOperations.deleteConcurrency(try FunctionReference(name), service))
        case (.functionURL(let name, let rawPath), _):
            let body = try await Self.body(&request, limit: Self.invokeBodyLimit, operation: "Invoke")
            let http = FunctionURLEvent.HTTPRequest(
                method: method.rawValue, rawPath: rawPath, rawQuery: request.uri.query ?? "",
                headers: request.headers.map { ($0.name.canonicalName, $0.value) }, body: body, sourceIp: "127.0.0.1")
            return await FunctionURLInvoke.serve(name: name, http, requestId: requestId, service)
        default:
            throw LambdaError.unknownOperation()
        }
    }

    private func options(_ request: Request) throws(LambdaError) -> InvokeOperations.Options {
        try InvokeOperations.Options(
            invocationType: Self.header(request, "X-Amz-Invocation-Type"), logType: Self.header(request, "X-Amz-Log-Type"),
            clientContext: Self.header(request, "X-Amz-Client-Context"))
    }

    // MARK: HTTP helpers

    static func header(_ request: Request, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { request.headers[$0] }
    }

    static func set(_ headers: inout HTTPFields, _ name: String, _ value: String) {
        if let field = HTTPField.Name(name) { headers[field] = value }
    }

    /// The request body, refused with RequestEntityTooLargeException above `limit`.
    static func body(_ request: inout Request, limit: Int, operation: String) async throws(LambdaError) -> [UInt8] {
        do {
            let buffer = try await request.collectBody(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw LambdaError.requestTooLarge(limit: limit == invokeBodyLimit ? limit - 1 : limit, operation: operation)
        }
    }

    static func query(_ raw: String?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (raw ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            out[key] = value
        }
        return out
    }

    static func response(_ reply: LambdaReply, requestId: String) -> Response {
        var headers = HTTPFields()
        if let type = reply.contentType { headers[.contentType] = type }
        set(&headers, "x-amzn-RequestId", requestId)
        for header in reply.headers { set(&headers, header.name, header.value) }
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    static func error(_ error: LambdaError, requestId: String) -> Response {
        response(
            LambdaReply(status: error.status, headers: [("x-amzn-ErrorType", error.code)], body: error.body),
            requestId: requestId)
    }
}
