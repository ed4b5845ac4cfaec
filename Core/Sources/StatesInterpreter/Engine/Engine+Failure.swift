import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// Errors: Retry, Catch, and how a frame's end reaches its parent.
extension Engine {
    /// A state failed with `failure`: retry it, catch it, or fail its frame.
    ///
    /// `fromChildren` marks failures of a Parallel branch or Map iteration: only those close the
    /// state with `ParallelStateFailed`/`MapStateFailed` (AWS writes none for the state's own
    /// runtime errors).
    mutating func stateFailed(_ id: Int, _ run: StateRun, _ st: State, _ failure: Failure, fromChildren: Bool = false) {
        var run = run
        // A child's evaluation error was recorded where it happened, in the branch or iteration.
        if !fromChildren, let location = failure.evaluationLocation {
            var details = Engine.errorDetails(failure)
            if !location.isEmpty { details.appendUnique(key: "location", value: .string(location)) }
            details.appendUnique(key: "state", value: .string(run.name))
            // AWS points the event at what preceded the state's entered event, except in Wait
            // states, where it follows the entered event.
            var previous: Int? = run.enteredPrevious
            if case .wait = st.kind { previous = state.frames[id]?.cursor.source }
            let eventId = emit(id, .evaluationFailed, details, previous: previous)
            if eventId > 0 {
                state.frames.update(id) { $0.cursor.source = eventId }
                state.frames.update(id) { $0.cursor.lastPublished = eventId }
            }
        }
        let closesWithFailedEvent = fromChildren || failure.evaluationLocation != nil
        let name = failure.error ?? ""
        if let index = st.retriers.firstIndex(where: { ErrorNames.matches($0.errorEquals, name) }),
            index < run.retryCounts.count
        {
            let retrier = st.retriers[index]
            if run.retryCounts[index] < retrier.maxAttempts {
                let delay = retryDelayMilliseconds(retrier, attempt: run.retryCounts[index])
                run.retryCounts[index] += 1
                run.retryCount += 1
                let timer = newTimer(.retry(frame: id))
                result.effects.append(.startTimer(timerId: timer, due: Engine.saturatingAdd(now, delay)))
                setActivity(id, .retrying(run, timerId: timer))
                return
            }
        }
        if closesWithFailedEvent {
            switch st.kind {
            case .parallel: emit(id, .parallelStateFailed)
            case .map: emit(id, .mapStateFailed)
            default: break
            }
        }
        if let catcherIndex = st.catchers.firstIndex(where: { ErrorNames.matches($0.errorEquals, name) }) {
            let catcher = st.catchers[catcherIndex]
            let errorOutput = Engine.errorOutput(failure)
            do throws(Failure) {
                if st.queryLanguage == .jsonata {
                    let bindings = jsonataBindings(id, run, st, input: run.input, errorOutput: .object(errorOutput))
                    let (output, assigned) = try jsonataOutput(
                        catcher.output, catcher.assign, fallback: .object(errorOutput), bindings, run,
                        prefix: "Catch[\(catcherIndex)]/")
                    finish(id, run, st, output: output, assigned: assigned, next: catcher.next)
                    return
                }
                let env = environment(id, run, state: st, input: .object(errorOutput))
                let assigned = try evaluateAssign(catcher.assign, env, run)
                let output = try applyResultPath(
                    catcher.resultPath, result: .object(errorOutput), input: run.input, run)
                finish(id, run, st, output: output, assigned: assigned, next: catcher.next)
            } catch {
                frameFailed(id, error)
            }
            return
        }
        // AWS closes a Task that fails a Parallel branch with TaskStateAborted.
        if case .task = st.kind, state.frames[id]?.role.isBranch == true {
            emit(id, .taskStateAborted, updatesSource: false)
        }
        frameFailed(id, failure)
    }

    /// The error output a catcher passes on: `{"Error": …, "Cause": …}`, `null` for what is absent.
    static func errorOutput(_ failure: Failure) -> JSONObject {
        JSONObject(uniqueMembers: [
            (key: "Error", value: failure.error.map(JSONValue.string) ?? .null),
            // A timeout has no cause in the history, yet its error output carries "".
            (key: "Cause", value: failure.cause.map(JSONValue.string) ?? (failure.error == "States.Timeout" ? "" : .null)),
        ])
    }

