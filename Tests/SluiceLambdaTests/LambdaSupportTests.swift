@testable import SluiceLambda
import Testing

/// The small pure pieces: log lines, error documents, base64, the runtime table.
@Suite struct LambdaSupportTests {
    @Test func reportLineIsWrittenAsAWSWritesIt() {
        #expect(
            InvocationLog.report(
                requestId: "r-1", durationMs: 1.234, memorySizeMB: 128, maxMemoryUsedMB: 38, initDurationMs: 120.5,
                status: nil)
                == "REPORT RequestId: r-1\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 38 MB\tInit Duration: 120.50 ms\t\n"
        )
        #expect(
            InvocationLog.report(
                requestId: "r-2", durationMs: 3000.004, memorySizeMB: 256, maxMemoryUsedMB: 40, initDurationMs: nil,
                status: "timeout")
                == "REPORT RequestId: r-2\tDuration: 3000.00 ms\tBilled Duration: 3001 ms\tMemory Size: 256 MB\tMax Memory Used: 40 MB\tStatus: timeout\t\n"
        )
        #expect(InvocationLog.start(requestId: "r-1", version: "$LATEST") == "START RequestId: r-1 Version: $LATEST\n")
        #expect(InvocationLog.end(requestId: "r-1") == "END RequestId: r-1\n")
        #expect(InvocationLog.twoDecimals(.infinity) == "0.00")
        #expect(InvocationLog.twoDecimals(0.005) == "0.01")
    }

    @Test func platformErrorDocuments() {
        guard case .functionError(let type, let document) = LambdaErrorDocuments.timeout(requestId: "abc", seconds: 3) else {
            Issue.record("not a function error")
            return
        }
        #expect(type == "Sandbox.Timedout")
        #expect(
            String(decoding: document, as: UTF8.self)
                == #"{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: abc Error: Task timed out after 3.00 seconds"}"#)
        #expect(ProcessEnd.exited(1).description == "exit status 1")
        #expect(ProcessEnd.signaled(9).description == "signal: killed")
        #expect(ProcessEnd.signaled(64).description == "signal: signal 64")
    }

    @Test func postedErrorsTakeTheirTypeFromTheBodyThenTheHeader() {
        let fromBody = LambdaErrorDocuments.posted(
            body: Array(#"{"errorType":"KeyError","errorMessage":"x"}"#.utf8), headerType: "Unhandled", fallback: "F")
        let fromHeader = LambdaErrorDocuments.posted(body: Array("not json".utf8), headerType: "Function.Bad", fallback: "F")
        let fallback = LambdaErrorDocuments.posted(body: [], headerType: nil, fallback: "Unhandled")
        if case .functionError(let type, let document) = fromBody {
            #expect(type == "KeyError")
            #expect(document == Array(#"{"errorType":"KeyError","errorMessage":"x"}"#.utf8))
        }
        if case .functionError(let type, let document) = fromHeader {
            #expect(type == "Function.Bad")
            #expect(document == Array("not json".utf8))
        }
        if case .functionError(let type, let document) = fallback {
            #expect(type == "Unhandled")
            #expect(String(decoding: document, as: UTF8.self) == #"{"errorType":"Unhandled","errorMessage":""}"#)
        }
    }

    @Test func errorBodyBase64IsDecodedLeniently() {
        #expect(LenientBase64.decode("eyJhIjoxfQ==") == Array(#"{"a":1}"#.utf8))
        #expect(LenientBase64.decode(" eyJhIjoxfQ ") == Array(#"{"a":1}"#.utf8))
        #expect(LenientBase64.decode("eyJh\r\nIjoxfQ") == Array(#"{"a":1}"#.utf8))
        #expect(LenientBase64.decode("-_8") == [0xFB, 0xFF])
        #expect(LenientBase64.decode("Requires base64") == Array("Requires base64".utf8))
        #expect(LenientBase64.decode("abcde") == Array("abcde".utf8))
    }

    @Test func runtimeTableMapsEachRuntimeToItsCommand() {
        let tools = RuntimeLauncher.HostTools(searchPath: "/nonexistent")
        let provided = LambdaFunction(
            name: "f", arn: "a", runtime: "provided.al2", handler: "h", codeDirectory: "/code")
        #expect(RuntimeLauncher.command(for: provided, tools: tools)?.executable == "/code/bootstrap")
        var python = provided
        python.runtime = "python3.12"
        python.handler = "app.handler"
        let command = RuntimeLauncher.command(for: python, tools: tools)
        #expect(command?.arguments == ["-m", "awslambdaric", "app.handler"])
        #expect(command?.environment["PYTHONPATH"] == "/code")
        #expect(!RuntimeLauncher.supports("nodejs20.x"))
        #expect(!RuntimeLauncher.supports("python2.7"))
    }
}
