import SluiceJSON

/// Who an execution is: the names and ARNs the context object and the history show.
public struct ExecutionMetadata: Sendable, Hashable {
    public var executionArn: String
    public var executionName: String
    public var stateMachineArn: String
    public var stateMachineName: String
    public var roleArn: String
    /// When the execution started, in milliseconds since the Unix epoch.
    public var startTime: Int64
    /// How often the execution has been redriven (`$$.Execution.RedriveCount`).
    public var redriveCount: Int
    /// Whether this is an Express execution: no 25,000-event history quota (AWS documents it
    /// for Standard workflows only) and no `RedriveCount` in the context object.
    public var isExpress: Bool
    /// Activity ARNs the definition names that did not exist when the execution started: a Task
    /// on one fails the execution with `States.Runtime` ("The activity … does not exist.")
    /// instead of scheduling it. The driver decides this at start, so replay stays deterministic.
    public var missingActivities: Set<String> = []

    /// `isExpress` defaults from the execution ARN: Express executions are
    /// `arn:…:states:REGION:ACCOUNT:express:MACHINE:NAME:ID`.
    public init(
        executionArn: String, executionName: String, stateMachineArn: String, stateMachineName: String,
        roleArn: String, startTime: Int64, redriveCount: Int = 0, isExpress: Bool? = nil
    ) {
        self.executionArn = executionArn
        self.executionName = executionName
        self.stateMachineArn = stateMachineArn
        self.stateMachineName = stateMachineName
        self.roleArn = roleArn
        self.startTime = startTime
        self.redriveCount = redriveCount
        self.isExpress = isExpress ?? executionArn.contains(":express:")
    }

    /// The region and account from the state machine ARN (`arn:aws:states:REGION:ACCOUNT:…`).
    var region: String { arnPart(3) ?? "us-east-1" }
    var account: String { arnPart(4) ?? "123456789012" }
    var partition: String { arnPart(1) ?? "aws" }

    private func arnPart(_ index: Int) -> String? {
        let parts = stateMachineArn.split(separator: ":", omittingEmptySubsequences: false)
        guard index < parts.count, !parts[index].isEmpty else { return nil }
        return String(parts[index])
    }
}

/// How an execution ended.
public enum ExecutionStatus: String, Sendable, Hashable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
}
