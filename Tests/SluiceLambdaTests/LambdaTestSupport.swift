import Foundation
import Logging
import SluiceJSON
import SluiceLambda

/// Fixtures and helpers shared by the host tests.
enum LambdaFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let providedDirectory = directory.appendingPathComponent("provided").path
    static let pythonDirectory = directory.appendingPathComponent("python").path

    static func host() -> LambdaHost {
        var logger = Logger(label: "sluice.lambda.tests")
        logger.logLevel = .warning
        return LambdaHost(region: "eu-west-1", logger: logger)
    }

    static func provided(
        _ name: String = "fixture-\(UUID().uuidString.prefix(8))", timeout: Int = 10, concurrency: Int = 10,
        environment: [String: String] = [:], codeDirectory: String = providedDirectory, revision: String = "1"
    ) -> LambdaFunction {
        LambdaFunction(
            name: name, arn: "arn:aws:lambda:eu-west-1:123456789012:function:\(name)", runtime: "provided.al2023",
            handler: "fixture.handler", codeDirectory: codeDirectory, environment: environment,
            timeoutSeconds: timeout, memorySizeMB: 256, concurrencyLimit: concurrency, revision: revision)
    }

    static func python(_ handler: String, name: String = "py-\(UUID().uuidString.prefix(8))") -> LambdaFunction {
        LambdaFunction(
            name: name, arn: "arn:aws:lambda:eu-west-1:123456789012:function:\(name)", runtime: "python3.12",
            handler: handler, codeDirectory: pythonDirectory, timeoutSeconds: 20)
    }

    static func request(_ function: LambdaFunction, _ json: String, clientContext: String? = nil) -> InvocationRequest {
        InvocationRequest(payload: Array(json.utf8), invokedFunctionArn: function.arn, clientContext: clientContext)
    }

    /// A temporary code directory with `bootstrap` holding `script` (mode `mode`), or none when nil.
    static func codeDirectory(bootstrap script: String?, mode: Int = 0o755) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-lambda-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        if let script {
            let file = path.appendingPathComponent("bootstrap")
            try Data(script.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        }
        return path.path
    }
}

/// Everything one invocation produced, with the time each event arrived.
struct CollectedInvocation {
    var started: (contentType: String?, streaming: Bool)?
    var chunks: [(bytes: [UInt8], at: ContinuousClock.Instant)] = []
    var result: InvocationResult?
    var orderViolations: [String] = []

    var body: [UInt8] { chunks.flatMap(\.bytes) }
    var bodyText: String { String(decoding: body, as: UTF8.self) }
    var bodyJSON: JSONValue? { try? JSONValue(parsing: body) }
    var logText: String { result.map { String(decoding: $0.log, as: UTF8.self) } ?? "" }

    var errorType: String? {
        if case .functionError(let type, _)? = result?.outcome { return type }
        return nil
    }

    var errorDocument: String? {
        if case .functionError(_, let document)? = result?.outcome { return String(decoding: document, as: UTF8.self) }
        return nil
    }

    var succeeded: Bool {
        if case .success? = result?.outcome { return true }
        return false
    }

    static func collect(_ stream: AsyncStream<InvocationEvent>) async -> CollectedInvocation {
        var collected = CollectedInvocation()
        for await event in stream {
            switch event {
            case .responseStarted(let contentType, let streaming):
                if collected.started != nil || !collected.chunks.isEmpty || collected.result != nil {
                    collected.orderViolations.append("responseStarted out of order")
                }
                collected.started = (contentType, streaming)
            case .chunk(let bytes):
                if collected.started == nil || collected.result != nil {
                    collected.orderViolations.append("chunk out of order")
                }
                collected.chunks.append((bytes, .now))
            case .completed(let result):
                if collected.result != nil { collected.orderViolations.append("second completed") }
                collected.result = result
            }
        }
        return collected
    }
}

extension LambdaHost {
    func run(_ function: LambdaFunction, _ json: String, clientContext: String? = nil) async throws -> CollectedInvocation {
        let stream = try invoke(function, LambdaFixtures.request(function, json, clientContext: clientContext))
        return await CollectedInvocation.collect(stream)
    }
}

/// Whether a process id is alive (signal 0).
func processIsAlive(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}

extension Sequence {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
