public import SluiceJSON

/// What JSONPath-mode expressions can see: the state's input (`$`), the context object (`$$`) and
/// the variables in scope (`$name`).
public struct ExpressionEnvironment: Sendable {
    /// The value `$` refers to.
    public var input: JSONValue
    /// The context object `$$` refers to.
    public var context: JSONValue
    /// The variables visible here, inner scopes already merged over outer ones.
    public var variables: [String: JSONValue]

    public init(input: JSONValue, context: JSONValue = .object(JSONObject()), variables: [String: JSONValue] = [:]) {
        self.input = input
        self.context = context
        self.variables = variables
    }
}

/// A deterministic random source for `States.UUID` and `States.MathRandom` (SplitMix64).
///
/// The interpreter seeds it from its injected randomness so that a run can be replayed exactly.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
