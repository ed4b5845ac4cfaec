import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// Parallel states: one frame per branch.
extension Engine {
    mutating func attemptParallel(_ id: Int, _ run: StateRun, _ st: State) throws(Failure) {
        guard let frame = state.frames[id] else { return }
        let input = try effectiveInput(id, run, st)
        let inputText = st.inputPath == .identity && st.parameters == nil ? run.inputText : nil
        emit(id, .parallelStateStarted)
        let graphs = interpreter.childGraphs[Interpreter.GraphState(graph: frame.graph, state: run.name)] ?? []
        var group = ChildGroup(kind: .parallel, results: Array(repeating: nil, count: graphs.count), alive: [])
        group.resultTexts = Array(repeating: nil, count: graphs.count)
        var children: [Int] = []
        for (index, graph) in graphs.enumerated() {
            guard let cursor = state.frames[id]?.cursor else { return }
            let child = Frame(
                parent: id, graph: graph, role: .branch(index: index), cursor: cursor,
                recordsEvents: frame.recordsEvents,
                activity: .entering(state: interpreter.graphs[graph].startAt, input: input, text: inputText))
            let childId = addFrame(child)
            children.append(childId)
            group.alive.insert(childId)
        }
        setActivity(id, .children(run, group))
        if children.isEmpty { runnable.append(id) }
        runnable.append(contentsOf: children.reversed())
    }

    mutating func branchEnded(_ id: Int, index: Int, outcome: ChildOutcome) {
        guard let parent = state.frames.read(id, { $0.parent }), let parentId = parent,
            case (let run, var group, _)? = takeGroup(of: parentId)
        else { return }
        switch outcome {
        case .success(let output, let text):
            if index < group.results.count { group.results[index] = output }
            if index < group.resultTexts.count { group.resultTexts[index] = text }
            detachChild(id, from: parentId, group: &group)
        case .failure(let failure):
            let cursor = state.frames[id]?.cursor
            detachChild(id, from: parentId, group: &group)
            if group.failure == nil {
                group.failure = failure
                abortSiblings(of: parentId, group: &group, after: cursor)
            }
        }
        setActivity(parentId, .children(run, group))
        if group.alive.isEmpty { runnable.append(parentId) }
    }
}
