public import SluiceJSON

/// Something that happened to an execution, fed to `Interpreter.apply`.
public enum InputEvent: Sendable, Hashable {
    /// Starts the execution. `input` is the parsed input; `inputText`, when given, is the input as
    /// the caller sent it (AWS echoes it byte for byte in `ExecutionStarted`).
    case start(input: JSONValue, inputText: String?, metadata: ExecutionMetadata, seed: UInt64)
    /// An activity worker picked the task up (`ActivityStarted`); other resources start at once.
    case taskStarted(taskId: Int, workerName: String?)
    /// A callback task's initial request returned (`TaskSubmitted`); the task now waits for its token.
    case taskSubmitted(taskId: Int, output: JSONValue)
    case taskSucceeded(taskId: Int, output: JSONValue)
    case taskFailed(taskId: Int, error: String?, cause: String?)
    /// The task ran past its TimeoutSeconds (drivers that track time out of band may send this
    /// instead of firing the interpreter's timeout timer).
    case taskTimedOut(taskId: Int)
    /// The task sent no heartbeat within HeartbeatSeconds.
    case heartbeatMissed(taskId: Int)
    /// A timer the interpreter asked for came due.
    case timerFired(timerId: Int)
    /// StopExecution.
    case stopRequested(error: String?, cause: String?)
}
