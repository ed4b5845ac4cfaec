import SluiceJSON
import StatesInterpreter

/// Input events as JSON text, for the execution journal. Replaying the decoded events through the
/// interpreter rebuilds an execution's state exactly.
enum InputEventCodec {
    static func encode(_ event: InputEvent) -> String {
        var o = JSONObject()
        switch event {
        case .start(let input, let inputText, let metadata, let seed):
            o.appendUnique(key: "t", value: "start")
            o.appendUnique(key: "input", value: input)
            if let inputText { o.appendUnique(key: "inputText", value: .string(inputText)) }
            var m = JSONObject()
            m.appendUnique(key: "executionArn", value: .string(metadata.executionArn))
            m.appendUnique(key: "executionName", value: .string(metadata.executionName))
            m.appendUnique(key: "stateMachineArn", value: .string(metadata.stateMachineArn))
            m.appendUnique(key: "stateMachineName", value: .string(metadata.stateMachineName))
            m.appendUnique(key: "roleArn", value: .string(metadata.roleArn))
            m.appendUnique(key: "startTime", value: .number(JSONNumber(metadata.startTime)))
            m.appendUnique(key: "redriveCount", value: .int(metadata.redriveCount))
            if !metadata.missingActivities.isEmpty {
                m.appendUnique(key: "missingActivities", value: .array(metadata.missingActivities.sorted().map { .string($0) }))
            }
            o.appendUnique(key: "metadata", value: .object(m))
            o.appendUnique(key: "seed", value: .string(String(seed)))
        case .taskStarted(let taskId, let workerName):
            o.appendUnique(key: "t", value: "taskStarted")
            o.appendUnique(key: "task", value: .int(taskId))
            if let workerName { o.appendUnique(key: "worker", value: .string(workerName)) }
        case .taskSubmitted(let taskId, let output):
            o.appendUnique(key: "t", value: "taskSubmitted")
            o.appendUnique(key: "task", value: .int(taskId))
            o.appendUnique(key: "output", value: output)
        case .taskSucceeded(let taskId, let output):
            o.appendUnique(key: "t", value: "taskSucceeded")
            o.appendUnique(key: "task", value: .int(taskId))
            o.appendUnique(key: "output", value: output)
        case .taskFailed(let taskId, let error, let cause):
            o.appendUnique(key: "t", value: "taskFailed")
            o.appendUnique(key: "task", value: .int(taskId))
            if let error { o.appendUnique(key: "error", value: .string(error)) }
            if let cause { o.appendUnique(key: "cause", value: .string(cause)) }
        case .taskTimedOut(let taskId):
            o.appendUnique(key: "t", value: "taskTimedOut")
            o.appendUnique(key: "task", value: .int(taskId))
        case .heartbeatMissed(let taskId):
            o.appendUnique(key: "t", value: "heartbeatMissed")
            o.appendUnique(key: "task", value: .int(taskId))
        case .timerFired(let timerId):
            o.appendUnique(key: "t", value: "timerFired")
            o.appendUnique(key: "timer", value: .int(timerId))
        case .stopRequested(let error, let cause):
            o.appendUnique(key: "t", value: "stop")
            if let error { o.appendUnique(key: "error", value: .string(error)) }
            if let cause { o.appendUnique(key: "cause", value: .string(cause)) }
        }
        return JSONValue.object(o).serialized
    }

    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    static func decode(_ text: String) throws -> InputEvent {
        guard case .object(let o) = try JSONValue(parsing: text), let type = o["t"]?.stringValue else {
            throw DecodeError(description: "journal entry is not an event object")
        }
        func int(_ key: String) throws -> Int {
            guard let value = o[key]?.numberValue?.intValue else { throw DecodeError(description: "missing \(key)") }
            return value
        }
        switch type {
        case "start":
            guard case .object(let m) = o["metadata"], let seedText = o["seed"]?.stringValue, let seed = UInt64(seedText),
                let arn = m["executionArn"]?.stringValue, let name = m["executionName"]?.stringValue,
                let machineArn = m["stateMachineArn"]?.stringValue, let machineName = m["stateMachineName"]?.stringValue,
                let role = m["roleArn"]?.stringValue, let startTime = m["startTime"]?.numberValue?.int64Value
            else { throw DecodeError(description: "malformed start event") }
            var metadata = ExecutionMetadata(
                executionArn: arn, executionName: name, stateMachineArn: machineArn, stateMachineName: machineName,
                roleArn: role, startTime: startTime, redriveCount: m["redriveCount"]?.numberValue?.intValue ?? 0)
            metadata.missingActivities = Set(m["missingActivities"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            return .start(
                input: o["input"] ?? .null, inputText: o["inputText"]?.stringValue, metadata: metadata, seed: seed)
        case "taskStarted": return .taskStarted(taskId: try int("task"), workerName: o["worker"]?.stringValue)
        case "taskSubmitted": return .taskSubmitted(taskId: try int("task"), output: o["output"] ?? .null)
        case "taskSucceeded": return .taskSucceeded(taskId: try int("task"), output: o["output"] ?? .null)
        case "taskFailed":
            return .taskFailed(taskId: try int("task"), error: o["error"]?.stringValue, cause: o["cause"]?.stringValue)
        case "taskTimedOut": return .taskTimedOut(taskId: try int("task"))
        case "heartbeatMissed": return .heartbeatMissed(taskId: try int("task"))
        case "timerFired": return .timerFired(timerId: try int("timer"))
        case "stop": return .stopRequested(error: o["error"]?.stringValue, cause: o["cause"]?.stringValue)
        default: throw DecodeError(description: "unknown journal event type \(type)")
        }
    }
}
