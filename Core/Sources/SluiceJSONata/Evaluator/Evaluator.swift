/// Walks a processed syntax tree with JSONata's sequence semantics. One evaluator serves one
/// `evaluate` call; it carries the depth counter, the deadline and the call's clock.
final class Evaluator {
    let options: JSONataOptions
    @exclusivity(unchecked) var depth = 0
    @exclusivity(unchecked) private var ticks = 0
    private let deadline: ContinuousClock.Instant?
    /// Milliseconds since the epoch, fixed for the whole evaluation (`$now()`, `$millis()`).
    let timestamp: Double
    /// Seeded on first use: most evaluations never draw a random number, and seeding from the
    /// system generator costs a system call.
    @exclusivity(unchecked) private var seededRNG: SplitMix64?
    var rng: SplitMix64 {
        get {
            if let r = seededRNG { return r }
            var system = SystemRandomNumberGenerator()
            let r = SplitMix64(seed: options.randomSeed ?? system.next())
            seededRNG = r
            return r
        }
        set { seededRNG = newValue }
    }

    init(options: JSONataOptions) {
        self.options = options
        if let t = options.timeLimitMilliseconds {
            deadline = ContinuousClock.now.advanced(by: .milliseconds(t))
        } else {
            deadline = nil
        }
        // The standard library has no wall clock: callers pass the time (the interpreter's clock).
        timestamp = options.nowMilliseconds ?? 0
    }

    /// Whether a binding of the evaluation (the only bindings a parsed tree does not show) has the
    /// name of a library function the tree calls (`JSONataExpression` sets it).
    @exclusivity(unchecked) var rootShadowsBuiltins = false

    /// Address of a stack local at the outermost evaluation (for the native stack budget).
    @exclusivity(unchecked) private var stackBase: UInt = 0

    @inline(never)
    private static func stackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    @inline(__always)
    private func enter(_ expr: Node) throws(JSONataError) {
        depth += 1
        if depth > options.maxDepth {
            throw JSONataError.make("U1001", position: expr.position)
        }
        // The native stack is measured every eighth nesting level (from the outermost one): the
        // stack grows only with nesting, and eight levels are far less than the budget's margin.
        if depth & 7 == 1 {
            let here = Evaluator.stackAddress()
            if stackBase == 0 {
                stackBase = here
            } else if stackBase > here, stackBase - here > options.maxNativeStackBytes {
                throw JSONataError.make("U1001", position: expr.position)
            }
        }
        ticks &+= 1
        if ticks & 0x3FF == 0, let deadline, ContinuousClock.now > deadline {
            throw JSONataError(code: "U1001", message: "Expression evaluation timeout: Check for infinite loop",
                               position: expr.position)
        }
    }

    func eval(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        try enter(expr)
        defer { depth -= 1 }
        var result: JV?
        switch expr.type {
        case .path: result = try evaluatePath(expr, input, env)
        case .binary: result = try evaluateBinary(expr, input, env)
        case .unary: result = try evaluateUnary(expr, input, env)
        case .name: result = Evaluator.lookupField(input, expr.value)
        case .string, .number, .value: result = expr.literal?.value
        case .wildcard: result = evaluateWildcard(input)
        case .descendant: result = try evaluateDescendants(input)
        case .parent:
            if let slot = expr.slot, let v = env.lookupBinding(slot.label) { result = v } else { result = nil }
        case .condition:
            guard let c = expr.condition, let t = expr.thenBranch else { return nil }
            let cond = try eval(c, input, env)
            if Evaluator.boolean(cond) {
                result = try eval(t, input, env)
            } else if let e = expr.elseBranch {
                result = try eval(e, input, env)
            }
        case .block:
            let frame = Frame(parent: env)
            for e in expr.expressions { result = try eval(e, input, frame) }
        case .bind:
            guard let r = expr.rhs, let l = expr.lhs else { return nil }
            let value = try eval(r, input, env)
            env.bind(l.value, value)
            result = value
        case .regex:
            if let re = expr.regex { result = .function(JFunction(.regex(re))) }
        case .function:
            result = try evaluateFunction(expr, input, env, applyTo: nil)
        case .variable:
            result = evaluateVariable(expr, input, env)
        case .lambda:
            result = evaluateLambda(expr, input, env)
        case .partial:
            result = try evaluatePartialApplication(expr, input, env)
        case .apply:
            result = try evaluateApply(expr, input, env)
        case .transform:
            result = .function(JFunction(.transform(node: expr, env: env)))
        case .sort, .operator, .filter, .index:
            result = nil
        }

        if let preds = expr.predicate {
            for p in preds {
                if let pe = p.lhs { result = try evaluateFilter(pe, result, env) }
            }
        }
        if expr.type != .path, let g = expr.group {
            result = try evaluateGroup(g, result, env)
        }
        if case .array(let a)? = result, a.sequence {
            if expr.keepArray { a.keepSingleton = true }
            if a.items.isEmpty {
                result = nil
            } else if a.items.count == 1 && !a.keepSingleton {
                result = a.items[0]
            }
        }
        return result
    }

    func evaluateVariable(_ expr: Node, _ input: JV?, _ env: Frame) -> JV? {
        if expr.value.isEmpty {
            if case .array(let a)? = input, a.outerWrapper { return a.items.first }
            return input
        }
        if expr.unshadowedBuiltin, !rootShadowsBuiltins {
            // No binding can have this name: the library function, without walking the frames.
            return (options.awsFunctions ? expr.builtins.aws : expr.builtins.standard).map { .function($0) }
        }
        if let v = env.lookupBinding(expr.value) { return v }
        let builtins = expr.builtins
        if builtins.resolved {
            return (options.awsFunctions ? builtins.aws : builtins.standard).map { .function($0) }
        }
        return builtinFunction(expr.value)
    }

    func builtinFunction(_ name: String) -> JV? {
        let table = options.awsFunctions ? BuiltinFunctionTable.aws : BuiltinFunctionTable.standard
        return table.functions[name].map { .function($0) }
    }

    /// Looks a variable up, including the function library.
    func lookup(_ name: String, _ env: Frame) -> JV? {
        if let v = env.lookupBinding(name) { return v }
        return builtinFunction(name)
    }

    // MARK: - truthiness

    /// `fn.boolean` (JSONata's effective boolean value); `false` for undefined.
    static func boolean(_ v: JV?) -> Bool {
        guard let v else { return false }
        switch v {
        case .null: return false
        case .bool(let b): return b
        case .number(let d): return d != 0 && !d.isNaN
        case .string(let s): return !s.isEmpty
        case .function: return false
        case .object(let o): return !o.isEmpty
        case .array(let a):
            if a.items.count == 1 { return boolean(a.items[0]) }
            return a.items.contains { boolean($0) }
        case .tuples(let t): return !t.items.isEmpty
        }
    }
}

/// Function values of the library, built once per process: a built-in's `JFunction` holds
/// nothing but the immutable `Builtin`, so every evaluation (on any thread) can share it.
struct BuiltinFunctionTable: @unchecked Sendable {
    let functions: [String: JFunction]

    init(_ library: [String: Builtin]) {
        functions = library.mapValues { JFunction(.builtin($0)) }
    }

    static let standard = BuiltinFunctionTable(Library.standard)
    static let aws = BuiltinFunctionTable(Library.aws)
}

/// A small seeded pseudo-random generator (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A double in [0, 1).
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
