import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesLanguage
import StatesRunner

/// Runs Express executions in memory with the local driver (AWS keeps no history for them and
/// they are not visible to Describe/List/GetExecutionHistory/Stop).
struct ExpressRunner: Sendable {
    let timeScale: Double
    /// Where recent runs' events are kept for watchers (`GET /executions/{arn}/events`).
    var events: ExpressEventLog? = nil

    func run(
        interpreter: Interpreter, revision: StateMachineRecord, executionArn: String, name: String, input: JSONValue,
        inputText: String, startMs: Int64
    ) async -> RunResult {
        var random = SystemRandomNumberGenerator()
        let options = RunOptions(
            executionName: name, stateMachineName: revision.name, stateMachineArn: revision.arn,
            executionArn: executionArn, roleArn: revision.roleArn, startTime: startMs, seed: random.next(),
            timeScale: timeScale, inputText: inputText)
        var observer: HistoryObserver?
        if let log = events {
            log.register(executionArn)
            observer = { log.record(executionArn, events: $0) }
        }
        return await LocalRunner.run(
            interpreter: interpreter, input: input, options: options,
            taskHandler: ClosureTaskHandler { request in
                .failed(error: "States.TaskFailed", cause: "Sluice does not serve the resource '\(request.resource)' yet.")
            }, onEvents: observer)
    }
}
