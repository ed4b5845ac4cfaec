import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesLanguage
import StatesRunner

/// Runs Express executions in memory with the local driver (AWS keeps no history for them and
/// they are not visible to Describe/List/GetExecutionHistory/Stop).
struct ExpressRunner: Sendable {
    let timeScale: Double
    /// The services Task states call (request-response only: Express workflows do not wait for
    /// task tokens).
    var integrations = TaskIntegrations()
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
            taskHandler: ClosureTaskHandler { [integrations] request in
                guard let match = integrations.match(request.resource), match.pattern == .requestResponse else {
                    return .failed(
                        error: "States.TaskFailed", cause: "Sluice does not serve the resource '\(request.resource)' yet.")
                }
                let call = TaskCall(
                    resource: match.resource, input: request.input, taskToken: request.taskToken,
                    executionArn: executionArn, stateName: request.stateName, timeoutSeconds: request.timeoutSeconds)
                switch await match.integration.call(call) {
                case .succeeded(let output): return .succeeded(output)
                case .failed(let error, let cause): return .failed(error: error, cause: cause)
                }
            }, onEvents: observer)
    }
}
