import Foundation
import SluiceJSON
import SluiceLambda
import Testing

/// Whether `python3 -m awslambdaric` can run here (PyPI `awslambdaric`).
let awslambdaricAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import awslambdaric"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}()

/// Python functions through AWS's runtime interface client, awslambdaric (skipped without it:
/// `pip install --user awslambdaric`).
@Suite(.timeLimit(.minutes(2)), .enabled(if: awslambdaricAvailable, "awslambdaric is not importable: pip install --user awslambdaric"))
struct LambdaHostPythonTests {
    @Test func aPythonHandlerAnswersAndStaysWarm() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.python("handler.handler")
        let first = try await host.run(function, #"{"x":[1,2]}"#)
        let second = try await host.run(function, #"{"x":3}"#)
        await host.shutdown()

        #expect(first.succeeded, "\(first.logText)")
        let body = try #require(first.bodyJSON)
        #expect(body["got"]?["x"] == [1, 2])
        #expect(body["requestId"]?.stringValue == first.result?.requestId)
        #expect(body["functionName"]?.stringValue == function.name)
        #expect(body["remainingPositive"] == true)
        #expect(first.logText.contains("hello from python"))
        #expect(second.bodyJSON?["pid"] == body["pid"])
    }

    @Test func aPythonExceptionIsAFunctionError() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.python("handler.fail")
        let run = try await host.run(function, "{}")
        await host.shutdown()
        #expect(run.errorType == "ValueError")
        let document = try #require(run.errorDocument.flatMap { try? JSONValue(parsing: $0) })
        #expect(document["errorMessage"]?.stringValue == "boom from python")
        #expect(document["errorType"]?.stringValue == "ValueError")
        #expect(document["stackTrace"]?.arrayValue != nil)
    }

    @Test func aMissingPythonModuleIsAnInitError() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.python("no_such_module.handler")
        let run = try await host.run(function, "{}")
        await host.shutdown()
        #expect(run.errorType == "Runtime.ImportModuleError")
        #expect(run.errorDocument?.contains("Unable to import module 'no_such_module'") == true)
    }
}
