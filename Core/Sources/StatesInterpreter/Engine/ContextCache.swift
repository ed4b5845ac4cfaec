import SluiceJSON
import StatesLanguage

/// The parts of the context object (`$$`) that do not change during a transition, built once:
/// `Execution`, `StateMachine` and the last formatted timestamp.
struct ContextCache {
    private var execution: JSONValue?
    private var machine: JSONValue?
    private var lastTime: Int64 = .min
    private var lastTimeText = ""

    /// `nil` before the execution started (no metadata).
    mutating func base(_ metadata: borrowing ExecutionMetadata?, input: JSONValue) -> (JSONValue, JSONValue)? {
        if let execution, let machine { return (execution, machine) }
        guard let metadata = copy metadata else { return nil }
        var executionObject = JSONObject(uniqueMembers: [
            (key: "Id", value: .string(metadata.executionArn)),
            (key: "Input", value: input),
            (key: "StartTime", value: .string(format(metadata.startTime))),
            (key: "Name", value: .string(metadata.executionName)),
            (key: "RoleArn", value: .string(metadata.roleArn)),
        ])
        // Express executions cannot be redriven; their context has no RedriveCount.
        if !metadata.isExpress {
            executionObject.appendUnique(key: "RedriveCount", value: .int(metadata.redriveCount))
        }
        let machineObject = JSONObject(uniqueMembers: [
            (key: "Id", value: .string(metadata.stateMachineArn)), (key: "Name", value: .string(metadata.stateMachineName)),
        ])
        execution = .object(executionObject)
        machine = .object(machineObject)
        return (.object(executionObject), .object(machineObject))
    }

    /// ISO-8601 with milliseconds, remembering the last time formatted (usually `now`).
    mutating func format(_ millis: Int64) -> String {
        if millis != lastTime {
            lastTime = millis
            lastTimeText = Timestamp.format(millisecondsSinceEpoch: millis)
        }
        return lastTimeText
    }
}
