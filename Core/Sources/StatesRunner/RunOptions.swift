/// How `LocalRunner.run` names and times an execution.
public struct RunOptions: Sendable, Hashable {
    /// The execution's name; a UUID drawn from `seed` when `nil`.
    public var executionName: String?
    /// The state machine's name, used in the default ARNs.
    public var stateMachineName: String
    /// Default: `arn:aws:states:us-east-1:123456789012:stateMachine:NAME`.
    public var stateMachineArn: String?
    /// Default, Express-shaped: `arn:aws:states:us-east-1:123456789012:express:NAME:EXEC:UUID`.
    public var executionArn: String?
    public var roleArn: String
    /// Start time in epoch milliseconds; `nil` reads the system clock once (the only clock read
    /// in virtual time).
    public var startTime: Int64?
    /// Seed of the execution's random generator (jitter, task tokens, States.UUID, MathRandom).
    public var seed: UInt64
    /// 0: virtual time, every timer fires at once in due order while the history clock advances
    /// as if the time had passed. N > 0: every timer (Wait, retry interval, TimeoutSeconds,
    /// HeartbeatSeconds) takes N times its nominal duration of real time.
    public var timeScale: Double
    /// The input exactly as the caller wrote it; `ExecutionStarted` echoes it.
    public var inputText: String?

    public init(
        executionName: String? = nil, stateMachineName: String = "sluice", stateMachineArn: String? = nil,
        executionArn: String? = nil, roleArn: String = "arn:aws:iam::123456789012:role/sluice-local",
        startTime: Int64? = nil, seed: UInt64 = 0, timeScale: Double = 0, inputText: String? = nil
    ) {
        self.executionName = executionName
        self.stateMachineName = stateMachineName
        self.stateMachineArn = stateMachineArn
        self.executionArn = executionArn
        self.roleArn = roleArn
        self.startTime = startTime
        self.seed = seed
        self.timeScale = timeScale
        self.inputText = inputText
    }
}

/// The end of a local run.
public struct RunResult: Sendable, Hashable {
    /// SUCCEEDED, FAILED, TIMED_OUT, ABORTED — or RUNNING when the execution waits for something
    /// the runner cannot deliver (an activity without a worker).
    public var status: String
    public var output: JSONValue?
    public var error: String?
    public var cause: String?
    /// Every history event, in order.
    public var history: [HistoryEvent]
    /// The execution's ARN as used in `$$.Execution.Id`.
    public var executionArn: String
}

import SluiceJSON
import StatesInterpreter
