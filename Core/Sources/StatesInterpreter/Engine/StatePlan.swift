import StatesLanguage

/// A state of the definition and what the engine works out about it once: shared by reference,
/// so that entering a state does not copy its (large) `State` value.
final class StatePlan: Sendable {
    let state: State
    /// Whether the state may read `$$` (see `State.readsContext`); the context object is built
    /// only for those.
    let readsContext: Bool

    init(_ state: State) {
        self.state = state
        self.readsContext = state.readsContext
    }
}
