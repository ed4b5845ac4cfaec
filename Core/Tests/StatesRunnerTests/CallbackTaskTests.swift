import SluiceJSON
import StatesInterpreter
import StatesLanguage
import StatesRunner
import Testing

/// Callback tasks: the handler reports the initial request's answer, then the task's outcome.
@Suite struct CallbackTaskTests {
    @Test func callbackTaskRecordsSubmission() async throws {
        let machine = try StateMachine(
            text: """
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                 "Parameters":{"MessageBody.$":"$$.Task.Token"},"End":true}}}
                """)
        let result = await LocalRunner.run(
            definition: machine, input: [:], options: RunOptions(startTime: 0),
            taskHandler: ClosureTaskHandler { request in
                #expect(request.input["MessageBody"] == .string(request.taskToken))
                return .submitted(response: ["MessageId": "m1"], then: .succeeded(["ok": true]))
            })
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == ["ok": true])
        #expect(
            result.history.map(\.type.rawValue) == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                "TaskStateExited", "ExecutionSucceeded",
            ])
        #expect(result.history[4].json["taskSubmittedEventDetails"]?["output"] == .string(#"{"MessageId":"m1"}"#))
    }
}
