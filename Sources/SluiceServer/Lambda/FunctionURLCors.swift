import HTTPTypes
import Hummingbird
import NIOCore
import SluiceJSON

/// A function URL's `Cors` configuration, applied as Lambda applies it: preflight requests are
/// answered without invoking the function, other answers get the Access-Control headers when the
/// request's Origin is allowed.
struct FunctionURLCors: Sendable {
    var allowOrigins: [String]
    var allowMethods: [String]
    var allowHeaders: [String]
    var exposeHeaders: [String]
    var maxAge: Int?
    var allowCredentials: Bool

    /// The configuration stored as JSON text, if any.
    init?(_ text: String?) {
        guard let text, let value = try? JSONValue(parsing: text), let o = value.objectValue else { return nil }
        func strings(_ key: String) -> [String] { o[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        allowOrigins = strings("AllowOrigins")
        allowMethods = strings("AllowMethods")
        allowHeaders = strings("AllowHeaders")
        exposeHeaders = strings("ExposeHeaders")
        maxAge = o["MaxAge"]?.numberValue?.intValue
        allowCredentials = o["AllowCredentials"]?.boolValue ?? false
    }

    /// The Access-Control-Allow-Origin value for a request's Origin, or nil when not allowed.
    func allowedOrigin(_ origin: String?) -> String? {
        guard let origin else { return nil }
        if allowOrigins.contains("*") { return allowCredentials ? origin : "*" }
        return allowOrigins.contains { $0.lowercased() == origin.lowercased() } ? origin : nil
    }

    static func isPreflight(_ request: FunctionURLEvent.HTTPRequest) -> Bool {
        request.method == "OPTIONS" && header(request, "access-control-request-method") != nil
    }

    static func header(_ request: FunctionURLEvent.HTTPRequest, _ name: String) -> String? {
        request.headers.first { $0.name.lowercased() == name }?.value
    }

    /// The answer to a preflight request.
    func preflight(_ request: FunctionURLEvent.HTTPRequest, requestId: String) -> Response {
        var headers = HTTPFields()
        LambdaResponder.set(&headers, "x-amzn-RequestId", requestId)
        if let origin = allowedOrigin(Self.header(request, "origin")) {
            LambdaResponder.set(&headers, "Access-Control-Allow-Origin", origin)
            if !allowMethods.isEmpty { LambdaResponder.set(&headers, "Access-Control-Allow-Methods", allowMethods.joined(separator: ",")) }
            if !allowHeaders.isEmpty { LambdaResponder.set(&headers, "Access-Control-Allow-Headers", allowHeaders.joined(separator: ",")) }
            if let maxAge { LambdaResponder.set(&headers, "Access-Control-Max-Age", String(maxAge)) }
            if allowCredentials { LambdaResponder.set(&headers, "Access-Control-Allow-Credentials", "true") }
        }
        return Response(status: .ok, headers: headers, body: ResponseBody())
    }

    /// Adds the Access-Control headers of an ordinary answer.
    func decorate(_ response: inout Response, _ request: FunctionURLEvent.HTTPRequest) {
        guard let origin = allowedOrigin(Self.header(request, "origin")) else { return }
        LambdaResponder.set(&response.headers, "Access-Control-Allow-Origin", origin)
        if !exposeHeaders.isEmpty {
            LambdaResponder.set(&response.headers, "Access-Control-Expose-Headers", exposeHeaders.joined(separator: ","))
        }
        if allowCredentials { LambdaResponder.set(&response.headers, "Access-Control-Allow-Credentials", "true") }
    }
}
