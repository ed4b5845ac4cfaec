import Foundation
import Logging
import SluiceJSON
import SluiceLambda
import Testing

/// The host running the `provided` fixture bootstrap (Fixtures/provided/bootstrap) through the Runtime API.
@Suite(.timeLimit(.minutes(1))) struct LambdaHostProvidedTests {
    @Test func bufferedResponseCarriesTheEventTheHeadersAndTheEnvironment() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided(environment: ["CUSTOM_VAR": "custom"])
        let request = InvocationRequest(
            payload: Array(#"{"action":"echo","n":1}"#.utf8), invokedFunctionArn: function.arn,
            clientContext: #"{"custom":{"k":"v"}}"#,
            cognitoIdentity: #"{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}"#,
            traceId: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", requestId: "chosen-request-id")
        let run = await CollectedInvocation.collect(try await host.invoke(function, request))
        await host.shutdown()

        #expect(run.orderViolations.isEmpty)
        #expect(run.succeeded)
        #expect(run.started?.contentType == "application/json")
        #expect(run.started?.streaming == false)
        let body = try #require(run.bodyJSON)
        let requestId = try #require(run.result?.requestId)
        #expect(body["event"]?["n"] == 1)
        #expect(body["cwd"]?.stringValue == LambdaFixtures.providedDirectory)
        let env = try #require(body["env"])
        #expect(env["AWS_LAMBDA_FUNCTION_NAME"]?.stringValue == function.name)
        #expect(env["AWS_LAMBDA_FUNCTION_VERSION"]?.stringValue == "$LATEST")
        #expect(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]?.stringValue == "256")
        #expect(env["AWS_LAMBDA_FUNCTION_TIMEOUT"]?.stringValue == "10")
        #expect(env["AWS_REGION"]?.stringValue == "eu-west-1")
        #expect(env["AWS_DEFAULT_REGION"]?.stringValue == "eu-west-1")
        #expect(env["AWS_LAMBDA_LOG_GROUP_NAME"]?.stringValue == "/aws/lambda/\(function.name)")
        #expect(env["AWS_LAMBDA_LOG_STREAM_NAME"]?.stringValue?.contains("/[$LATEST]") == true)
        #expect(env["_HANDLER"]?.stringValue == "fixture.handler")
        #expect(env["LAMBDA_TASK_ROOT"]?.stringValue == LambdaFixtures.providedDirectory)
        #expect(env["AWS_ACCESS_KEY_ID"]?.stringValue?.isEmpty == false)
        #expect(env["TZ"]?.stringValue == ":UTC")
        #expect(env["CUSTOM_VAR"]?.stringValue == "custom")
        let headers = try #require(body["headers"])
        #expect(headers["lambda-runtime-aws-request-id"]?.stringValue == requestId)
        #expect(headers["lambda-runtime-invoked-function-arn"]?.stringValue == function.arn)
        #expect(headers["lambda-runtime-client-context"]?.stringValue == #"{"custom":{"k":"v"}}"#)
        #expect(requestId == "chosen-request-id")
        #expect(
            headers["lambda-runtime-trace-id"]?.stringValue
                == "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1")
        #expect(
            headers["lambda-runtime-cognito-identity"]?.stringValue
                == #"{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}"#)
        #expect(headers["content-type"]?.stringValue == "application/json")
        let deadline = Int64(headers["lambda-runtime-deadline-ms"]?.stringValue ?? "") ?? 0
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(deadline > now + 5000 && deadline <= now + 10_500)

        let log = run.logText
        #expect(log.contains("START RequestId: \(requestId) Version: $LATEST\n"))
        #expect(log.contains("handling \(requestId)\n"))
        #expect(log.contains("to stderr\n"))
        #expect(log.contains("END RequestId: \(requestId)\n"))
        #expect(log.contains("REPORT RequestId: \(requestId)\tDuration: "))
        #expect(log.contains(" ms\tBilled Duration: "))
        #expect(log.contains("\tMemory Size: 256 MB\tMax Memory Used: "))
        let used = log.components(separatedBy: "Max Memory Used: ").last?.components(separatedBy: " MB").first
        #expect((used.flatMap { Int($0) } ?? 0) > 0, "peak memory is read from /proc")
        #expect(log.contains("\tInit Duration: "))
        #expect(run.result?.executedVersion == "$LATEST")
    }

    @Test func aWarmProcessIsReused() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let first = try await host.run(function, #"{"action":"echo"}"#)
        let second = try await host.run(function, #"{"action":"echo"}"#)
        let pids = await host.processIdentifiers(functionName: function.name)
        await host.shutdown()

        let firstPid = try #require(first.bodyJSON?["pid"])
        // Its own process group, so a kill reaches whatever the bootstrap started.
        #expect(first.bodyJSON?["pgid"] == firstPid)
        #expect(second.bodyJSON?["pid"] == firstPid)
        #expect(pids.count == 1)
        #expect(first.logText.contains("Init Duration"))
        #expect(!second.logText.contains("Init Duration"))
        #expect(first.result?.requestId != second.result?.requestId)
        let headers = try #require(second.bodyJSON?["headers"])
        #expect(headers["lambda-runtime-trace-id"]?.stringValue?.hasPrefix("Root=1-") == true, "generated when absent")
        #expect(headers["lambda-runtime-cognito-identity"] == nil)
        #expect(headers["lambda-runtime-client-context"] == nil)
    }

    @Test func streamedChunksArriveAsTheyAreWritten() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"stream","pause":1.5}"#)
        await host.shutdown()

        #expect(run.orderViolations.isEmpty)
        #expect(run.succeeded)
        #expect(run.started?.streaming == true)
        #expect(run.started?.contentType == "text/plain")
        #expect(run.chunks.map { String(decoding: $0.bytes, as: UTF8.self) } == ["first\n", "second\n"])
        if run.chunks.count == 2 {
            let gap = run.chunks[1].at - run.chunks[0].at
            #expect(gap >= .milliseconds(900), "the first chunk must be forwarded before the runtime's pause")
        }
    }

    @Test func streamErrorTrailersBecomeAFunctionError() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(
            function,
            #"{"action":"stream","parts":["partial"],"streamError":{"type":"Error","body":{"errorType":"Error","errorMessage":"late failure","trace":[]}}}"#
        )
        let raw = try await host.run(
            function, #"{"action":"stream","parts":["x"],"streamError":{"type":"Unhandled","rawBody":"Requires base64"}}"#)
        let after = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()

        #expect(run.bodyText == "partial")
        #expect(run.errorType == "Error")
        #expect(run.errorDocument == #"{"errorType": "Error", "errorMessage": "late failure", "trace": []}"#)
        #expect(raw.errorType == "Unhandled")
        #expect(raw.errorDocument == "Requires base64")
        // The 202 reached the runtime after the trailers were read; it logged it before its next /next.
        #expect(after.logText.contains("response status 202 {\"status\":\"OK\"}"))
    }

    @Test func chunkedBodyWithoutTheModeHeaderIsBuffered() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"chunked-buffered","parts":["{\"a\":","1}"],"pause":0.01}"#)
        await host.shutdown()
        #expect(run.succeeded)
        #expect(run.started?.streaming == false)
        #expect(run.bodyText == #"{"a":1}"#)
    }

    @Test func anErrorPostIsAFunctionError() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"error"}"#)
        await host.shutdown()
        #expect(run.started == nil)
        #expect(run.chunks.isEmpty)
        #expect(run.errorType == "CustomError")
        #expect(run.errorDocument == #"{"errorMessage": "boom", "errorType": "CustomError", "stackTrace": ["line 1"]}"#)
    }

    @Test func aTimeoutKillsTheProcessWithAWSsMessage() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided(timeout: 1)
        let warm = try await host.run(function, #"{"action":"echo"}"#)
        let pid = try #require(warm.bodyJSON?["pid"]?.numberValue?.intValue)
        let started = ContinuousClock.now
        let run = try await host.run(function, #"{"action":"sleep","seconds":30}"#)
        let elapsed = ContinuousClock.now - started
        let requestId = try #require(run.result?.requestId)

        #expect(run.errorType == "Sandbox.Timedout")
        #expect(
            run.errorDocument
                == #"{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: \#(requestId) Error: Task timed out after 1.00 seconds"}"#
        )
        #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(5))
        #expect(run.logText.contains("sleeping 30"))
        #expect(run.logText.contains("Status: timeout"))
        #expect(await eventually { !processIsAlive(Int32(pid)) })
        // The next invocation starts a fresh process.
        let next = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(next.succeeded)
        #expect(next.bodyJSON?["pid"]?.numberValue?.intValue != pid)
    }

    @Test func aCrashIsRuntimeExitError() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"exit"}"#)
        let requestId = try #require(run.result?.requestId)
        #expect(run.errorType == "Runtime.ExitError")
        #expect(
            run.errorDocument
                == #"{"errorType":"Runtime.ExitError","errorMessage":"RequestId: \#(requestId) Error: Runtime exited with error: exit status 1"}"#
        )
        #expect(run.logText.contains("about to exit\n"))
        #expect(run.logText.contains("Runtime.ExitError"))
        let next = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(next.succeeded)
    }

    @Test func theConcurrencyLimitThrowsTooManyRequests() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided(timeout: 10, concurrency: 1)
        let slow = try await host.invoke(function, LambdaFixtures.request(function, #"{"action":"sleep","seconds":1}"#))
        await #expect(throws: LambdaInvokeError.tooManyRequests("Rate Exceeded.")) {
            _ = try await host.invoke(function, LambdaFixtures.request(function, #"{"action":"echo"}"#))
        }
        let finished = await CollectedInvocation.collect(slow)
        #expect(finished.bodyText == "\"woke\"", "\(finished.errorDocument ?? "") \(finished.logText)")
        let after = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(after.succeeded)
    }

    @Test func concurrentInvocationsRunInSeparateProcessesUpToTheLimit() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided(concurrency: 3)
        let streams = try await (0..<3).asyncMap { _ in
            try await host.invoke(function, LambdaFixtures.request(function, #"{"action":"sleep","seconds":0.5}"#))
        }
        await #expect(throws: LambdaInvokeError.tooManyRequests("Rate Exceeded.")) {
            _ = try await host.invoke(function, LambdaFixtures.request(function, "{}"))
        }
        var finished: [CollectedInvocation] = []
        for stream in streams { finished.append(await CollectedInvocation.collect(stream)) }
        let pids = await host.processIdentifiers(functionName: function.name)
        await host.shutdown()
        #expect(finished.filter { !$0.succeeded }.isEmpty)
        #expect(Set(pids).count == 3)
        #expect(Set(finished.compactMap(\.result?.requestId)).count == 3)
    }

    @Test func shutdownEndsAnInvocationInFlight() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let stream = try await host.invoke(function, LambdaFixtures.request(function, #"{"action":"sleep","seconds":30}"#))
        try await Task.sleep(for: .milliseconds(300))
        await host.shutdown()
        let run = await CollectedInvocation.collect(stream)
        #expect(run.errorType == "Runtime.ExitError")
        #expect(run.errorDocument?.contains("Runtime exited with error: signal: killed") == true, "\(run.errorDocument ?? "")")
    }

    @Test func retireLetsAnInvocationInFlightFinishThenStopsItsProcess() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let warm = try await host.run(function, #"{"action":"echo"}"#)
        let pid = try #require(warm.bodyJSON?["pid"]?.numberValue?.intValue)
        let stream = try await host.invoke(function, LambdaFixtures.request(function, #"{"action":"sleep","seconds":0.5}"#))
        await host.retire(functionName: function.name)
        let run = await CollectedInvocation.collect(stream)
        await host.shutdown()
        #expect(run.succeeded)
        #expect(run.bodyText == "\"woke\"")
        #expect(await eventually { !processIsAlive(Int32(pid)) })
    }

    @Test func retireStopsTheWarmProcessesAndANewRevisionStartsFresh() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let first = try await host.run(function, #"{"action":"echo"}"#)
        let pid = try #require(first.bodyJSON?["pid"]?.numberValue?.intValue)
        await host.retire(functionName: function.name)
        #expect(await eventually { !processIsAlive(Int32(pid)) })
        let second = try await host.run(function, #"{"action":"echo"}"#)
        let secondPid = try #require(second.bodyJSON?["pid"]?.numberValue?.intValue)
        #expect(secondPid != pid)

        var updated = function
        updated.revision = "2"
        let third = try await host.run(updated, #"{"action":"echo"}"#)
        #expect(third.bodyJSON?["pid"]?.numberValue?.intValue != secondPid)
        #expect(await eventually { !processIsAlive(Int32(secondPid)) })
        await host.shutdown()
    }

    @Test func anIdleProcessIsReclaimed() async throws {
        let host = LambdaHost(region: "eu-west-1", logger: .init(label: "test"), idleTimeout: .milliseconds(300))
        let function = LambdaFixtures.provided()
        let first = try await host.run(function, #"{"action":"echo"}"#)
        let pid = try #require(first.bodyJSON?["pid"]?.numberValue?.intValue)
        // Busy use keeps it warm past the idle timeout…
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(150))
            let again = try await host.run(function, #"{"action":"echo"}"#)
            #expect(again.bodyJSON?["pid"]?.numberValue?.intValue == pid)
        }
        // …and idling past it stops the process.
        #expect(await eventually { !processIsAlive(Int32(pid)) })
        let next = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(next.succeeded)
        #expect(next.bodyJSON?["pid"]?.numberValue?.intValue != pid)
    }

    @Test func wrongRequestIdsAndSecondCompletionsAreRefused() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"probe"}"#)
        let after = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(run.succeeded)
        #expect(run.bodyJSON?["wrongIdStatus"] == 400)
        #expect(run.bodyJSON?["wrongIdType"]?.stringValue == "InvalidRequestID")
        #expect(after.logText.contains("second completion 403 InvalidStateTransition"))
    }

    @Test func anUnknownResponseModeIsRefused() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"bad-mode"}"#)
        let after = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(run.errorType == "Runtime.InvalidResponseModeHeader")
        #expect(after.logText.contains("bad mode status 400"))
        #expect(after.logText.contains("InvalidFunctionResponseMode"))
    }

    @Test func anOversizedBufferedResponseIs413AndAFunctionError() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"too-large","size":6291557}"#)
        let after = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(run.errorType == "Function.ResponseSizeTooLarge")
        #expect(
            run.errorDocument
                == #"{"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes)."}"#
        )
        #expect(after.logText.contains("too large status 413"))
    }

    @Test func garbageFromTheRuntimeGetsHTTPErrors() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided()
        let run = try await host.run(function, #"{"action":"garbage"}"#)
        let after = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(run.succeeded)
        #expect(run.bodyJSON?["garbage"]?.stringValue?.hasPrefix("HTTP/1.1 400") == true)
        #expect(run.bodyJSON?["unknownPath"]?.stringValue?.hasPrefix("HTTP/1.1 404") == true)
        #expect(run.bodyJSON?["wrongVersion"]?.stringValue?.hasPrefix("HTTP/1.1 404") == true)
        for name in ["garbage", "unknownPath", "wrongVersion"] {
            let seconds = run.bodyJSON?[name + "Seconds"]?.numberValue?.doubleValue ?? 99
            #expect(seconds < 2, "the connection of \(name) must be closed after the error (\(run.bodyText))")
        }
        #expect(after.succeeded)
    }

    @Test func anInitErrorFailsTheInvocationWithThePostedDocument() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided(environment: ["FIXTURE_MODE": "init-error"])
        let run = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(run.errorType == "Runtime.FixtureInitError")
        #expect(run.errorDocument == #"{"errorMessage": "cannot init", "errorType": "Runtime.FixtureInitError", "stackTrace": []}"#)
        #expect(run.logText.contains("initialising and failing"))
    }

    @Test func anExitDuringInitIsRuntimeExitError() async throws {
        let host = LambdaFixtures.host()
        let function = LambdaFixtures.provided(environment: ["FIXTURE_MODE": "exit-in-init"])
        let run = try await host.run(function, #"{"action":"echo"}"#)
        await host.shutdown()
        #expect(run.errorType == "Runtime.ExitError", "\(run.errorDocument ?? "") \(run.logText)")
        #expect(run.errorDocument?.contains("Error: Runtime exited with error: exit status 2") == true)
    }

    @Test func aProcessThatNeverAsksForWorkTimesOutItsInit() async throws {
        let host = LambdaHost(region: "eu-west-1", logger: .init(label: "test"), initTimeoutSeconds: 1)
        let function = LambdaFixtures.provided(environment: ["FIXTURE_MODE": "hang-in-init"])
        let started = ContinuousClock.now
        let run = try await host.run(function, #"{"action":"echo"}"#)
        let elapsed = ContinuousClock.now - started
        let pids = await host.processIdentifiers(functionName: function.name)
        await host.shutdown()
        let requestId = try #require(run.result?.requestId)
        #expect(run.errorType == "Sandbox.Timedout")
        #expect(
            run.errorDocument
                == #"{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: \#(requestId) Error: Task timed out after 1.00 seconds"}"#
        )
        #expect(run.logText.contains("Status: timeout"))
        #expect(elapsed < .seconds(5))
        #expect(pids.isEmpty)
    }

    @Test func aMissingOrNonExecutableBootstrapIsInvalidEntrypoint() async throws {
        let host = LambdaFixtures.host()
        let missing = LambdaFixtures.provided(codeDirectory: try LambdaFixtures.codeDirectory(bootstrap: nil))
        let notExecutable = LambdaFixtures.provided(
            codeDirectory: try LambdaFixtures.codeDirectory(bootstrap: "#!/bin/sh\nexit 0\n", mode: 0o644))
        let badInterpreter = LambdaFixtures.provided(
            codeDirectory: try LambdaFixtures.codeDirectory(bootstrap: "#!/no/such/interpreter\n"))
        defer {
            for directory in [missing, notExecutable, badInterpreter].map(\.codeDirectory) {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        let first = try await host.run(missing, "{}")
        let second = try await host.run(notExecutable, "{}")
        let third = try await host.run(badInterpreter, "{}")
        #expect(third.errorType == "Runtime.InvalidEntrypoint")
        #expect(
            third.errorDocument?.contains("Error: fork/exec \(badInterpreter.codeDirectory)/bootstrap: no such file or directory")
                == true, "\(third.errorDocument ?? "")")
        await host.shutdown()
        #expect(first.errorType == "Runtime.InvalidEntrypoint")
        #expect(first.errorDocument?.contains("Couldn't find valid bootstrap(s): [\(missing.codeDirectory)/bootstrap") == true)
        #expect(second.errorType == "Runtime.InvalidEntrypoint")
        #expect(second.errorDocument?.contains("permission denied") == true)
    }

    @Test func invokeRefusesUnsupportedRuntimesAndOversizedPayloads() async throws {
        let host = LambdaFixtures.host()
        var function = LambdaFixtures.provided()
        function.runtime = "cobol1.0"
        await #expect(throws: LambdaInvokeError.self) {
            _ = try await host.invoke(function, LambdaFixtures.request(function, "{}"))
        }
        let big = InvocationRequest(payload: [UInt8](repeating: 0x20, count: 6 * 1024 * 1024 + 1), invokedFunctionArn: "arn")
        await #expect(
            throws: LambdaInvokeError.requestTooLarge("Request must be smaller than 6291456 bytes for the Invoke operation")
        ) {
            _ = try await host.invoke(LambdaFixtures.provided(), big)
        }
        await host.shutdown()
    }
}
