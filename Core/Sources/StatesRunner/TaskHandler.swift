public import SluiceJSON
public import StatesInterpreter

/// Carries out Task states for the local runner: gets the request (resource, effective input,
/// token, timeouts) and answers with the task's result or error.
public protocol TaskHandler: Sendable {
    func invoke(_ request: TaskRequest) async -> TaskOutcome
}

/// What a task handler answers.
public enum TaskOutcome: Sendable, Hashable {
    /// The task's result (the state's `$` before ResultSelector).
    case succeeded(JSONValue)
    /// The task failed with an error name and cause (both optional, as in SendTaskFailure).
    case failed(error: String?, cause: String?)
    /// The task never answers: only its TimeoutSeconds/HeartbeatSeconds (or the execution's
    /// timeout) end it. For simulating hung work.
    case noAnswer
    /// A callback (`.waitForTaskToken`) or `.sync` task: the initial request answered `response`
    /// (recorded as `TaskSubmitted`), then the task ended as `then` says.
    indirect case submitted(response: JSONValue, then: TaskOutcome)
}

/// A task handler made of a closure, for tests and simple embeddings.
public struct ClosureTaskHandler: TaskHandler {
    let body: @Sendable (TaskRequest) async -> TaskOutcome

    public init(_ body: @escaping @Sendable (TaskRequest) async -> TaskOutcome) {
        self.body = body
    }

    public func invoke(_ request: TaskRequest) async -> TaskOutcome { await body(request) }
}

/// The handler used when none is given: every task fails, naming its resource.
public struct UnsupportedTaskHandler: TaskHandler {
    public init() {}

    public func invoke(_ request: TaskRequest) async -> TaskOutcome {
        .failed(error: "States.TaskFailed", cause: "No task handler for resource '\(request.resource)'.")
    }
}
