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
    }

    /// Applies one input event at time `now` (epoch milliseconds).
    ///
    /// Events for tasks or timers that are no longer pending (a late result, a cancelled timer)
    /// and every event after the execution closed are ignored: they produce nothing.
    public func apply(_ event: InputEvent, to state: inout ExecutionState, now: Int64) -> TransitionResult {
        var engine = Engine(interpreter: self, state: state, now: now)
        engine.handle(event)
        state = engine.state
        return engine.result
    }
}