    /// IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter drawn
    /// from the execution's generator.
    mutating func retryDelayMilliseconds(_ retrier: Retrier, attempt: Int) -> Int64 {
        var delay = Double(retrier.intervalSeconds)
        var i = 0
        while i < attempt, delay < 1e12 {
            delay *= retrier.backoffRate
            i += 1
        }
        if let cap = retrier.maxDelaySeconds { delay = min(delay, Double(cap)) }
        delay = min(delay, 1e12)
        if retrier.jitterStrategy == .full, delay > 0 {
            delay = Double.random(in: 0...delay, using: &state.random)
        }
        return Int64((max(0, delay) * 1000).rounded())
    }

    mutating func retryTimerFired(frame id: Int) {
        guard let frame = state.frames[id], case .retrying(let run, _) = frame.activity else { return }
        setActivity(id, .attempt(run))
        runnable.append(id)
    }

    // MARK: Frame ends

    /// The frame's graph reached an end state with `output`.
    mutating func frameCompleted(_ id: Int, output: JSONValue, text: String? = nil) {
        guard let role = state.frames.read(id, { $0.role }) else { return }
        switch role {
        case .root: closeExecution(frame: id, status: .succeeded, output: output, outputText: text)
        case .branch(let index): branchEnded(id, index: index, outcome: .success(output, text))
        case .mapWorker: iterationEnded(id, outcome: .success(output, text))
        }
    }

    /// The frame's graph failed (an uncaught error or a Fail state).
    mutating func frameFailed(_ id: Int, _ failure: Failure) {
        guard let frame = state.frames[id] else { return }
        switch frame.role {
        case .root: closeExecution(frame: id, status: .failed, failure: failure)
        case .branch(let index): branchEnded(id, index: index, outcome: .failure(failure))
        case .mapWorker: iterationEnded(id, outcome: .failure(failure))
        }
    }

    /// Removes a child frame and everything below it, cancelling their timers and tasks.
    /// With `announce`, running states get their `…Aborted` events.
    ///
    /// `previous` is the event the aborted events follow (the failure of the sibling that caused
    /// the abort); without it they follow each frame's own cursor.
    mutating func abortFrame(_ id: Int, announce: Bool, previous: Int? = nil) {
        var stack = [id]
        var order: [Int] = []
        while let next = stack.popLast() {
            order.append(next)
            stack.append(contentsOf: state.frames.children(of: next))
        }
        for frameId in order.reversed() {
            guard let frame = state.frames[frameId] else { continue }
            switch frame.activity {
            case .task(_, let wait):
                cancelTimer(wait.timeoutTimer)
                if state.tasks.removeValue(forKey: wait.taskId) != nil {
                    result.effects.append(.cancelTask(taskId: wait.taskId))
                }
                if announce { emit(frameId, .taskStateAborted, previous: previous) }
            case .waiting(_, let timer, _, _):
                cancelTimer(timer)
                if announce { emit(frameId, .waitStateAborted, previous: previous) }
            case .retrying(_, let timer):
                cancelTimer(timer)
            case .children(let run, _):
                if announce, let st = interpreter.graphs[frame.graph].state(named: run.name) {
                    if case .map = st.kind {
                        emit(frameId, .mapStateAborted, previous: previous)
                    } else {
                        emit(frameId, .parallelStateAborted, previous: previous)
                    }
                }
            default: break
            }
            if announce, frame.role == .mapWorker, let item = frame.mapItem {
                emit(
                    frameId, .mapIterationAborted, Engine.iterationDetails(name: item.mapName, index: item.index),
                    previous: previous)
            }
            if frameId != id { state.frames[frameId] = nil }
        }
    }
}

/// Error-name matching for Retry and Catch.
enum ErrorNames {
    /// Errors `States.ALL` does not catch. (AWS documents States.DataLimitExceeded as terminal
    /// too, but its recorded executions catch it with States.ALL.)
    static let terminal: Set<String> = ["States.Runtime"]

    static func matches(_ names: [String], _ error: String) -> Bool {
        // States.Runtime ends the execution: no retrier or catcher handles it, not even by name.
        if error == "States.Runtime" { return false }
        for name in names {
            if name == error { return true }
            if name == "States.ALL", !terminal.contains(error) { return true }
            if name == "States.TaskFailed", error != "States.Timeout", !terminal.contains(error) { return true }
        }
        return false
    }
}

/// How a branch or an iteration ended.
enum ChildOutcome {
    case success(JSONValue, String?)
    case failure(Failure)
}
