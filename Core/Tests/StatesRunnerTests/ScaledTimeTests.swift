import SluiceJSON
import StatesInterpreter
import StatesLanguage
import StatesRunner
import Testing

/// Real (scaled) time: executions that close in their very first transition must return at once,
/// and a scaled Wait must take its scaled time in real time and its nominal time in the history.
@Suite(.timeLimit(.minutes(1))) struct ScaledTimeTests {
    @Test(arguments: [
        #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
        #"{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}"#,
        #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}"#,
        #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}"#,
    ])
    func executionClosingInItsFirstTransitionReturns(definition: String) async throws {
        let machine = try StateMachine(text: definition)
        let result = await LocalRunner.run(
            definition: machine, input: ["a": 1], options: RunOptions(startTime: 0, timeScale: 1))
        #expect(result.status != "RUNNING")
        #expect(result.history.count >= 3)
    }

    @Test func scaledWaitKeepsNominalTimeInHistory() async throws {
        let machine = try StateMachine(
            text: #"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 20, "End": true}}}"#)
        let clock = ContinuousClock()
        let start = clock.now
        let result = await LocalRunner.run(
            definition: machine, input: [:], options: RunOptions(startTime: 0, timeScale: 0.01))
        let elapsed = start.duration(to: clock.now)
        #expect(result.status == "SUCCEEDED")
        // Lower bounds only: under a parallel test run the cooperative pool may start the timer's
        // continuation late, which stretches both figures.
        #expect(elapsed >= .milliseconds(190))
        // The history clock is real time divided by the scale: never less than the nominal 20 s.
        let nominal = (result.history.last?.timestamp ?? 0) - (result.history.first?.timestamp ?? 0)
        #expect(nominal >= 20_000, "history shows \(nominal) ms")
    }
}
