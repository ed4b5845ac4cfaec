import Foundation
import HTTPTypes
import SluiceJSON

/// The event a function URL hands its function: API Gateway's payload format 2.0.
enum FunctionURLEvent {
    /// The pieces of the HTTP request the event is made of.
    struct HTTPRequest: Sendable {
        var method: String
        /// The path after `/lambda-url/NAME` (at least `/`), still percent-encoded.
        var rawPath: String
        var rawQuery: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var sourceIp: String
    }

    static func make(
        _ request: HTTPRequest, urlId: String, accountId: String, authType: String, requestId: String, nowMs: Int64
    ) -> JSONValue {
        var headers = JSONObject()
        var cookies: [JSONValue] = []
        for header in request.headers {
            let name = header.name.lowercased()
            if name == "cookie" {
                cookies += header.value.split(separator: ";").map { .string($0.trimmingCharacters(in: .whitespaces)) }
                continue
            }
            if let existing = headers[name]?.stringValue {
                headers[name] = .string(existing + "," + header.value)
            } else {
                headers[name] = .string(header.value)
            }
        }
        let host = headers["host"]?.stringValue ?? "127.0.0.1"
        var o = JSONObject()
        o["version"] = "2.0"
        o["routeKey"] = "$default"
        o["rawPath"] = .string(request.rawPath)
        o["rawQueryString"] = .string(request.rawQuery)
        if !cookies.isEmpty { o["cookies"] = .array(cookies) }
        o["headers"] = .object(headers)
        if let query = queryParameters(request.rawQuery) { o["queryStringParameters"] = .object(query) }
        var http = JSONObject()
        http["method"] = .string(request.method)
        http["path"] = .string(percentDecoded(request.rawPath))
        http["protocol"] = "HTTP/1.1"
        http["sourceIp"] = .string(request.sourceIp)
        http["userAgent"] = headers["user-agent"] ?? .string("")
        var context = JSONObject()
        context["accountId"] = .string(authType == "AWS_IAM" ? accountId : "anonymous")
        context["apiId"] = .string(urlId)
        if authType == "AWS_IAM" { context["authorizer"] = ["iam": iam(headers, accountId: accountId)] }
        context["domainName"] = .string(host)
        context["domainPrefix"] = .string(String(host.split(separator: ".").first ?? Substring(host)))
        context["http"] = .object(http)
        context["requestId"] = .string(requestId)
        context["routeKey"] = "$default"
        context["stage"] = "$default"
        context["time"] = .string(WireTimestamps.commonLog(nowMs))
        context["timeEpoch"] = .number(JSONNumber(nowMs))
        o["requestContext"] = .object(context)
        if !request.body.isEmpty {
            let contentType = headers["content-type"]?.stringValue ?? ""
            if isText(contentType), let text = String(validatingUTF8Bytes: request.body) {
                o["body"] = .string(text)
                o["isBase64Encoded"] = false
            } else {
                o["body"] = .string(Data(request.body).base64EncodedString())
                o["isBase64Encoded"] = true
            }
        } else {
            o["isBase64Encoded"] = false
        }
        return .object(o)
    }

    /// queryStringParameters: repeated keys comma-joined; nil without a query.
    static func queryParameters(_ raw: String) -> JSONObject? {
        guard !raw.isEmpty else { return nil }
        var out = JSONObject()
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecoded(String(parts[0]).replacingOccurrences(of: "+", with: " "))
            let value = parts.count > 1 ? percentDecoded(String(parts[1]).replacingOccurrences(of: "+", with: " ")) : ""
            if let existing = out[key]?.stringValue {
                out[key] = .string(existing + "," + value)
            } else {
                out[key] = .string(value)
            }
        }
        return out
    }

    static func percentDecoded(_ text: String) -> String { text.removingPercentEncoding ?? text }

    private static func isText(_ contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
            || type.contains("x-www-form-urlencoded")
    }

    /// requestContext.authorizer.iam from the SigV4 Authorization header (signatures are not checked).
    private static func iam(_ headers: JSONObject, accountId: String) -> JSONValue {
        var accessKey = ""
        if let authorization = headers["authorization"]?.stringValue,
            let range = authorization.range(of: "Credential=")
        {
            accessKey = String(authorization[range.upperBound...].prefix { $0 != "/" })
        }
        return [
            "accessKey": .string(accessKey), "accountId": .string(accountId), "callerId": .string(accessKey),
            "cognitoIdentity": nil, "principalOrgId": nil, "userArn": .string("arn:aws:iam::\(accountId):user/sluice"),
            "userId": .string(accessKey),
        ]
    }
}

extension String {
    /// The text of UTF-8 bytes, or nil when they are not valid UTF-8.
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        self = text
    }
}
