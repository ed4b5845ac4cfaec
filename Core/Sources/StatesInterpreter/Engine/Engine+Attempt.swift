import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// Task, Parallel and Map states: one attempt of their work (repeated by Retry), and how a
/// result completes them.
extension Engine {
    /// AWS recordings from November 2024 on show a Distributed Map's `MapStateExited` following
    /// `MapRunStarted`; earlier ones show it following `MapRunSucceeded`. We follow the current
    /// behaviour; set to `false` for the earlier one.
    static let distributedExitFollowsMapRunStarted = true

    mutating func attempt(frame id: Int, run: StateRun) {
        guard let graph = state.frames.read(id, { $0.graph }), let plan = interpreter.plan(graph: graph, name: run.name)
        else { return }
        do throws(Failure) {
            switch plan.state.kind {
            case .task(let task): try attemptTask(id, run, plan.state, task)
            case .parallel: try attemptParallel(id, run, plan.state)
            case .map(let map): try attemptMap(id, run, plan.state, map)
            default: return
            }
        } catch {
            stateFailed(id, run, plan.state, error)
        }
    }

    /// ResultSelector → Assign → ResultPath → OutputPath, then the exited event.
    ///
    /// `resultText` is the result's verbatim text, if it has one; it survives when nothing
    /// reshapes the result.
    mutating func complete(_ id: Int, _ run: StateRun, _ st: State, result: JSONValue, resultText: String? = nil) {
        if st.queryLanguage == .jsonata {
            completeJSONata(id, run, st, result: result, resultText: resultText)
            return
        }
        do throws(Failure) {
            var env = environment(id, run, state: st, input: result)
            if let selector = st.resultSelector {
                env.input = try evaluate(selector, env, run)
            }
            let assigned = try evaluateAssign(st.assign, env, run)
            env.input = try applyResultPath(st.resultPath, result: env.input, input: run.input, run)
            let output = try select(st.outputPath, env, run)
            var text: String?
            if st.outputPath == .identity {
                if st.resultPath.path == nil {
                    text = run.inputText
                } else if st.resultPath.path?.text == "$", st.resultSelector == nil {
                    text = resultText
                }
            }
            finish(id, run, st, output: output, assigned: assigned, outputText: text)
        } catch {
            stateFailed(id, run, st, error)
        }
    }

    /// The effective input of a Task or Parallel state: InputPath, then Parameters.
    mutating func effectiveInput(_ id: Int, _ run: StateRun, _ st: State, taskToken: String? = nil) throws(Failure)
        -> JSONValue
    {
        if st.queryLanguage == .jsonata { return try jsonataArguments(id, run, st, taskToken: taskToken) }
        var env = environment(id, run, state: st, input: run.input, taskToken: taskToken)
        env.input = try select(st.inputPath, env, run)
        if let parameters = st.parameters { return try evaluate(parameters, env, run) }
        return env.input
    }

    // MARK: Children (Parallel branches, Map iterations)

    mutating func childrenFinished(frame id: Int, run: StateRun, group: ChildGroup) {
        guard let frame = state.frames[id], let st = interpreter.graphs[frame.graph].state(named: run.name) else { return }
        switch group.kind {
        case .parallel:
            if let failure = group.failure {
                stateFailed(id, run, st, failure, fromChildren: true)
                return
            }
            emit(id, .parallelStateSucceeded, updatesSource: false)
        case .map(let progress):
            if progress.distributed {
                if let failure = group.failure {
                    emit(id, .mapRunFailed, Engine.errorDetails(failure))
                } else {
                    emit(id, .mapRunSucceeded)
                }
            }
            if let failure = group.failure {
                stateFailed(id, run, st, failure, fromChildren: true)
                return
            }
            emit(id, .mapStateSucceeded, updatesSource: false)
            if Engine.distributedExitFollowsMapRunStarted, progress.distributed, progress.mapRunStartedId > 0 {
                state.frames.update(id) { $0.cursor.source = progress.mapRunStartedId }
            }
        }
        let results = group.results.map { $0 ?? .null }
        var resultText: String?
        if !results.isEmpty, group.resultTexts.count == results.count, group.resultTexts.allSatisfy({ $0 != nil }) {
            var parts: [String] = []
            for (i, value) in results.enumerated() {
                parts.append((i < group.resultTexts.count ? group.resultTexts[i] : nil) ?? value.serialized)
            }
            resultText = "[" + parts.joined(separator: ",") + "]"
        }
        complete(id, run, st, result: .array(results), resultText: resultText)
    }

    /// Takes a Parallel/Map frame's group out of the frame, so that changing it does not copy its
    /// arrays (results of 10,000 items …); every caller puts it back with `setActivity`.
    mutating func takeGroup(of parentId: Int) -> (run: StateRun, group: ChildGroup, graph: Int)? {
        var taken: (run: StateRun, group: ChildGroup, graph: Int)?
        state.frames.update(parentId) { frame in
            // Swapped out rather than copied, so that the group's arrays stay uniquely owned.
            var activity = Activity.aborted
            swap(&activity, &frame.activity)
            guard case .children(let run, let group) = activity else {
                swap(&activity, &frame.activity)
                return
            }
            taken = (run, group, frame.graph)
        }
        return taken
    }

    /// The plan of the Parallel/Map state `name` whose children are running: remembered from the
    /// last call, since its children ask for it once per branch or item.
    mutating func groupPlan(graph: Int, name: String) -> StatePlan? {
        if let last = lastGroupPlan, last.graph == graph, last.name == name { return last }
        let plan = interpreter.plan(graph: graph, name: name)
        lastGroupPlan = plan
        return plan
    }

    /// Removes a finished child frame, folding its history cursor into its parent's.
    mutating func detachChild(_ childId: Int, from parentId: Int, group: inout ChildGroup) {
        if let child = state.frames[childId] {
            state.frames.update(parentId) { $0.cursor.integrate(child.cursor) }
        }
        state.frames[childId] = nil
        group.alive.remove(childId)
    }

    /// Ends every other child of a failed group.
    mutating func abortSiblings(of parentId: Int, group: inout ChildGroup, after failingCursor: HistoryCursor?) {
        for sibling in group.alive.sorted() {
            abortFrame(sibling, announce: true, previous: failingCursor?.source)
            detachChild(sibling, from: parentId, group: &group)
        }
    }
}
