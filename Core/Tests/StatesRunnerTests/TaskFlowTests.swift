import SluiceJSON
import StatesInterpreter
import StatesLanguage
import StatesRunner
import Testing

/// Task states through the local runner: history shapes, Retry timing in virtual time, Catch,
/// timeouts and the state machine's TimeoutSeconds.
@Suite struct TaskFlowTests {
    static let start: Int64 = 1_700_000_000_000

    func run(_ definition: String, input: JSONValue = [:], handler: any TaskHandler) async throws -> RunResult {
        let machine = try StateMachine(text: definition)
        return await LocalRunner.run(
            definition: machine, input: input, options: RunOptions(startTime: TaskFlowTests.start, seed: 7),
            taskHandler: handler)
    }

    func types(_ result: RunResult) -> [String] { result.history.map(\.type.rawValue) }

    @Test func serviceTaskSucceedsWithResultSelectorAndResultPath() async throws {
        let handler = ClosureTaskHandler { request in
            #expect(request.input == ["FunctionName": "f", "Payload": ["n": 1]])
            return .succeeded(["Payload": ["doubled": 2], "StatusCode": 200])
        }
        let result = try await run(
            """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Parameters":{"FunctionName":"f","Payload.$":"$"},"ResultSelector":{"d.$":"$.Payload.doubled"},
             "ResultPath":"$.r","TimeoutSeconds":30,"End":true}}}
            """, input: ["n": 1], handler: handler)
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == ["n": 1, "r": ["d": 2]])
        #expect(
            types(result) == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                "TaskStateExited", "ExecutionSucceeded",
            ])
        let scheduled = result.history[2].json["taskScheduledEventDetails"]
        #expect(scheduled?["resourceType"] == "lambda")
        #expect(scheduled?["resource"] == "invoke")
        #expect(scheduled?["region"] == "us-east-1")
        #expect(scheduled?["timeoutInSeconds"] == 30)
        #expect(scheduled?["parameters"] == .string(#"{"FunctionName":"f","Payload":{"n":1}}"#))
        #expect(result.history.map(\.previousEventId) == [0, 0, 2, 3, 4, 5, 6])
    }

    @Test func retryWaitsWithBackoffInVirtualTime() async throws {
        let calls = Counter()
        let handler = ClosureTaskHandler { _ in
            let n = await calls.next()
            return n < 3 ? .failed(error: "Boom", cause: "try \(n)") : .succeeded("ok")
        }
        let result = try await run(
            """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
             "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":5}]}}}
            """, handler: handler)
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == "ok")
        let scheduledTimes = result.history.filter { $0.type == .taskScheduled }.map { $0.timestamp - TaskFlowTests.start }
        // 2 s, then 2×3 = 6 s later.
        #expect(scheduledTimes == [0, 2_000, 8_000])
        #expect(types(result).filter { $0 == "TaskFailed" }.count == 2)
    }

    @Test func retriesExhaustedThenCaught() async throws {
        let handler = ClosureTaskHandler { _ in .failed(error: "Boom", cause: "bad") }
        let result = try await run(
            """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Done",
             "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":1}],
             "Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.error","Next":"Handler"}]},
             "Handler":{"Type":"Pass","End":true},"Done":{"Type":"Succeed"}}}
            """, input: ["a": 1], handler: handler)
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == ["a": 1, "error": ["Error": "Boom", "Cause": "bad"]])
        #expect(
            types(result) == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled",
                "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
            ])
    }

    @Test func taskTimeoutFailsWithStatesTimeout() async throws {
        let result = try await run(
            """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
             "TimeoutSeconds":5,"Parameters":{"Token.$":"$$.Task.Token"},"End":true}}}
            """, handler: ClosureTaskHandler { request in
                #expect(request.input["Token"] == .string(request.taskToken))
                return .noAnswer
            })
        #expect(result.status == "FAILED")
        #expect(result.error == "States.Timeout")
        #expect(types(result).suffix(2) == ["TaskTimedOut", "ExecutionFailed"])
        #expect(result.history.last.map { $0.timestamp - TaskFlowTests.start } == 5_000)
    }

    @Test func heartbeatTimeoutInScaledTime() async throws {
        let machine = try StateMachine(
            text: """
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:a",
                 "HeartbeatSeconds":2,"TimeoutSeconds":100,"End":true}}}
                """)
        let result = await LocalRunner.run(
            definition: machine, input: [:], options: RunOptions(startTime: TaskFlowTests.start, timeScale: 0.01),
            taskHandler: ClosureTaskHandler { _ in .noAnswer })
        #expect(result.status == "FAILED")
        #expect(result.error == "States.Timeout")
        #expect(
            types(result) == [
                "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivityTimedOut",
                "ExecutionFailed",
            ])
    }

    @Test func executionTimeoutBeatsLongWait() async throws {
        let c = try CorpusCase("timeouts.test_timeouts.test_global_timeout")
        let result = try await c.run()
        #expect(result.status == "TIMED_OUT")
        #expect(types(result) == ["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"])
        #expect(result.history.last.map { $0.timestamp - CorpusCase.options.startTime! } == 5_000)
    }

    @Test func parallelBranchFailureAbortsRunningTask() async throws {
        let handler = ClosureTaskHandler { _ in .noAnswer }
        let result = try await run(
            """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
             {"StartAt":"Slow","States":{"Slow":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
             {"StartAt":"Boom","States":{"Boom":{"Type":"Fail","Error":"E","Cause":"C"}}}]}}}
            """, handler: handler)
        #expect(result.status == "FAILED")
        #expect(result.error == "E")
        #expect(
            types(result) == [
                "ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "FailStateEntered", "TaskStateAborted", "ParallelStateFailed", "ExecutionFailed",
            ])
    }

    @Test func mapRunsTasksForEachItemInOrder() async throws {
        let handler = ClosureTaskHandler { request in
            guard case .number(let n)? = request.input["v"] else { return .failed(error: "Bad", cause: nil) }
            return .succeeded(.int((n.intValue ?? 0) * 10))
        }
        let result = try await run(
            """
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"ItemsPath":"$.items",
             "ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
             "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
             "End":true}}}
            """, input: ["items": [1, 2, 3]], handler: handler)
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == [10, 20, 30])
        #expect(types(result).filter { $0 == "MapIterationSucceeded" }.count == 3)
    }
}

/// A counter shared by handler calls.
actor Counter {
    var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}
