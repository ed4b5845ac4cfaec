import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// One transition in progress: the interpreter's working copy of the execution state, the events
/// and effects produced so far, and the frames that can make progress.
struct Engine {
    let interpreter: Interpreter
    var state: ExecutionState
    let now: Int64
    var result = TransitionResult()
    /// Frames that can make progress, last in first out.
    var runnable: [Int] = []
    /// Parts of the context object that stay the same during a transition.
    var contextCache = ContextCache()
    /// Whether the 25,000-event history limit applies (Standard executions).
    var historyLimited = true
    /// The state entered last: its `Next` is the likely next state to look up.
    var lastEntered: StatePlan?
    /// The Parallel/Map state whose children asked for it last (see `groupPlan`).
    var lastGroupPlan: StatePlan?

    /// AWS's limit on a Standard execution's history (Express executions have none).
    static let historyLimit = 25_000

    init(interpreter: Interpreter, state: ExecutionState, now: Int64) {
        self.interpreter = interpreter
        self.state = state
        self.now = now
    }

    // MARK: Input events

    mutating func handle(_ event: InputEvent) {
        if case .start(let input, let text, let metadata, let seed) = event {
            start(input: input, inputText: text, metadata: metadata, seed: seed)
            drive()
            return
        }
        guard !state.isClosed, let isExpress = state.metadata?.isExpress else { return }
        historyLimited = !isExpress
        switch event {
        case .start: return
        case .taskStarted(let taskId, let workerName): taskStarted(taskId: taskId, workerName: workerName)
        case .taskSubmitted(let taskId, let output): taskSubmitted(taskId: taskId, output: output)
        case .taskSucceeded(let taskId, let output): taskSucceeded(taskId: taskId, output: output)
        case .taskFailed(let taskId, let error, let cause):
            taskFailed(taskId: taskId, failure: Failure(error: error, cause: cause))
        case .taskTimedOut(let taskId), .heartbeatMissed(let taskId): taskTimedOut(taskId: taskId)
        case .timerFired(let timerId): timerFired(timerId)
        case .stopRequested(let error, let cause): stop(error: error, cause: cause)
        }
        drive()
    }

    mutating func start(input: JSONValue, inputText: String?, metadata: ExecutionMetadata, seed: UInt64) {
        guard state.metadata == nil else { return }
        state.metadata = metadata
        historyLimited = !metadata.isExpress
        state.input = input
        state.random = SeededRandom(seed: seed)
        let root = Frame(
            parent: nil, graph: 0, role: .root, cursor: HistoryCursor(source: 0, lastPublished: 0),
            recordsEvents: true, activity: .entering(state: interpreter.definition.startAt, input: input, text: inputText))
        let id = addFrame(root)
        var details = JSONObject()
        details.appendUnique(key: "input", value: .string(inputText ?? input.serialized))
        details.appendUnique(key: "inputDetails", value: Engine.notTruncated)
        details.appendUnique(key: "roleArn", value: .string(metadata.roleArn))
        emit(id, .executionStarted, details, updatesSource: false)
        if let timeout = interpreter.definition.timeoutSeconds {
            let timer = newTimer(.executionTimeout)
            result.effects.append(.startTimer(timerId: timer, due: due(afterSeconds: Int64(timeout))))
        }
        runnable.append(id)
    }

    /// Runs every runnable frame until all of them wait for something or the execution closed.
    mutating func drive() {
        while let id = runnable.popLast() {
            if state.isClosed { runnable.removeAll(); return }
            guard let activity = state.frames.read(id, { $0.activity }) else { continue }
            switch activity {
            case .entering(let name, let input, let text): enter(frame: id, stateName: name, input: input, text: text)
            case .attempt(let run): attempt(frame: id, run: run)
            case .takeJob: takeJob(worker: id)
            case .children(let run, let group) where group.alive.isEmpty: childrenFinished(frame: id, run: run, group: group)
            default: break
            }
        }
    }

    // MARK: Time

