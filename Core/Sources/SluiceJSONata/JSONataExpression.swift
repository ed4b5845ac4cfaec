public import SluiceJSON

/// Limits and switches for one evaluation.
public struct JSONataOptions: Sendable {
    /// Maximum nesting of evaluation steps before `U1001` (stack overflow) is raised.
    public var maxDepth: Int
    /// Native stack the evaluator may use before raising `U1001`, a guard for threads with small
    /// stacks. The default suits the 8 MiB threads of Linux; lower it on threads with small stacks.
    public var maxNativeStackBytes: UInt
    /// Wall-clock budget in milliseconds; `nil` for none. Exceeding it raises `U1001` (timeout).
    public var timeLimitMilliseconds: Int?
    /// The value of `$millis()` / `$now()` for this evaluation (milliseconds since the epoch);
    /// the epoch itself when not given (Core has no wall clock).
    public var nowMilliseconds: Double?
    /// Seed for `$random()`, `$shuffle()` and `$uuid()`; `nil` for a random seed.
    public var randomSeed: UInt64?
    /// Enables the functions AWS Step Functions adds (`$partition`, `$range`, `$hash`, `$uuid`,
    /// `$parse`, seeded `$random`) and disables `$eval`.
    public var awsFunctions: Bool

    public init(maxDepth: Int = 1000, maxNativeStackBytes: UInt = 4 << 20, timeLimitMilliseconds: Int? = 10_000,
                nowMilliseconds: Double? = nil, randomSeed: UInt64? = nil, awsFunctions: Bool = false) {
        self.maxDepth = maxDepth
        self.maxNativeStackBytes = maxNativeStackBytes
        self.timeLimitMilliseconds = timeLimitMilliseconds
        self.nowMilliseconds = nowMilliseconds
        self.randomSeed = randomSeed
        self.awsFunctions = awsFunctions
    }
}

/// A compiled JSONata 2.0.6 expression. Compile once, evaluate many times (thread-safe).
public struct JSONataExpression: Sendable {
    /// The expression text.
    public let text: String
    let ast: Node

    public init(_ text: String) throws(JSONataError) {
        self.text = text
        ast = try Parser.parse(text, markBuiltins: true)
    }

    /// Evaluates against `input` (`nil` = undefined) with extra variable `bindings` (names
    /// without `$`). Returns `nil` when the result is undefined. A function result (which JSON
    /// cannot represent) throws `JSONataError.unsupportedResultCode`.
    public func evaluate(input: JSONValue?, bindings: [String: JSONValue] = [:],
                         options: JSONataOptions = JSONataOptions()) throws(JSONataError) -> JSONValue? {
        switch try evaluateResult(input: input, bindings: bindings, options: options) {
        case .value(let v): return v
        case .undefined: return nil
        case .function:
            throw JSONataError(code: JSONataError.unsupportedResultCode, message: "The expression returned a function")
        }
    }

    /// Evaluates and tells apart the three kinds of outcome: a JSON value, undefined, or a function.
    public func evaluateResult(input: JSONValue?, bindings: [String: JSONValue] = [:],
                               options: JSONataOptions = JSONataOptions()) throws(JSONataError) -> JSONataResult {
        var prepared: [String: JSONataValue] = [:]
        for (k, v) in bindings { prepared[k] = JSONataValue(v) }
        return try evaluateResult(input: input.map(JSONataValue.init), bindings: prepared, options: options)
    }

    /// Whether a binding has the name of a library function the expression calls (it then shadows
    /// the function; see `NamePaths.annotate`).
    @inline(never)
    private func shadowsBuiltins(_ bindings: [String: JSONataValue]) -> Bool {
        // Few bindings and few names: compares (lengths first), no hashing.
        let names = ast.unshadowedBuiltinNames
        for key in bindings.keys {
            for name in names where name.utf8.count == key.utf8.count && name == key { return true }
        }
        return false
    }

    /// Evaluates with values converted beforehand (convert a large document such as `$states`
    /// once and reuse it for every expression of a state).
    public func evaluateResult(input: JSONataValue?, bindings: [String: JSONataValue],
                               options: JSONataOptions = JSONataOptions()) throws(JSONataError) -> JSONataResult {
        let ev = Evaluator(options: options)
        let env = Frame(parent: nil, capacity: bindings.count + 1)
        for (k, v) in bindings { env.bind(k, v.value) }
        if ast.hasUnshadowedBuiltins { ev.rootShadowsBuiltins = shadowsBuiltins(bindings) }
        var jvInput = input?.value
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

/// A JSON value converted once into the evaluator's representation. Evaluation never mutates the
/// values it is given (the transform operator works on a deep copy), so a prepared value can be
/// shared by many evaluations, also concurrently.
public struct JSONataValue: @unchecked Sendable {
    let value: JV

    public init(_ json: JSONValue) {
        value = Convert.toJV(json)
    }
}

/// The outcome of an evaluation.
public enum JSONataResult: Sendable, Hashable {
    case value(JSONValue)
    /// JSONata's `undefined` (no value).
    case undefined
    /// The expression produced a function, which has no JSON form.
    case function
}

extension JSONataError {
    /// Code of the error `JSONataExpression.evaluate` throws for a function result.
    public static let unsupportedResultCode = "Sluice.UnsupportedResult"
}
