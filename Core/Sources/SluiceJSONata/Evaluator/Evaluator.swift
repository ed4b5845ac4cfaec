/// Walks a processed syntax tree with JSONata's sequence semantics. One evaluator serves one
/// `evaluate` call; it carries the depth counter, the deadline and the call's clock.
final class Evaluator {
    let options: JSONataOptions
    var depth = 0
    private var ticks = 0
    private let deadline: ContinuousClock.Instant?
    /// Milliseconds since the epoch, fixed for the whole evaluation (`$now()`, `$millis()`).
    let timestamp: Double
    var rng: SplitMix64
    var builtinCache: [String: JFunction] = [:]

    init(options: JSONataOptions) {
        self.options = options
        if let t = options.timeLimitMilliseconds {
            deadline = ContinuousClock.now.advanced(by: .milliseconds(t))
        } else {
            deadline = nil
        }
        timestamp = options.nowMilliseconds ?? Double(Evaluator.wallClockMillis())
        rng = SplitMix64(seed: options.randomSeed ?? UInt64(truncatingIfNeeded: Int64(timestamp) &* 6364136223846793005))
    }

    static func wallClockMillis() -> Int64 {
        // The stdlib has no wall clock; the caller passes `nowMilliseconds` when it matters.
        0
    }

    @inline(__always)
    /// Address of a stack local at the outermost evaluation (for the native stack budget).
    private var stackBase: UInt = 0

