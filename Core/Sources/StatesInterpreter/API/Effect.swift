public import SluiceJSON

/// Work the driver must carry out after a transition.
public enum Effect: Sendable, Hashable {
    /// Invoke a task's resource; report back with `taskSucceeded`/`taskFailed` for `request.taskId`.
    case invokeTask(TaskRequest)
    /// Deliver `timerFired(timerId:)` at `due` (epoch milliseconds).
    case startTimer(timerId: Int, due: Int64)
    /// A timer that is no longer needed; delivering it anyway is harmless.
    case cancelTimer(timerId: Int)
    /// A task whose result is no longer wanted (its state was aborted or the execution ended).
    case cancelTask(taskId: Int)
    /// The execution is over.
    case executionClosed(ExecutionOutcome)
}

/// One invocation of a Task state's resource.
public struct TaskRequest: Sendable, Hashable {
    /// Identifies this attempt; retries get a new id.
    public var taskId: Int
    /// The state's `Resource` as written.
    public var resource: String
    /// The effective parameters (after InputPath and Parameters).
    public var input: JSONValue
    /// The task token (`$$.Task.Token`), for callbacks and activities.
    public var taskToken: String
    /// TimeoutSeconds in effect (the interpreter also starts a timer for it).
    public var timeoutSeconds: Int?
    /// HeartbeatSeconds in effect; the driver sends `heartbeatMissed` when no heartbeat arrives.
    public var heartbeatSeconds: Int?
    /// The evaluated `Credentials` object, if the state has one.
    public var credentials: JSONValue?
    /// The name of the Task state and the execution it belongs to, for logs and handlers.
    public var stateName: String

    public init(
        taskId: Int, resource: String, input: JSONValue, taskToken: String, timeoutSeconds: Int?,
        heartbeatSeconds: Int?, credentials: JSONValue?, stateName: String
    ) {
        self.taskId = taskId
        self.resource = resource
        self.input = input
        self.taskToken = taskToken
        self.timeoutSeconds = timeoutSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.credentials = credentials
        self.stateName = stateName
    }
}

/// How an execution closed.
public struct ExecutionOutcome: Sendable, Hashable {
    public var status: ExecutionStatus
    /// The output (SUCCEEDED only).
    public var output: JSONValue?
    public var error: String?
    public var cause: String?

    public init(status: ExecutionStatus, output: JSONValue? = nil, error: String? = nil, cause: String? = nil) {
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
    }
}

/// What one call to `Interpreter.apply` produced.
public struct TransitionResult: Sendable, Hashable {
    /// Events to append to the history, in order.
    public var events: [HistoryEvent] = []
    /// Work to carry out, in order.
    public var effects: [Effect] = []

    public init(events: [HistoryEvent] = [], effects: [Effect] = []) {
        self.events = events
        self.effects = effects
    }
}
