public import SluiceJSON

/// Limits and switches for one evaluation.
public struct JSONataOptions: Sendable {
    /// Maximum nesting of evaluation steps before `U1001` (stack overflow) is raised.
    public var maxDepth: Int
    /// Wall-clock budget in milliseconds; `nil` for none. Exceeding it raises `U1001` (timeout).
    public var timeLimitMilliseconds: Int?
    /// The value of `$millis()` / `$now()` for this evaluation (milliseconds since the epoch).
    public var nowMilliseconds: Double?
    /// Seed for `$random()` and `$shuffle()`; `nil` derives one from `nowMilliseconds`.
    public var randomSeed: UInt64?
    /// Enables the functions AWS Step Functions adds (`$partition`, `$range`, `$hash`, `$uuid`,
    /// `$parse`, seeded `$random`) and disables `$eval`.
    public var awsFunctions: Bool

    /// Functions the host adds to the library (names without `$`); the library's own win.
    public var hostFunctions: [String: JSONataHostFunction]

    public init(maxDepth: Int = 500, timeLimitMilliseconds: Int? = 10_000, nowMilliseconds: Double? = nil,
                randomSeed: UInt64? = nil, awsFunctions: Bool = false,
                hostFunctions: [String: JSONataHostFunction] = [:]) {
        self.maxDepth = maxDepth
        self.timeLimitMilliseconds = timeLimitMilliseconds
        self.nowMilliseconds = nowMilliseconds
        self.randomSeed = randomSeed
        self.awsFunctions = awsFunctions
        self.hostFunctions = hostFunctions
    }
}

/// A native function supplied by the embedding program, e.g. AWS's `$hash`.
public struct JSONataHostFunction: Sendable {
    /// JSONata signature (`<ss?:s>`), used to validate and coerce the arguments; `nil` for none.
    public var signature: String?
    /// The number of declared parameters.
    public var arity: Int
    /// The implementation: arguments (`nil` = undefined) to result (`nil` = undefined).
    public var body: @Sendable ([JSONValue?]) throws(JSONataError) -> JSONValue?

    public init(signature: String?, arity: Int, body: @escaping @Sendable ([JSONValue?]) throws(JSONataError) -> JSONValue?) {
        self.signature = signature
        self.arity = arity
        self.body = body
    }
}

/// What an evaluation produced, telling apart the results JSON cannot carry.
public enum JSONataOutcome: Sendable, Hashable {
    /// A JSON value.
    case value(JSONValue)
    /// Nothing (JSONata's `undefined`).
    case undefined
    /// A function (which JSON cannot represent).
    case function
}

/// A compiled JSONata 2.0.6 expression. Compile once, evaluate many times (thread-safe).
public struct JSONataExpression: Sendable {
    /// The expression text.
    public let text: String
    let ast: Node

    /// The names of the variables the expression mentions (without `$`): a host needs to bind
    /// only these.
    public let variableNames: Set<String>
    /// Whether the expression may read its input (`$`, `$$`, a leading field name); when it
    /// cannot, a host may pass no input and save converting it.
    public let usesInput: Bool

    public init(_ text: String) throws(JSONataError) {
        self.text = text
        ast = try Parser.parse(text)
        let references = ExpressionReferences(ast)
        variableNames = references.variableNames
        usesInput = references.usesInput
    }

    /// Evaluates against `input` (`nil` = undefined) with extra variable `bindings` (names
    /// without `$`). Returns `nil` when the result is undefined.
    public func evaluate(input: JSONValue?, bindings: [String: JSONValue] = [:],
                         options: JSONataOptions = JSONataOptions()) throws(JSONataError) -> JSONValue? {
        switch try evaluateOutcome(input: input, bindings: bindings, options: options) {
        case .value(let v): return v
        case .undefined: return nil
        case .function: return .string("")
        }
    }

    /// Evaluates like `evaluate`, telling an undefined result and a function result apart.
    public func evaluateOutcome(input: JSONValue?, bindings: [String: JSONValue] = [:],
                                options: JSONataOptions = JSONataOptions()) throws(JSONataError) -> JSONataOutcome {
        let ev = Evaluator(options: options)
        let env = Frame(parent: nil)
        for (k, v) in bindings { env.bind(k, Convert.toJV(v)) }
        var jvInput = input.map(Convert.toJV)
        env.bind("$", jvInput)
        if case .array(let a)? = jvInput {
            let wrapper = JArray.sequence([.array(a)])
            wrapper.outerWrapper = true
            jvInput = .array(wrapper)
        }
        let result = try ev.eval(ast, jvInput, env)
        if case .function? = result { return .function }
        guard let json = try Convert.toJSON(result) else { return .undefined }
        return .value(json)
    }
}
