import SluiceJSON
import StatesInterpreter
import StatesLanguage
import Testing

/// Runaway definitions end: the 25,000-event history limit, also for runs that record no events.
@Suite struct LimitsTests {
    func run(_ definition: String) throws -> (ExecutionState, TransitionResult) {
        let interpreter = Interpreter(definition: try StateMachine(text: definition))
        var state = ExecutionState()
        let result = interpreter.apply(
            .start(input: [:], inputText: nil, metadata: InterpreterTests.metadata, seed: 1), to: &state, now: 0)
        return (state, result)
    }

    @Test func passLoopStopsAtTheHistoryLimit() throws {
        let (state, result) = try run(
            #"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}"#)
        #expect(state.status == .failed)
        #expect(result.events.count == 25_001)
        #expect(result.events.last?.type == .executionFailed)
    }

    /// AWS documents the 25,000-event quota for Standard workflows; Express executions have none.
    @Test func expressExecutionsHaveNoHistoryLimit() throws {
        let interpreter = Interpreter(
            definition: try StateMachine(
                text: """
                    {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemsPath":"$.items",
                     "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}
                    """))
        let input: JSONValue = ["items": .array((0..<6300).map { .int($0) })]
        let standard = InterpreterTests.metadata
        let express = ExecutionMetadata(
            executionArn: "arn:aws:states:us-east-1:123456789012:express:m:run:1", executionName: "run",
            stateMachineArn: standard.stateMachineArn, stateMachineName: standard.stateMachineName,
            roleArn: standard.roleArn, startTime: standard.startTime)
        #expect(express.isExpress)
        #expect(!standard.isExpress)
        var flagged = standard
        flagged.isExpress = true
        for (metadata, expected) in [(standard, ExecutionStatus.failed), (express, .succeeded), (flagged, .succeeded)] {
            var state = ExecutionState()
            let result = interpreter.apply(
                .start(input: input, inputText: nil, metadata: metadata, seed: 1), to: &state, now: 0)
            #expect(state.status == expected)
            #expect(result.events.count == (expected == .failed ? 25_001 : 6300 * 4 + 6))
        }
    }

    @Test func loopInsideDistributedMapFailsTheRun() throws {
        let interpreter = Interpreter(
            definition: try StateMachine(
                text: """
                    {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
                     "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"A",
                     "States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}}}}
                    """))
        var state = ExecutionState()
        let result = interpreter.apply(
            .start(input: [1, 2], inputText: nil, metadata: InterpreterTests.metadata, seed: 1), to: &state, now: 0)
        #expect(state.status == .failed)
        #expect(state.outcome?.error == "States.ExceedToleratedFailureThreshold")
        #expect(result.events.map(\.type).contains(.mapRunFailed))
    }

    @Test func absurdDurationsDoNotOverflow() throws {
        let (wait, _) = try run(
            #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":9223372036854775807,"End":true}}}"#)
        #expect(wait.outcome?.cause?.hasSuffix("Wait state delay is too long.") == true)
        let (task, result) = try run(
            #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":9223372036854775807,"End":true}}}"#
        )
        #expect(task.status == .running)
        #expect(result.effects.contains(.startTimer(timerId: 1, due: Int64.max)))
    }
}
