public import SluiceJSON
import StatesJSONPath

/// Everything the interpreter remembers about one execution between two input events.
///
/// A plain value: frames (one per running branch, Map worker or the top level), pending timers and
/// tasks, the event counter and the seeded random generator. A server persists it after every
/// transition; replaying the same input events against the same definition yields the same value.
public struct ExecutionState: Sendable, Hashable {
    /// Who the execution is; `nil` before `start`.
    public internal(set) var metadata: ExecutionMetadata?
    /// RUNNING until the execution closes.
    public internal(set) var status: ExecutionStatus = .running
    /// How many history events the execution has produced (the last event's id).
    public internal(set) var eventCount: Int = 0
    /// The execution's input (`$$.Execution.Input`).
    public internal(set) var input: JSONValue = .null
    /// How the execution ended, once it has.
    public internal(set) var outcome: ExecutionOutcome?

    var random = SeededRandom(seed: 0)
    var frames = FrameTable()
    var nextFrameId = 0
    var nextTimerId = 1
    var nextTaskId = 1
    var timers: [Int: TimerPurpose] = [:]
    var tasks: [Int: Int] = [:]

    public init() {}

    /// Whether the execution has closed.
    public var isClosed: Bool { status != .running }
}

/// Why a timer was started.
enum TimerPurpose: Sendable, Hashable {
    /// A Wait state's end, for the frame.
    case wait(frame: Int)
    /// The delay before a retry, for the frame.
    case retry(frame: Int)
    /// A task's TimeoutSeconds.
    case taskTimeout(frame: Int, taskId: Int)
    /// The state machine's TimeoutSeconds.
    case executionTimeout
}

/// Where the next history event of a frame points with `previousEventId`, following AWS's rules:
/// `source` is the event a new event follows; `lastPublished` is the last event the frame wrote.
struct HistoryCursor: Sendable, Hashable {
    var source: Int
    var lastPublished: Int

    mutating func integrate(_ other: HistoryCursor) {
        source = max(source, other.source)
        lastPublished = max(lastPublished, other.lastPublished)
    }
}

/// A thread of control: the top level, one Parallel branch or one Map worker.
struct Frame: Sendable, Hashable {
    enum Role: Sendable, Hashable {
        case root
        case branch(index: Int)
        case mapWorker
    }

    var parent: Int?
    /// Index of the state graph this frame runs (see `CompiledDefinition.graphs`).
    var graph: Int
    var role: Role
    var cursor: HistoryCursor
    /// Variables declared in this frame's scope.
    var variables: [String: JSONValue] = [:]
    /// The Map item this worker is processing.
    var mapItem: MapItem?
    /// False inside Distributed Map child runs, whose events belong to child executions.
    var recordsEvents: Bool
    /// States entered since the frame (or its current Map item) started; bounds runs that record
    /// no events (Distributed Map children), where the history limit cannot.
    var steps: Int = 0
    var activity: Activity
}

/// `$$.Map.Item`.
struct MapItem: Sendable, Hashable {
    var index: Int
    var value: JSONValue
    /// The Map state's name (iteration events name it).
    var mapName: String
}

/// The state a frame is in and what it waits for.
enum Activity: Sendable, Hashable {
    /// About to enter a state with the given input (runnable).
    /// `text` is the input's exact serialisation when it must be echoed verbatim (an untouched
    /// execution input keeps the caller's formatting in AWS's history).
    case entering(state: String, input: JSONValue, text: String?)
    /// About to (re)start the work of a Task, Parallel or Map state (runnable).
    case attempt(StateRun)
    /// Waiting for a task's outcome.
    case task(StateRun, TaskWait)
    /// A Wait state waiting for its timer.
    case waiting(StateRun, timerId: Int, output: JSONValue, assigned: [Assignment])
    /// Waiting out a retry delay.
    case retrying(StateRun, timerId: Int)
    /// A Parallel or Map state waiting for its branches or iterations.
    case children(StateRun, ChildGroup)
    /// A Map worker about to take its next item (runnable).
    case takeJob
    /// The frame's graph ended with an output.
    case done(JSONValue)
    /// The frame's graph failed.
    case failed(Failure)
    /// Stopped from outside (sibling failure, execution end).
    case aborted
}

/// A state being executed.
struct StateRun: Sendable, Hashable {
    var name: String
    var enteredEventId: Int
    var enteredTime: Int64
    /// The state's input as it entered.
    var input: JSONValue
    /// The input's verbatim text, when it has one (see `Activity.entering`).
    var inputText: String? = nil
    /// Attempts used, per retrier.
    var retryCounts: [Int]
    /// `$$.State.RetryCount`.
    var retryCount: Int = 0
    /// The event the entered event followed (an `EvaluationFailed` event follows it too).
    var enteredPrevious: Int = 0
}

/// A task in flight.
struct TaskWait: Sendable, Hashable {
    var taskId: Int
    var timeoutTimer: Int?
    var kind: ResourceKind
    var token: String
}

/// A variable assignment computed by `Assign`.
struct Assignment: Sendable, Hashable {
    var name: String
    var value: JSONValue
}

/// An error name and cause; both may be absent (a Fail state without Error/Cause).
struct Failure: Sendable, Hashable, Error {
    var error: String?
    var cause: String?
    /// Set for JSONata evaluation errors, which AWS records with an `EvaluationFailed` event
    /// naming the field (`location`, may be empty).
    var evaluationLocation: String? = nil
}

/// The branches of a Parallel state or the items of a Map state, in flight.
struct ChildGroup: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case parallel
        case map(MapProgress)
    }

    var kind: Kind
    var results: [JSONValue?]
    /// Verbatim texts of results, where a branch passed an untouched input through.
    var resultTexts: [String?] = []
    /// Child frames still alive.
    var alive: Set<Int>
    /// The first failure that ends the group.
    var failure: Failure?
}

/// A Map state's progress over its items.
struct MapProgress: Sendable, Hashable {
    var items: [JSONValue]
    var nextItem: Int = 0
    var failures: Int = 0
    var toleratedFailureCount: Int?
    var toleratedFailurePercentage: Double?
    var distributed: Bool
    /// The `MapRunStarted` event (Distributed mode): AWS's `MapStateExited` follows it.
    var mapRunStartedId: Int = 0
    /// The Map's effective input, `$` of ItemSelector.
    var selectorInput: JSONValue
}

extension Frame.Role {
    var isBranch: Bool {
        if case .branch = self { true } else { false }
    }
}
