import Foundation

/// A Lambda REST path, parsed: which resource it names (the HTTP method then picks the operation).
enum LambdaRoute: Sendable, Hashable {
    /// `/2015-03-31/functions` — ListFunctions (GET), CreateFunction (POST).
    case functions
    /// `/2015-03-31/functions/{name}` — GetFunction (GET), DeleteFunction (DELETE).
    case function(String)
    /// `/2015-03-31/functions/{name}/configuration` — Get/UpdateFunctionConfiguration.
    case configuration(String)
    /// `/2015-03-31/functions/{name}/code` — UpdateFunctionCode (PUT).
    case code(String)
    /// `/2015-03-31/functions/{name}/invocations` — Invoke (POST).
    case invocations(String)
    /// `/2021-11-15/functions/{name}/response-streaming-invocations` — InvokeWithResponseStream.
    case streamingInvocations(String)
    /// `/2021-10-31/functions/{name}/url` — Create/Get/Update/DeleteFunctionUrlConfig.
    case url(String)
    /// `/2017-10-31/functions/{name}/concurrency` (Put/DeleteFunctionConcurrency) and
    /// `/2019-09-30/functions/{name}/concurrency` (GetFunctionConcurrency).
    case concurrency(String)
    /// `/lambda-url/{name}/{path}` — a function URL (Sluice's address form).
    case functionURL(name: String, rawPath: String)

    static let apiPrefixes = [
        "/2015-03-31/functions", "/2021-11-15/functions", "/2021-10-31/functions", "/2017-10-31/functions",
        "/2019-09-30/functions",
    ]
    static let functionURLPrefix = "/lambda-url/"

    /// Whether a path belongs to the Lambda API (or a function URL).
    static func serves(_ path: String) -> Bool {
        path.hasPrefix(functionURLPrefix) || path == "/lambda-url"
            || apiPrefixes.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// The route of a (still percent-encoded) path, or nil when it names nothing.
    init?(path: String) {
        if path.hasPrefix(Self.functionURLPrefix) {
            let rest = path.dropFirst(Self.functionURLPrefix.count)
            let name = rest.prefix { $0 != "/" }
            guard !name.isEmpty else { return nil }
            let tail = rest.dropFirst(name.count)
            self = .functionURL(name: String(name), rawPath: tail.isEmpty ? "/" : String(tail))
            return
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count >= 2, segments[1] == "functions" else { return nil }
        if segments.count == 2 {
            guard segments[0] == "2015-03-31" else { return nil }
            self = .functions
            return
        }
        let name = segments[2].removingPercentEncoding ?? segments[2]
        switch (segments[0], Array(segments.dropFirst(3))) {
        case ("2015-03-31", []): self = .function(name)
        case ("2015-03-31", ["configuration"]): self = .configuration(name)
        case ("2015-03-31", ["code"]): self = .code(name)
        case ("2015-03-31", ["invocations"]): self = .invocations(name)
        case ("2021-11-15", ["response-streaming-invocations"]): self = .streamingInvocations(name)
        case ("2021-10-31", ["url"]): self = .url(name)
        case ("2017-10-31", ["concurrency"]), ("2019-09-30", ["concurrency"]): self = .concurrency(name)
        default: return nil
        }
    }
}
