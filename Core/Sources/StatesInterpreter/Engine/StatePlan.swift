import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// A state of the definition and what the engine works out about it once: shared by reference,
/// so that entering a state does not copy its (large) `State` value.
final class StatePlan: Sendable {
    /// The kinds the engine dispatches on without looking into `state.kind` (whose copy costs).
    enum Kind: Sendable {
        case pass, succeed, task, parallel, map
        /// Choice, Wait and Fail: dispatched on `state.kind`.
        case other
    }

    let state: State
    let name: String
    /// The graph the state belongs to (index into `Interpreter.graphs`).
    let graph: Int
    /// Positions in the same graph of the states this one leads to (`Next`, or a Choice state's
    /// targets and `Default`; at most a few): lookups of the next state try them first.
    let successors: [Int]
    let kind: Kind
    /// Whether the state may read `$$` (see `State.readsContext`); the context object is built
    /// only for those.
    let readsContext: Bool
    let isJSONata: Bool
    let enteredEventType: HistoryEventType
    let exitedEventType: HistoryEventType
    /// `Next`, or `nil` for an end state.
    let next: String?
    let retrierCount: Int
    /// A Pass state's `Result`.
    let passResult: JSONValue?
    /// InputPath and OutputPath leave the input as it is: the output can reuse its text.
    let passesInputThrough: Bool
    /// A Pass state whose output is its input untouched (no Parameters, Result or paths).
    let passLeavesInput: Bool

    init(_ state: State, graph: Int, in stateGraph: StateGraph) {
        self.state = state
        self.name = state.name
        self.graph = graph
        var targets: [String] = []
        if let next = state.transition?.nextState { targets.append(next) }
        if case .choice(let choice) = state.kind {
            targets += choice.choices.map(\.next)
            if let fallback = choice.defaultState { targets.append(fallback) }
        }
        var successors: [Int] = []
        for target in targets.prefix(8) {
            if let i = stateGraph.index(of: target), !successors.contains(i) { successors.append(i) }
        }
        self.successors = successors
        readsContext = state.readsContext
        isJSONata = state.queryLanguage == .jsonata
        enteredEventType = state.enteredEventType
        exitedEventType = state.exitedEventType
        next = state.transition?.nextState
        retrierCount = state.retriers.count
        passesInputThrough = state.inputPath == .identity && state.outputPath == .identity
        switch state.kind {
        case .pass(let pass):
            kind = .pass
            passResult = pass.result
            passLeavesInput =
                state.parameters == nil && pass.result == nil && passesInputThrough
                && (state.resultPath.path == nil || state.resultPath.path?.text == "$")
        case .succeed: (kind, passResult, passLeavesInput) = (.succeed, nil, false)
        case .task: (kind, passResult, passLeavesInput) = (.task, nil, false)
        case .parallel: (kind, passResult, passLeavesInput) = (.parallel, nil, false)
        case .map: (kind, passResult, passLeavesInput) = (.map, nil, false)
        case .choice, .wait, .fail: (kind, passResult, passLeavesInput) = (.other, nil, false)
        }
    }
}
