public import SluiceJSON

/// A parsed state machine definition: the top-level fields and its states in document order.
public struct StateMachine: Sendable, Hashable {
    /// The top-level `StartAt`, `States` and `Comment`.
    public let graph: StateGraph
    /// `TimeoutSeconds` of the whole execution.
    public let timeoutSeconds: Int?
    /// `Version` (AWS accepts only `"1.0"`).
    public let version: String?
    /// The top-level `QueryLanguage`; `.jsonPath` when absent.
    public let queryLanguage: QueryLanguage

    /// The name of the first state.
    public var startAt: String { graph.startAt }
    /// The top-level states, in document order.
    public var states: [State] { graph.states }
    /// The top-level `Comment`.
    public var comment: String? { graph.comment }

    /// The top-level state named `name`.
    public func state(named name: String) -> State? { graph.state(named: name) }

    /// Parses a definition document.
    public init(definition: JSONValue) throws(DefinitionError) {
        self = try DefinitionParser.parseStateMachine(definition)
    }

    /// Parses the text of a definition document.
    public init(text: String) throws(DefinitionError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw DefinitionError("INVALID_JSON_DESCRIPTION: \(error)")
        }
        try self.init(definition: value)
    }

    init(graph: StateGraph, timeoutSeconds: Int?, version: String?, queryLanguage: QueryLanguage) {
        self.graph = graph
        self.timeoutSeconds = timeoutSeconds
        self.version = version
        self.queryLanguage = queryLanguage
    }
}

/// A set of states with an entry point: the top level of a state machine, a Parallel branch or a
/// Map state's item processor.
public struct StateGraph: Sendable, Hashable {
    /// The name of the first state (`StartAt`).
    public let startAt: String
    /// The states in document order.
    public let states: [State]
    /// `Comment`.
    public let comment: String?
    /// Index into `states` by name.
    let indexByName: [String: Int]

    init(startAt: String, states: [State], comment: String?) {
        self.startAt = startAt
        self.states = states
        self.comment = comment
        var index: [String: Int] = [:]
        index.reserveCapacity(states.count)
        for (i, state) in states.enumerated() where index[state.name] == nil { index[state.name] = i }
        self.indexByName = index
    }

    /// The position in `states` of the state named `name`.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The state named `name`.
    public func state(named name: String) -> State? {
        guard let i = indexByName[name], states.indices.contains(i) else { return nil }
        return states[i]
    }

    /// The state `startAt` names.
    public var startState: State? { state(named: startAt) }

    public static func == (lhs: StateGraph, rhs: StateGraph) -> Bool {
        lhs.startAt == rhs.startAt && lhs.states == rhs.states && lhs.comment == rhs.comment
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(startAt)
        hasher.combine(states)
    }
}