    /// `now` plus `seconds`, saturating instead of overflowing on absurd durations.
    func due(afterSeconds seconds: Int64) -> Int64 {
        let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? Int64.min : Int64.max) : Engine.saturatingAdd(now, millis)
    }

    static func saturatingSubtract(_ a: Int64, _ b: Int64) -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b > 0 ? Int64.min : Int64.max) : difference
    }

    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int64.min : Int64.max) : sum
    }

    // MARK: Frames

    mutating func addFrame(_ frame: Frame) -> Int {
        let id = state.nextFrameId
        state.nextFrameId += 1
        state.frames[id] = frame
        return id
    }

    func frame(_ id: Int) -> Frame? { state.frames[id] }

    mutating func setActivity(_ id: Int, _ activity: Activity) {
        state.frames.update(id) { $0.activity = activity }
    }

    mutating func newTimer(_ purpose: TimerPurpose) -> Int {
        let id = state.nextTimerId
        state.nextTimerId += 1
        state.timers[id] = purpose
        return id
    }

    mutating func cancelTimer(_ id: Int?) {
        guard let id, state.timers.removeValue(forKey: id) != nil else { return }
        result.effects.append(.cancelTimer(timerId: id))
    }

    // MARK: History

    static let notTruncated: JSONValue = .object(JSONObject(uniqueMembers: [(key: "truncated", value: .bool(false))]))

    /// Appends an event for `frame` and returns its id (0 when the frame records no events).
    @discardableResult
    ///
    /// `previous` overrides the frame's cursor (aborted events point at the failure that caused
    /// them) and then leaves the cursor as it is.
    mutating func emit(
        _ frameId: Int, _ type: HistoryEventType, _ details: JSONObject? = nil, updatesSource: Bool = true,
        previous: Int? = nil
    ) -> Int {
        emit(frameId, type, stored: .built(details), updatesSource: updatesSource, previous: previous)
    }

    /// `emit` with details recorded as their parts (see `EventDetails`).
    @discardableResult
    mutating func emit(
        _ frameId: Int, _ type: HistoryEventType, stored details: EventDetails, updatesSource: Bool = true,
        previous: Int? = nil
    ) -> Int {
        // Fields read one by one: copying the whole frame costs more than the rest of this.
        guard let (recordsEvents, source) = state.frames.read(frameId, { ($0.recordsEvents, $0.cursor.source) }),
            recordsEvents, !state.isClosed || type.closesExecution
        else {
            return 0
        }
        let id = state.eventCount + 1
        state.eventCount = id
        result.events.append(
            HistoryEvent(id: id, previousEventId: previous ?? source, timestamp: now, type: type, stored: details))
        if previous == nil {
            state.frames.update(frameId) {
                $0.cursor.lastPublished = id
                if updatesSource { $0.cursor.source = id }
            }
        }
        if id >= Engine.historyLimit, historyLimited, !type.closesExecution, !state.isClosed {
            closeExecution(
                frame: frameId, status: .failed,
                failure: Failure(
                    error: "States.Runtime",
                    cause: "The execution reached the maximum number of history events (25000)."))
        }
        return id
    }

    /// Details of a `…StateEntered` event.
    static func enteredDetails(name: String, input: JSONValue, text: String? = nil) -> JSONObject {
        // Not `JSONObject(uniqueMembers:)`, which builds an array of tuples first.
        JSONObject(
            unique: ("name", .string(name)), ("input", .string(text ?? input.serialized)), ("inputDetails", notTruncated))
    }

    /// Details of a `…StateExited` event.
    static func exitedDetails(name: String, output: JSONValue, assigned: [Assignment], text: String? = nil)
        -> JSONObject
    {
        var details = JSONObject(
            unique: ("name", .string(name)), ("output", .string(text ?? output.serialized)),
            ("outputDetails", notTruncated))
        if !assigned.isEmpty {
            var vars = JSONObject()
            for a in assigned { vars[a.name] = .string(a.value.serialized) }
            details.appendUnique(key: "assignedVariables", value: .object(vars))
            details.appendUnique(key: "assignedVariablesDetails", value: notTruncated)
        }
        return details
    }

    static func errorDetails(_ failure: Failure) -> JSONObject {
        var details = JSONObject()
        if let error = failure.error { details.appendUnique(key: "error", value: .string(error)) }
        if let cause = failure.cause { details.appendUnique(key: "cause", value: .string(cause)) }
        return details
    }

    // MARK: Closing

    /// Ends the execution: the closing event on the root frame's cursor, then every pending timer
    /// and task is cancelled.
    mutating func closeExecution(
        frame frameId: Int, status: ExecutionStatus, output: JSONValue? = nil, outputText: String? = nil,
        failure: Failure? = nil
    ) {
        guard !state.isClosed else { return }
        let rootCursorFrame = frameId
        switch status {
        case .succeeded:
            var details = JSONObject()
            details.appendUnique(key: "output", value: .string(outputText ?? (output ?? .null).serialized))
            details.appendUnique(key: "outputDetails", value: Engine.notTruncated)
            emit(rootCursorFrame, .executionSucceeded, details)
        case .failed: emit(rootCursorFrame, .executionFailed, Engine.errorDetails(failure ?? Failure()))
        case .timedOut: emit(rootCursorFrame, .executionTimedOut, Engine.errorDetails(failure ?? Failure()))
        case .aborted: emit(rootCursorFrame, .executionAborted, Engine.errorDetails(failure ?? Failure()))
        case .running: return
        }
        state.status = status
        let outcome = ExecutionOutcome(status: status, output: output, error: failure?.error, cause: failure?.cause)
        state.outcome = outcome
        for timer in state.timers.keys.sorted() { result.effects.append(.cancelTimer(timerId: timer)) }
        for task in state.tasks.keys.sorted() { result.effects.append(.cancelTask(taskId: task)) }
        state.timers.removeAll()
        state.tasks.removeAll()
        state.frames.removeAll()
        runnable.removeAll()
        result.effects.append(.executionClosed(outcome))
    }

    mutating func stop(error: String?, cause: String?) {
        guard let root = state.frames.firstId else { return }
        closeExecution(frame: root, status: .aborted, failure: Failure(error: error, cause: cause))
    }
}

extension HistoryEventType {
    var closesExecution: Bool {
        switch self {
        case .executionSucceeded, .executionFailed, .executionTimedOut, .executionAborted: true
        default: false
        }
    }
}
