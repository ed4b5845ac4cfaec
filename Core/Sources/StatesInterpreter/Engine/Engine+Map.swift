import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// Map states: workers (one per allowed concurrent iteration) that take items in order.
///
/// A worker runs its item's iteration as far as it can before the next worker starts, so pure
/// iterations appear one after another, as AWS shows them with MaxConcurrency 1. Distributed
/// Map runs its iterations the same way but records their events nowhere (AWS puts them in child
/// executions) and brackets them with `MapRunStarted`/`MapRun…`.
extension Engine {
    mutating func attemptMap(_ id: Int, _ run: StateRun, _ st: State, _ map: MapState) throws(Failure) {
        guard let frame = state.frames[id] else { return }
        var env = environment(id, run, state: st, input: run.input)
        let items: [JSONValue]
        if st.queryLanguage == .jsonata {
            items = try jsonataItems(id, run, st, map)
        } else {
            env.input = try select(st.inputPath, env, run)
            let itemsValue = try select(map.itemsPath, env, run)
            guard case .array(let array) = itemsValue else {
                throw runtimeFailure(
                    run, "States.Runtime", "Map state input must be an array but was: \(itemsValue.serialized)")
            }
            items = array
        }
        let selectorInput = env.input
        let maxConcurrency = try integerField(map.maxConcurrency, name: "MaxConcurrency", env, id, run, st) ?? 0
        emit(id, .mapStateStarted, JSONObject(uniqueMembers: [(key: "length", value: .int(items.count))]))
        let toleratedCount = try integerField(map.toleratedFailureCount, name: "ToleratedFailureCount", env, id, run, st)
        if let toleratedCount, toleratedCount < 0 {
            throw runtimeFailure(run, "States.Runtime", "ToleratedFailureCount cannot be negative.")
        }
        let toleratedPercentage = try percentageField(map.toleratedFailurePercentage, env, id, run, st)
        if let toleratedPercentage, toleratedPercentage < 0 || toleratedPercentage > 100 {
            throw runtimeFailure(run, "States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.")
        }
        let distributed = map.processor.mode == .distributed
        var mapRunStartedId = 0
        if distributed {
            mapRunStartedId = emit(
                id, .mapRunStarted, JSONObject(uniqueMembers: [(key: "mapRunArn", value: .string(mapRunArn(run, map)))]))
        }
        var progress = MapProgress(
            items: items, toleratedFailureCount: toleratedCount, toleratedFailurePercentage: toleratedPercentage,
            distributed: distributed, selectorInput: selectorInput)
        progress.mapRunStartedId = mapRunStartedId
        var group = ChildGroup(
            kind: .map(progress), results: Array(repeating: nil, count: items.count), alive: [])
        group.resultTexts = Array(repeating: nil, count: items.count)
        // AWS runs at most 40 inline iterations (10,000 child executions) at a time.
        let limit = distributed ? 10_000 : 40
        let workerCount = min(maxConcurrency > 0 ? min(maxConcurrency, limit) : limit, items.count)
        let graph = interpreter.childGraphs[Interpreter.GraphState(graph: frame.graph, state: run.name)]?.first ?? 0
        var workers: [Int] = []
        for _ in 0..<workerCount {
            guard let cursor = state.frames[id]?.cursor else { return }
            let worker = Frame(
                parent: id, graph: graph, role: .mapWorker, cursor: cursor,
                recordsEvents: frame.recordsEvents && !distributed, activity: .takeJob)
            let workerId = addFrame(worker)
            workers.append(workerId)
            group.alive.insert(workerId)
        }
        setActivity(id, .children(run, group))
        if workers.isEmpty { runnable.append(id) }
        runnable.append(contentsOf: workers.reversed())
    }

    /// A worker takes the next item, or ends when none is left.
    mutating func takeJob(worker id: Int) {
        guard let (parent, graph) = state.frames.read(id, { ($0.parent, $0.graph) }), let parentId = parent,
            case (let run, var group, let mapGraph)? = takeGroup(of: parentId)
        else { return }
        guard case .map(var progress) = group.kind,
            let mapPlan = groupPlan(graph: mapGraph, name: run.name), case .map(let map) = mapPlan.state.kind
        else {
            setActivity(parentId, .children(run, group))
            return
        }
        guard group.failure == nil, progress.nextItem < progress.items.count else {
            detachChild(id, from: parentId, group: &group)
            setActivity(parentId, .children(run, group))
            if group.alive.isEmpty { runnable.append(parentId) }
            return
        }
        let index = progress.nextItem
        progress.nextItem += 1
        group.kind = .map(progress)
        setActivity(parentId, .children(run, group))
        let item = progress.items[index]
        state.frames.update(id) { $0.mapItem = MapItem(index: index, value: item, mapName: run.name) }
        state.frames.update(id) { $0.variables = [:] }
        state.frames.update(id) { $0.steps = 0 }
        emit(id, .mapIterationStarted, Engine.iterationDetails(name: run.name, index: index))
        var input = item
        if let selector = map.itemSelector {
            switch selector {
            case .jsonPath(let template):
                let env = environment(id, run, state: nil, input: progress.selectorInput)
                do throws(Failure) {
                    input = try evaluate(template, env, run)
                } catch {
                    iterationEnded(id, outcome: .failure(error))
                    return
                }
            case .jsonata(let value):
                do throws(Failure) {
                    let bindings = jsonataBindings(id, run, mapPlan.state, input: progress.selectorInput)
                    input = try evaluateJSONata(value, field: "ItemSelector", bindings, run)
                } catch {
                    iterationEnded(id, outcome: .failure(error))
                    return
                }
            }
        }
        setActivity(id, .entering(state: interpreter.graphs[graph].startAt, input: input, text: nil))
        runnable.append(id)
    }