    @inline(never)
    private static func stackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    private func enter(_ expr: Node) throws(JSONataError) {
        depth += 1
        if depth > options.maxDepth {
            throw JSONataError.make("U1001", position: expr.position)
        }
        let here = Evaluator.stackAddress()
        if stackBase == 0 {
            stackBase = here
        } else if stackBase > here, stackBase - here > options.maxNativeStackBytes {
            throw JSONataError.make("U1001", position: expr.position)
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
        case .descendant: result = evaluateDescendants(input)
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
        if let v = env.lookupBinding(expr.value) { return v }
        return builtinFunction(expr.value)
    }

    func builtinFunction(_ name: String) -> JV? {
        if let f = builtinCache[name] { return .function(f) }
        guard let b = Library.lookup(name, extended: options.awsFunctions) else { return nil }
        let f = JFunction(.builtin(b))
        builtinCache[name] = f
        return .function(f)
    }

    /// Looks a variable up, including the function library.
    func lookup(_ name: String, _ env: Frame) -> JV? {
        if let v = env.lookupBinding(name) { return v }
        return builtinFunction(name)
    }

    // MARK: - paths

    func evaluatePath(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var inputSequence: [JV?]
        let firstIsVariable = expr.steps.first?.type == .variable
        if case .array(let a)? = input, !firstIsVariable {
            inputSequence = a.items.map { Optional($0) }
        } else {
            inputSequence = [input]
        }
        var resultSequence: JArray? = nil
        var isTupleStream = false
        var tupleBindings: TupleStream? = nil
        let lastIndex = expr.steps.count - 1
        for (ii, step) in expr.steps.enumerated() {
            if step.tuple { isTupleStream = true }
            if ii == 0 && step.consarray {
                let arg: JV? = {
                    if case .array(let a)? = input, !firstIsVariable { return .array(a) }
                    return input.map { .array(JArray.sequence([$0])) } ?? .array(JArray.sequence())
                }()
                let r = try eval(step, arg, env)
                if case .array(let a)? = r {
                    resultSequence = a
                } else if let r {
                    resultSequence = JArray.sequence([r])
                } else {
                    resultSequence = nil
                }
            } else if isTupleStream {
                tupleBindings = try evaluateTupleStep(step, inputSequence, tupleBindings, env)
            } else {
                resultSequence = try evaluateStep(step, inputSequence, env, lastStep: ii == lastIndex)
            }
            if !isTupleStream && (resultSequence == nil || resultSequence?.items.isEmpty == true) {
                break
            }
            if step.focus == nil {
                if let r = resultSequence { inputSequence = r.items.map { Optional($0) } } else { inputSequence = [] }
            }
        }
        var result: JV?
        if isTupleStream {
            let tb = tupleBindings ?? TupleStream()
            if expr.tuple {
                result = .tuples(tb)
            } else {
                let seq = JArray.sequence()
                seq.items.reserveCapacity(tb.items.count)
                for t in tb.items { if let c = t.context { seq.items.append(c) } }
                result = .array(seq)
            }
        } else {
            result = resultSequence.map { .array($0) }
        }
        if expr.keepSingletonArray {
            if case .array(var a)? = result {
                if a.cons && !a.sequence {
                    a = JArray.sequence([.array(a)])
                    result = .array(a)
                }
                a.keepSingleton = true
            } else if result == nil {
                // nothing to keep
            }
        }
        if let g = expr.group {
            if isTupleStream {
                result = try evaluateGroup(g, .tuples(tupleBindings ?? TupleStream()), env)
            } else {
                result = try evaluateGroup(g, result, env)
            }
        }
        return result
    }

    func evaluateStep(_ expr: Node, _ input: [JV?], _ env: Frame, lastStep: Bool) throws(JSONataError) -> JArray? {
        if expr.type == .sort {
            var r = try evaluateSort(expr, .array(JArray.sequence(input.compactMap { $0 })), env)
            if let stages = expr.stages { r = try evaluateStages(stages, r, env) }
            if case .array(let a)? = r { return a }
            return r.map { JArray.sequence([$0]) }
        }
        var results: [JV] = []
        results.reserveCapacity(input.count)
        for item in input {
            var res = try eval(expr, item, env)
            if let stages = expr.stages {
                for s in stages {
                    if let pe = s.lhs { res = try evaluateFilter(pe, res, env) }
                }
            }
            if let r = res { results.append(r) }
        }
        if lastStep, results.count == 1, case .array(let a) = results[0], !a.sequence {
            return a
        }
        let seq = JArray.sequence()
        seq.items.reserveCapacity(results.count)
        for r in results {
            if case .array(let a) = r, !a.cons {
                seq.items.append(contentsOf: a.items)
            } else if case .tuples(let t) = r {
                for tu in t.items { if let c = tu.context { seq.items.append(c) } }
            } else {
                seq.items.append(r)
            }
        }
        return seq
    }

    func evaluateStages(_ stages: [Node], _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var result = input
        for stage in stages {
            switch stage.type {
            case .filter:
                if let pe = stage.lhs { result = try evaluateFilter(pe, result, env) }
            case .index:
                if case .tuples(let ts)? = result {
                    for i in ts.items.indices { ts.items[i].bindings[stage.value] = .number(Double(i)) }
                }
            default: break
            }
        }
        return result
    }

    func evaluateTupleStep(_ expr: Node, _ input: [JV?], _ tupleBindings: TupleStream?, _ env: Frame)
        throws(JSONataError) -> TupleStream
    {
        if expr.type == .sort {
            var result: JV?
            if let tb = tupleBindings {
                result = try evaluateSort(expr, .tuples(tb), env)
            } else {
                let sorted = try evaluateSort(expr, .array(JArray.sequence(input.compactMap { $0 })), env)
                let ts = TupleStream()
                var items: [JV] = []
                if case .array(let a)? = sorted { items = a.items } else if let s = sorted { items = [s] }
                for (i, v) in items.enumerated() {
                    var t = Tuple(context: v)
                    if let idx = expr.index { t.bindings[idx] = .number(Double(i)) }
                    ts.items.append(t)
                }
                result = .tuples(ts)
            }
            if let stages = expr.stages { result = try evaluateStages(stages, result, env) }
            if case .tuples(let ts)? = result { return ts }
            return TupleStream()
        }
        let result = TupleStream()
        let bindings: [Tuple] = tupleBindings?.items ?? input.map { Tuple(context: $0) }
        for tb in bindings {
            let stepEnv = frameFromTuple(env, tb)
            guard let res = try eval(expr, tb.context, stepEnv) else { continue }
            switch res {
            case .tuples(let ts):
                for inner in ts.items {
                    var t = tb
                    t.context = inner.context
                    for (k, v) in inner.bindings { t.bindings[k] = v }
                    result.items.append(t)
                }
            default:
                let items: [JV]
                if case .array(let a) = res { items = a.items } else { items = [res] }
                for (bb, v) in items.enumerated() {
                    var t = tb
                    if let focus = expr.focus {
                        t.bindings[focus] = v
                        t.context = tb.context
                    } else {
                        t.context = v
                    }
                    if let idx = expr.index { t.bindings[idx] = .number(Double(bb)) }
                    if let anc = expr.ancestor, let c = tb.context { t.bindings[anc.label] = c }
                    result.items.append(t)
                }
            }
        }
        if let stages = expr.stages {
            if case .tuples(let ts)? = try evaluateStages(stages, .tuples(result), env) { return ts }
            return TupleStream()
        }
        return result
    }

    func frameFromTuple(_ env: Frame, _ tuple: Tuple) -> Frame {
        let f = Frame(parent: env)
        f.bind("@", tuple.context)
        for (k, v) in tuple.bindings { f.bind(k, v) }
        return f
    }

    func evaluateFilter(_ predicate: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        if case .tuples(let ts)? = input {
            let out = TupleStream()
            if predicate.type == .number, case .number(let d) = predicate.literal {
                var index = Int(d.rounded(.down))
                if index < 0 { index += ts.items.count }
                if index >= 0 && index < ts.items.count { out.items.append(ts.items[index]) }
                return .tuples(out)
            }
            for (index, item) in ts.items.enumerated() {
                let res = try eval(predicate, item.context, frameFromTuple(env, item))
                if Evaluator.predicateSelects(res, index: index, count: ts.items.count) { out.items.append(item) }
            }
            return .tuples(out)
        }
        let items: [JV]
        if case .array(let a)? = input { items = a.items } else if let i = input { items = [i] } else { items = [] }
        let results = JArray.sequence()
        if predicate.type == .number, case .number(let d) = predicate.literal {
            var index = Int(exactly: d.rounded(.down)) ?? Int.max
            if index < 0 { index += items.count }
            if index >= 0 && index < items.count {
                let item = items[index]
                if case .array(let a) = item { return .array(a) }
                results.items.append(item)
            }
            return .array(results)
        }
        for (index, item) in items.enumerated() {
            let res = try eval(predicate, item, env)
            if Evaluator.predicateSelects(res, index: index, count: items.count) { results.items.append(item) }
        }
        return .array(results)
    }

    static func predicateSelects(_ res: JV?, index: Int, count: Int) -> Bool {
        if case .number(let d)? = res {
            var ii = Int(exactly: d.rounded(.down)) ?? Int.min
            if ii < 0 { ii += count }
            return ii == index
        }
        if case .array(let a)? = res, !a.items.isEmpty, a.items.allSatisfy({ $0.isNumber }) {
            for v in a.items {
                if case .number(let d) = v {
                    var ii = Int(exactly: d.rounded(.down)) ?? Int.min
                    if ii < 0 { ii += count }
                    if ii == index { return true }
                }
            }
            return false
        }
        return boolean(res)
    }

    // MARK: - simple node kinds

    /// `fn.lookup`: field access that maps over arrays.
    static func lookupField(_ input: JV?, _ key: String) -> JV? {
        guard let input else { return nil }
        switch input {
        case .object(let o):
            return o[key]
        case .array(let a):
            let result = JArray.sequence()
            for item in a.items {
                if let res = lookupField(item, key) {
                    if case .array(let r) = res {
                        result.items.append(contentsOf: r.items)
                    } else {
                        result.items.append(res)
                    }
                }
            }
            return .array(result)
        default:
            return nil
        }
    }

    func evaluateWildcard(_ inputIn: JV?) -> JV? {
        let results = JArray.sequence()
        var input = inputIn
        if case .array(let a)? = input, a.outerWrapper, let f = a.items.first { input = f }
        if case .array(let arr)? = input {
            var flat: [JV] = []
            Evaluator.flatten(arr.items, into: &flat, depth: 0)
            results.items.append(contentsOf: flat)
        } else if case .object(let o)? = input {
            for k in o.keys {
                guard let value = o[k] else { continue }
                if case .array(let arr) = value {
                    var flat: [JV] = []
                    Evaluator.flatten(arr.items, into: &flat, depth: 0)
                    results.items.append(contentsOf: flat)
                } else {
                    results.items.append(value)
                }
            }
        }
        return .array(results)
    }

    static func flatten(_ items: [JV], into out: inout [JV], depth: Int) {
        for item in items {
            if case .array(let a) = item, depth < 1000 {
                flatten(a.items, into: &out, depth: depth + 1)
            } else {
                out.append(item)
            }
        }
    }

    func evaluateDescendants(_ input: JV?) -> JV? {
        guard let input else { return nil }
        let results = JArray.sequence()
        recurseDescendants(input, results, depth: 0)
        if results.items.count == 1 { return results.items[0] }
        return .array(results)
    }

    private func recurseDescendants(_ input: JV, _ results: JArray, depth: Int) {
        guard depth < 1000 else { return }
        switch input {
        case .array(let a):
            for m in a.items { recurseDescendants(m, results, depth: depth + 1) }
        case .object(let o):
            results.items.append(input)
            for k in o.keys { if let v = o[k] { recurseDescendants(v, results, depth: depth + 1) } }
        default:
            results.items.append(input)
        }
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
