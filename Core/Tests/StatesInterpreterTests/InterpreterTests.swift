import SluiceJSON
import StatesInterpreter
import StatesLanguage
import Testing

/// The pure interpreter driven by hand: events in, history and effects out.
@Suite struct InterpreterTests {
    static let metadata = ExecutionMetadata(
        executionArn: "arn:aws:states:eu-west-1:123456789012:execution:M:e1", executionName: "e1",
        stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:M", stateMachineName: "M",
        roleArn: "arn:aws:iam::123456789012:role/r", startTime: 1_000_000)

    static let taskMachine = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
         "Parameters":{"Token.$":"$$.Task.Token","In.$":"$.x"},"TimeoutSeconds":10,"Next":"W"},
         "W":{"Type":"Wait","Seconds":3,"End":true}}}
        """

    func start(_ definition: String, input: JSONValue = ["x": 1], seed: UInt64 = 42) throws
        -> (Interpreter, ExecutionState, TransitionResult)
    {
        let interpreter = Interpreter(definition: try StateMachine(text: definition))
        var state = ExecutionState()
        let result = interpreter.apply(
            .start(input: input, inputText: nil, metadata: InterpreterTests.metadata, seed: seed), to: &state,
            now: 1_000_000)
        return (interpreter, state, result)
    }

    func invocation(_ result: TransitionResult) -> TaskRequest? {
        for effect in result.effects { if case .invokeTask(let request) = effect { return request } }
        return nil
    }

    @Test func startSchedulesTaskWithTokenAndTimeout() throws {
        let (_, state, result) = try start(InterpreterTests.taskMachine)
        #expect(result.events.map(\.type) == [.executionStarted, .taskStateEntered, .taskScheduled, .taskStarted])
        #expect(result.events.map(\.id) == [1, 2, 3, 4])
        #expect(result.events.map(\.previousEventId) == [0, 0, 2, 3])
        let request = try #require(invocation(result))
        #expect(request.input == ["Token": .string(request.taskToken), "In": 1])
        #expect(request.timeoutSeconds == 10)
        #expect(request.taskToken.count == 36)
        #expect(result.effects.contains(.startTimer(timerId: 1, due: 1_010_000)))
        #expect(state.status == .running)
        #expect(result.events[2].json["taskScheduledEventDetails"]?["region"] == "eu-west-1")
    }

    @Test func aMissingActivityFailsTheExecutionInsteadOfBeingScheduled() throws {
        let activity = "arn:aws:states:eu-west-1:123456789012:activity:gone"
        let definition = #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"\#(activity)","End":true}}}"#
        let interpreter = Interpreter(definition: try StateMachine(text: definition))
        var metadata = InterpreterTests.metadata
        metadata.missingActivities = [activity]
        var state = ExecutionState()
        let result = interpreter.apply(
            .start(input: ["x": 1], inputText: nil, metadata: metadata, seed: 1), to: &state, now: 1_000_000)
        // As AWS records it (conformance nonpure activities…test_activity_task_on_deleted).
        #expect(result.events.map(\.type) == [.executionStarted, .taskStateEntered, .executionFailed])
        #expect(state.outcome?.error == "States.Runtime")
        #expect(
            state.outcome?.cause
                == "An error occurred while executing the state 'A' (entered at the event id #2). The activity \(activity) does not exist."
        )
        #expect(invocation(result) == nil)
        // The same activity, present: scheduled.
        var present = ExecutionState()
        let scheduled = interpreter.apply(
            .start(input: ["x": 1], inputText: nil, metadata: InterpreterTests.metadata, seed: 1), to: &present,
            now: 1_000_000)
        #expect(scheduled.events.map(\.type) == [.executionStarted, .taskStateEntered, .activityScheduled])
    }

    @Test func successCancelsTimeoutAndStartsWait() throws {
        var (interpreter, state, first) = try start(InterpreterTests.taskMachine)
        let request = try #require(invocation(first))
        let result = interpreter.apply(.taskSucceeded(taskId: request.taskId, output: "done"), to: &state, now: 1_002_000)
        #expect(result.events.map(\.type) == [.taskSucceeded, .taskStateExited, .waitStateEntered])
        #expect(result.effects.contains(.cancelTimer(timerId: 1)))
        #expect(result.effects.contains(.startTimer(timerId: 2, due: 1_005_000)))
        let done = interpreter.apply(.timerFired(timerId: 2), to: &state, now: 1_005_000)
        #expect(done.events.map(\.type) == [.waitStateExited, .executionSucceeded])
        #expect(done.effects.last == .executionClosed(ExecutionOutcome(status: .succeeded, output: "done")))
        #expect(state.status == .succeeded)
        #expect(state.eventCount == 9)
    }

    @Test func staleAndLateInputsAreIgnored() throws {
        var (interpreter, state, first) = try start(InterpreterTests.taskMachine)
        let request = try #require(invocation(first))
        let before = state
        #expect(interpreter.apply(.taskSucceeded(taskId: 999, output: 1), to: &state, now: 1_001_000) == TransitionResult())
        #expect(interpreter.apply(.timerFired(timerId: 77), to: &state, now: 1_001_000) == TransitionResult())
        #expect(state == before)
        _ = interpreter.apply(.taskFailed(taskId: request.taskId, error: "E", cause: "C"), to: &state, now: 1_001_000)
        #expect(state.status == .failed)
        #expect(interpreter.apply(.taskSucceeded(taskId: request.taskId, output: 1), to: &state, now: 1_002_000) == TransitionResult())
    }

    @Test func timeoutTimerFailsTheTask() throws {
        var (interpreter, state, _) = try start(InterpreterTests.taskMachine)
        let result = interpreter.apply(.timerFired(timerId: 1), to: &state, now: 1_010_000)
        #expect(result.events.map(\.type) == [.taskTimedOut, .executionFailed])
        #expect(state.outcome?.error == "States.Timeout")
        #expect(result.effects.contains(.cancelTask(taskId: 1)))
    }

    @Test func stopAbortsAndCancelsEverything() throws {
        var (interpreter, state, _) = try start(InterpreterTests.taskMachine)
        let result = interpreter.apply(.stopRequested(error: "Halt", cause: "by user"), to: &state, now: 1_001_000)
        #expect(result.events.map(\.type) == [.executionAborted])
        #expect(result.events.first?.json["executionAbortedEventDetails"] == ["error": "Halt", "cause": "by user"])
        #expect(result.effects.contains(.cancelTimer(timerId: 1)))
        #expect(result.effects.contains(.cancelTask(taskId: 1)))
        #expect(state.status == .aborted)
    }

    @Test func sameSeedSameExecution() throws {
        let machine = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"id.$":"States.UUID()","n.$":"States.MathRandom(1, 1000)"},"End":true}}}
            """
        let (_, a, ra) = try start(machine, seed: 5)
        let (_, b, rb) = try start(machine, seed: 5)
        let (_, _, rc) = try start(machine, seed: 6)
        #expect(a == b)
        #expect(ra == rb)
        #expect(ra.events.last != rc.events.last)
    }

    @Test func historyEventWireShape() throws {
        let (_, _, result) = try start(InterpreterTests.taskMachine)
        let started = result.events[0].json
        #expect(started["timestamp"] == .number(JSONNumber(1000)))
        #expect(started["type"] == "ExecutionStarted")
        #expect(started["executionStartedEventDetails"]?["input"] == .string(#"{"x":1}"#))
        #expect(started["executionStartedEventDetails"]?["roleArn"] == "arn:aws:iam::123456789012:role/r")
        let event = HistoryEvent(id: 1, previousEventId: 0, timestamp: 1_700_000_000_123, type: .passStateEntered, details: nil)
        #expect(event.json["timestamp"] == .number(JSONNumber(1_700_000_000.123)))
        #expect(HistoryEventType.mapIterationStarted.detailsKey == "mapIterationStartedEventDetails")
        #expect(HistoryEventType.choiceStateExited.detailsKey == "stateExitedEventDetails")
    }
}