    mutating func iterationEnded(_ id: Int, outcome: ChildOutcome) {
        guard let (parent, itemIndex) = state.frames.read(id, { ($0.parent, $0.mapItem?.index) }),
            let parentId = parent, case (let run, var group, _)? = takeGroup(of: parentId)
        else { return }
        guard case .map(var progress) = group.kind else {
            setActivity(parentId, .children(run, group))
            return
        }
        let index = itemIndex ?? 0
        let details = Engine.iterationDetails(name: run.name, index: index)
        switch outcome {
        case .success(let output, let text):
            if index < group.results.count { group.results[index] = output }
            if index < group.resultTexts.count { group.resultTexts[index] = text }
            emit(id, .mapIterationSucceeded, details, updatesSource: false)
        case .failure(let failure):
            emit(id, .mapIterationFailed, details, updatesSource: false)
            progress.failures += 1
            group.kind = .map(progress)
            if !tolerates(progress) {
                group.failure =
                    progress.distributed
                    ? Failure(
                        error: "States.ExceedToleratedFailureThreshold",
                        cause: "The specified tolerated failure threshold for the Map Run has been exceeded.")
                    : failure
                let cursor = state.frames[id]?.cursor
                detachChild(id, from: parentId, group: &group)
                abortSiblings(of: parentId, group: &group, after: cursor)
                setActivity(parentId, .children(run, group))
                if group.alive.isEmpty { runnable.append(parentId) }
                return
            }
            if index < group.results.count {
                group.results[index] = .object(Engine.errorOutput(failure))
            }
        }
        if progress.nextItem >= progress.items.count {
            // AWS: a worker's last iteration's closing event becomes the source of what follows.
            if let last = state.frames[id]?.cursor.lastPublished { state.frames.update(id) { $0.cursor.source = last } }
        }
        setActivity(parentId, .children(run, group))
        setActivity(id, .takeJob)
        state.frames.update(id) { $0.mapItem = nil }
        runnable.append(id)
    }

    /// Whether the failures so far stay within ToleratedFailureCount/Percentage.
    func tolerates(_ progress: MapProgress) -> Bool {
        var tolerated = false
        if let count = progress.toleratedFailureCount, progress.failures <= count { tolerated = true }
        if let percentage = progress.toleratedFailurePercentage, !progress.items.isEmpty {
            let failed = Double(progress.failures) * 100 / Double(progress.items.count)
            if failed <= percentage { tolerated = true }
        }
        return tolerated
    }

    static func iterationDetails(name: String, index: Int) -> JSONObject {
        JSONObject(unique: ("index", .int(index)), ("name", .string(name)))
    }

    /// `arn:…:mapRun:MACHINE/LABEL-or-ID:ID`, AWS's shape, with ids from the seeded generator.
    mutating func mapRunArn(_ run: StateRun, _ map: MapState) -> String {
        guard let metadata = state.metadata else { return "" }
        let first = map.label ?? UUIDText.v4(using: &state.random)
        let second = UUIDText.v4(using: &state.random)
        return
            "arn:\(metadata.partition):states:\(metadata.region):\(metadata.account):mapRun:\(metadata.stateMachineName)/\(first):\(second)"
    }

    /// MaxConcurrency(Path), ToleratedFailureCount(Path): a literal or a path to an integer.
    mutating func integerField(
        _ source: ValueSource<Int>?, name: String, _ env: ExpressionEnvironment, _ id: Int, _ run: StateRun, _ st: State
    ) throws(Failure) -> Int? {
        guard let source else { return nil }
        switch source {
        case .literal(let value): return value
        case .path(let path):
            let value = path.select(in: env)
            let parsed: Int? =
                switch value {
                case .number(let n)? where n.isIntegerLiteral: n.intValue
                case .string(let text)?: Int(text)
                default: nil
                }
            guard let int = parsed else {
                throw runtimeFailure(
                    run, "States.Runtime",
                    "The \(name)Path field refers to value \"\(Engine.plain(value ?? .null))\" which is not a valid integer: \(path.text)"
                )
            }
            return int
        case .jsonata(let value):
            let n = try jsonataNumber(value, field: name, id, run, st)
            guard n.isIntegral, let int = n.intValue else {
                throw queryFailure(run, location: name, "The \(name) field must be an integer, but was: \(n)")
            }
            return int
        }
    }

    mutating func percentageField(
        _ source: ValueSource<JSONNumber>?, _ env: ExpressionEnvironment, _ id: Int, _ run: StateRun, _ st: State
    ) throws(Failure) -> Double? {
        guard let source else { return nil }
        switch source {
        case .literal(let value): return value.doubleValue
        case .path(let path):
            let value = path.select(in: env)
            let parsed: Double? =
                switch value {
                case .number(let n)?: n.doubleValue
                case .string(let text)?: Double(text)
                default: nil
                }
            guard let percentage = parsed else {
                throw runtimeFailure(
                    run, "States.Runtime",
                    "The ToleratedFailurePercentagePath field refers to value \"\(Engine.plain(value ?? .null))\" which is not a valid float: \(path.text)"
                )
            }
            return percentage
        case .jsonata(let value):
            return try jsonataNumber(value, field: "ToleratedFailurePercentage", id, run, st).doubleValue
        }
    }
}
