import Foundation
import Testing

/// `sluice run` and `sluice validate`, driven as a user drives them.
@Suite struct RunCommandTests {
    static let seed = SluiceCommand.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/seed/statemachine.asl.json").path

    func json(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any])
    }

    /// The seed's workflow with its two substitutions and `dynamodb:putItem` served locally: it splits
    /// the Express ARN into `SM:NAME:UUID` and maps over five results, one at a time, as the seed
    /// README describes.
    @Test func seedStateMachineRuns() throws {
        let result = try SluiceCommand.run([
            "run", Self.seed, "--time-scale", "0", "--name", "request-1",
            "--substitute", "DDBReponseTableName=ResultsTable", "--substitute", "FinalResultFieldName=FinalResult",
            "--task", "arn:aws:states:::dynamodb:putItem={}",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try json(result.stdout)
        let arn = try #require(output["formattedExeArn"] as? String)
        let parts = arn.split(separator: ":")
        #expect(parts.count == 3 && parts[0] == "sluice" && parts[1] == "request-1")
        #expect(output["resultItems"] as? [Int] == [1, 2, 3, 4, 5])
        let results = try #require(output["results"] as? [[String: Any]])
        #expect(results.map { $0["index"] as? Int } == [0, 1, 2, 3, 4])
        #expect(results.map { $0["value"] as? Int } == [1, 2, 3, 4, 5])
        #expect(results.allSatisfy { $0["lastItemIndex"] as? Int == 4 && $0["formattedExeArn"] as? String == arn })
    }

    /// Each Map iteration waits 7 s: in virtual time the history clock advances 35 s in all, the five
    /// putItem tasks are scheduled in order, the last one on the SendFinalResult branch.
    @Test func seedHistoryShowsVirtualTime() throws {
        let result = try SluiceCommand.run([
            "run", Self.seed, "--time-scale", "0", "--history",
            "--substitute", "DDBReponseTableName=ResultsTable", "--substitute", "FinalResultFieldName=FinalResult",
            "--task", "arn:aws:states:::dynamodb:putItem={}",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let events = try result.lines.map(json)
        #expect(events.first?["type"] as? String == "ExecutionStarted")
        #expect(events.last?["type"] as? String == "ExecutionSucceeded")
        let times = events.compactMap { $0["timestamp"] as? Double }
        let elapsed = try #require(times.last) - (try #require(times.first))
        #expect(abs(elapsed - 35) < 0.5, "virtual clock advanced \(elapsed) s")
        let scheduled = events.filter { $0["type"] as? String == "TaskScheduled" }
        #expect(scheduled.count == 5)
        let entered = events.filter { $0["type"] as? String == "TaskStateEntered" }
            .compactMap { ($0["stateEnteredEventDetails"] as? [String: Any])?["name"] as? String }
        #expect(entered == ["SendResult", "SendResult", "SendResult", "SendResult", "SendFinalResult"])
    }

    @Test func helloExample() throws {
        let result = try SluiceCommand.run([
            "run", "examples/hello.asl.json", "--input", #"{"name": "Ada"}"#, "--time-scale", "0",
        ])
        #expect(result.status == 0)
        #expect(try json(result.stdout)["greeting"] as? String == "Hello, Ada!")
    }

    @Test func jsonataModeWithVariables() throws {
        let result = try SluiceCommand.run([
            "run", "examples/hello-jsonata.asl.json", "--input", #"{"name": "Grace"}"#, "--time-scale", "0",
        ])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let output = try json(result.stdout)
        #expect(output["greeting"] as? String == "Hello, Grace!")
        #expect(output["letters"] as? Int == 5)
    }

    @Test func failureIsPrintedAsErrorAndCause() throws {
        let result = try SluiceCommand.run(["run", "examples/hello.asl.json", "--input", "{}", "--time-scale", "0"])
        #expect(result.status == 1)
        let failure = try json(result.stdout)
        #expect(failure["error"] as? String == "States.Runtime")
        #expect((failure["cause"] as? String)?.contains(
                "There was an error while evaluating the intrinsic function: States.Format('Hello, {}!', $.name). "
                    + "The JsonPath argument for the field '$.name' could not be found in the input '{}'") == true)
    }

    /// `--time-scale 0`: a 60 s Wait inside a 5 s execution timeout still times out, at once.
    @Test func virtualTimeStillTimesOut() throws {
        let start = Date()
        let result = try SluiceCommand.run(["run", "examples/timeout.asl.json", "--time-scale", "0", "--history"])
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status == 1)
        let events = try result.lines.map(json)
        #expect(events.last?["type"] as? String == "ExecutionTimedOut")
        let times = events.compactMap { $0["timestamp"] as? Double }
        let elapsed = try #require(times.last) - (try #require(times.first))
        #expect(abs(elapsed - 5) < 0.01, "timed out after \(elapsed) s of virtual time")
    }

    @Test func inputFromFileAndBadInput() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-input-\(UUID()).json")
        try Data(#"{"name": "File"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let ok = try SluiceCommand.run(["run", "examples/hello.asl.json", "--input", "@\(file.path)", "--time-scale", "0"])
        #expect(try json(ok.stdout)["greeting"] as? String == "Hello, File!")
        let bad = try SluiceCommand.run(["run", "examples/hello.asl.json", "--input", "{nope"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("not valid JSON"))
    }

    @Test func validateReportsDiagnostics() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bad-\(UUID()).json")
        try Data(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let bad = try SluiceCommand.run(["validate", file.path])
        #expect(bad.status == 1)
        let response = try json(bad.stdout)
        #expect(response["result"] as? String == "FAIL")
        let diagnostics = try #require(response["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["code"] as? String == "MISSING_TRANSITION_TARGET" })

        let good = try SluiceCommand.run(["validate", "examples/hello.asl.json"])
        #expect(good.status == 0)
        #expect(try json(good.stdout)["result"] as? String == "OK")
    }
}
