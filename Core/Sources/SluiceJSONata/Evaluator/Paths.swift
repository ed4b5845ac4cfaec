/// Location paths: steps, sequence flattening, tuple streams (`@`, `#`, `%`), predicates.
extension Evaluator {
    func evaluatePath(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        let firstIsVariable = expr.steps.first?.type == .variable
        if let handled = try evaluateNamePath(expr, input, env) { return handled }
        var inputSequence: StepInput
        if case .array(let a)? = input, !firstIsVariable {
            inputSequence = .items(a.items)
        } else {
            inputSequence = .single(input)
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
                inputSequence = .items(resultSequence?.items ?? [])
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
        if expr.keepSingletonArray, case .array(let a)? = result {
            if a.sequence {
                a.keepSingleton = true
            } else if a.cons {
                let wrapper = JArray.sequence([.array(a)])
                wrapper.keepSingleton = true
                result = .array(wrapper)
            }
            // keepSingleton on a plain JSON array has no effect; input values are never mutated.
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

    /// Fast path for the most common path shape, `$var.a.b.c` or `a.b.c` (marked at parse time,
    /// see `NamePaths`), while every step meets a single object: plain member lookups, no
    /// intermediate sequences. Returns `nil` (not handled) as soon as an array or anything unusual
    /// turns up; the general algorithm then starts over, which is safe because variables and field
    /// names have no side effects.
    @inline(__always)
    private func evaluateNamePath(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV?? {
        guard let path = expr.namePath else { return nil }
        var current: JV?
        if let variable = path.variable {
            // A plain variable needs none of `eval`'s bookkeeping; a sequence value (which `eval`
            // would collapse) falls through to the general algorithm below.
            current = evaluateVariable(variable, input, env)
            if case .array(let a)? = current, a.sequence { return nil }
        } else {
            current = input
        }
        for key in path.keys {
            switch current {
            case .object(let o)?: current = o[key]
            case nil: return .some(nil)
            case .array?, .tuples?: return nil
            default: return .some(nil)
            }
        }
        switch current {
        case .array(let a)? where a.sequence: return nil
        case .tuples?: return nil
        default: return .some(current)
        }
    }

    func evaluateStep(_ expr: Node, _ input: StepInput, _ env: Frame, lastStep: Bool) throws(JSONataError) -> JArray? {
        if expr.type == .sort {
            var r = try evaluateSort(expr, .array(JArray.sequence(input.definedItems)), env)
            if let stages = expr.stages { r = try evaluateStages(stages, r, env) }
            if case .array(let a)? = r { return a }
            return r.map { JArray.sequence([$0]) }
        }
        var results: [JV] = []
        results.reserveCapacity(input.count)
        for i in 0..<input.count {
            var res = try eval(expr, input[i], env)
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

    func evaluateTupleStep(_ expr: Node, _ input: StepInput, _ tupleBindings: TupleStream?, _ env: Frame)
        throws(JSONataError) -> TupleStream
    {
        if expr.type == .sort {
            var result: JV?
            if let tb = tupleBindings {
                result = try evaluateSort(expr, .tuples(tb), env)
            } else {
                let sorted = try evaluateSort(expr, .array(JArray.sequence(input.definedItems)), env)
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
        let bindings: [Tuple] = tupleBindings?.items ?? (0..<input.count).map { Tuple(context: input[$0]) }
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
                var index = Library.clampedInt(d.rounded(.down))
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
}

/// The values a path step is applied to: one value (possibly undefined) or a sequence's items.
enum StepInput {
    case single(JV?)
    case items([JV])

    var count: Int {
        switch self {
        case .single: 1
        case .items(let a): a.count
        }
    }

    subscript(i: Int) -> JV? {
        switch self {
        case .single(let v): v
        case .items(let a): a[i]
        }
    }

    var definedItems: [JV] {
        switch self {
        case .single(let v): v.map { [$0] } ?? []
        case .items(let a): a
        }
    }
}
