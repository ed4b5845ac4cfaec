import SluiceJSON
public import StatesLanguage

/// The pure, deterministic Step Functions interpreter (JSONPath mode).
///
/// `apply` takes an execution's state, one input event and the current time, and returns the
/// history events to append and the effects to carry out. It does no I/O, reads no clock and
/// draws randomness only from the generator kept in `ExecutionState`, so replaying the same
/// events yields the same history. Build one `Interpreter` per definition and reuse it.
public struct Interpreter: Sendable {
    public let definition: StateMachine
    /// Every state graph of the definition: the top level first, then Parallel branches and Map
    /// processors in document order. Frames refer to graphs by index.
    let graphs: [StateGraph]
    /// The graphs a Parallel (one per branch) or Map (one) state of a graph runs.
    let childGraphs: [GraphState: [Int]]
    /// Per graph, the states in document order with what is precomputed about them.
    let plans: [[StatePlan]]
    /// Per graph, the position of its `StartAt` state.
    let startIndices: [Int?]
    /// Evaluates JSONata-mode expressions; `nil` makes JSONata states fail.
    let jsonata: (any JSONataEvaluator)?

    struct GraphState: Sendable, Hashable {
        var graph: Int
        var state: String
    }

    public init(definition: StateMachine, jsonata: (any JSONataEvaluator)? = nil) {
        self.definition = definition
        self.jsonata = jsonata
        var graphs: [StateGraph] = [definition.graph]
        var children: [GraphState: [Int]] = [:]
        var pending = [0]
        while let g = pending.popLast() {
            for state in graphs[g].states {
                var nested: [StateGraph] = []
                switch state.kind {
                case .parallel(let p): nested = p.branches
                case .map(let m): nested = [m.processor.graph]
                default: continue
                }
                var ids: [Int] = []
                for graph in nested {
                    ids.append(graphs.count)
                    pending.append(graphs.count)
                    graphs.append(graph)
                }
                children[GraphState(graph: g, state: state.name)] = ids
            }
        }
        self.graphs = graphs
        self.childGraphs = children
        self.plans = graphs.enumerated().map { g, graph in
            graph.states.map { StatePlan($0, graph: g, in: graph) }
        }
        self.startIndices = graphs.map { $0.index(of: $0.startAt) }
    }

    /// The state `name` of graph `graph`. `previous` (the state entered last, in any frame) is a
    /// hint: the states it leads to and the graph's start are tried before the name is hashed.
    func plan(graph: Int, name: String, after previous: StatePlan?) -> StatePlan? {
        guard plans.indices.contains(graph) else { return nil }
        let candidates = plans[graph]
        if let previous, previous.graph == graph {
            for i in previous.successors where candidates.indices.contains(i) && candidates[i].name == name {
                return candidates[i]
            }
        }
        if startIndices.indices.contains(graph), let start = startIndices[graph], candidates.indices.contains(start),
            candidates[start].name == name
        {
            return candidates[start]
        }
        return plan(graph: graph, name: name)
    }

    /// The state `name` of graph `graph`.
    func plan(graph: Int, name: String) -> StatePlan? {
        guard plans.indices.contains(graph), let index = graphs[graph].index(of: name),
            plans[graph].indices.contains(index)
        else { return nil }
        return plans[graph][index]
    }

    /// Applies one input event at time `now` (epoch milliseconds).
    ///
    /// Events for tasks or timers that are no longer pending (a late result, a cancelled timer)
    /// and every event after the execution closed are ignored: they produce nothing.
    public func apply(_ event: InputEvent, to state: inout ExecutionState, now: Int64) -> TransitionResult {
        // The state moves into the engine and back (swaps, not copies), so that the engine owns
        // its arrays and dictionaries uniquely and changes them in place.
        var engine = Engine(interpreter: self, state: ExecutionState(), now: now)
        swap(&engine.state, &state)
        engine.handle(event)
        swap(&engine.state, &state)
        return engine.result
    }
}
