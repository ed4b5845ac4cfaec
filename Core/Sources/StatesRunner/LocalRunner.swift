public import SluiceJSON
public import StatesInterpreter
public import StatesLanguage
import StatesJSONPath

/// Runs an execution of a definition to completion in this process, driving the pure
/// interpreter: it invokes tasks through a `TaskHandler` and fires timers in virtual or scaled
/// real time.
///
/// ```swift
/// let result = await LocalRunner.run(definition: machine, input: ["x": 1],
///                                    options: RunOptions(timeScale: 0))
/// result.status   // "SUCCEEDED"
/// result.history  // [HistoryEvent], `.json` gives GetExecutionHistory's shape
/// ```
public enum LocalRunner {
    /// `jsonata` evaluates the expressions of JSONata-mode states (an adapter over SluiceJSONata);
    /// without it those states fail with `States.Runtime`.
    public static func run(
        definition: StateMachine, input: JSONValue, options: RunOptions = RunOptions(),
        taskHandler: any TaskHandler = UnsupportedTaskHandler(), jsonata: (any JSONataEvaluator)? = nil
    ) async -> RunResult {
        await run(
            interpreter: Interpreter(definition: definition, jsonata: jsonata), input: input, options: options,
            taskHandler: taskHandler)
    }

    /// The same with a prepared interpreter (reuse one per definition when running many executions).
    /// `onEvents`, when given, is called with the history events of each transition as soon as
    /// it is applied, in order, on the runner's task (keep it short: it holds up the run).
    public static func run(
        interpreter: Interpreter, input: JSONValue, options: RunOptions = RunOptions(),
        taskHandler: any TaskHandler = UnsupportedTaskHandler(), onEvents: HistoryObserver? = nil
    ) async -> RunResult {
        let clock = ContinuousClock()
        let startTime = options.startTime ?? SystemTime.nowMilliseconds()
        let metadata = metadata(for: options, startTime: startTime)
        if options.timeScale <= 0 {
            var driver = VirtualTimeDriver(
                interpreter: interpreter, handler: taskHandler, now: startTime, onEvents: onEvents)
            await driver.run(
                start: .start(input: input, inputText: options.inputText, metadata: metadata, seed: options.seed))
            return driver.result(executionArn: metadata.executionArn)
        }
        var driver = ScaledTimeDriver(
            interpreter: interpreter, handler: taskHandler, startTime: startTime, scale: options.timeScale,
            clock: clock, onEvents: onEvents)
        await driver.run(start: .start(input: input, inputText: options.inputText, metadata: metadata, seed: options.seed))
        return driver.result(executionArn: metadata.executionArn)
    }

    static func metadata(for options: RunOptions, startTime: Int64) -> ExecutionMetadata {
        var random = SeededRandom(seed: options.seed ^ 0x5EED_5EED_5EED_5EED)
        let name = options.executionName ?? RunnerUUID.v4(using: &random)
        let machineArn =
            options.stateMachineArn ?? "arn:aws:states:us-east-1:123456789012:stateMachine:\(options.stateMachineName)"
        let executionArn =
            options.executionArn
            ?? "arn:aws:states:us-east-1:123456789012:express:\(options.stateMachineName):\(name):\(RunnerUUID.v4(using: &random))"
        return ExecutionMetadata(
            executionArn: executionArn, executionName: name, stateMachineArn: machineArn,
            stateMachineName: options.stateMachineName, roleArn: options.roleArn,
            startTime: startTime)
    }
}

/// Watches a local run's history as it grows: called with each transition's new events.
public typealias HistoryObserver = @Sendable ([HistoryEvent]) -> Void

/// UUIDs for default names, from a seeded generator.
enum RunnerUUID {
    static func v4(using random: inout SeededRandom) -> String {
        var bytes: [UInt8] = []
        for word in [random.next(), random.next()] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let digits = Array("0123456789abcdef")
        var out = ""
        for (i, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(i) { out.append("-") }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return out
    }
}
