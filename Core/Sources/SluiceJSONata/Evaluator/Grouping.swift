/// Object constructors and group-by: `{key: value}` over a sequence or tuple stream.
extension Evaluator {
    private struct GroupEntry {
        var data: JV?
        var tuples: [Tuple]
        var exprIndex: Int
    }

    func evaluateGroup(_ spec: GroupSpec, _ inputIn: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var keys: [String] = []
        var groups: [String: GroupEntry] = [:]
        if case .tuples(let ts)? = inputIn {
            for tuple in ts.items {
                let tenv = frameFromTuple(env, tuple)
                for (pairIndex, pair) in spec.pairs.enumerated() {
                    let key = try eval(pair.0, tuple.context, tenv)
                    guard let key else { continue }
                    guard case .string(let k) = key else {
                        throw JSONataError.make("T1003", position: spec.position, value: key)
                    }
                    if var g = groups[k] {
                        if g.exprIndex != pairIndex {
                            throw JSONataError.make("D1009", position: spec.position, value: key)
                        }
                        g.tuples.append(tuple)
                        groups[k] = g
                    } else {
                        keys.append(k)
                        groups[k] = GroupEntry(data: nil, tuples: [tuple], exprIndex: pairIndex)
                    }
                }
            }
            let result = JObject(capacity: keys.count)
            for k in keys {
                guard let g = groups[k] else { continue }
                var reduced = g.tuples[0]
                for t in g.tuples.dropFirst() {
                    reduced.context = Library.append(reduced.context, t.context)
                    for (bk, bv) in t.bindings {
                        reduced.bindings[bk] = Library.append(reduced.bindings[bk], bv)
                    }
                }
                let context = reduced.context
                let frame = Frame(parent: env)
                for (bk, bv) in reduced.bindings { frame.bind(bk, bv) }
                if let v = try eval(spec.pairs[g.exprIndex].1, context, frame) { result[k] = v }
            }
            return .object(result)
        }
        var items: [JV?]
        if case .array(let a)? = inputIn { items = a.items.map { Optional($0) } } else { items = [inputIn] }
        if items.isEmpty { items = [nil] }
        for item in items {
            for (pairIndex, pair) in spec.pairs.enumerated() {
                let key = try eval(pair.0, item, env)
                guard let key else { continue }
                guard case .string(let k) = key else {
                    throw JSONataError.make("T1003", position: spec.position, value: key)
                }
                if var g = groups[k] {
                    if g.exprIndex != pairIndex {
                        throw JSONataError.make("D1009", position: spec.position, value: key)
                    }
                    g.data = Library.append(g.data, item)
                    groups[k] = g
                } else {
                    keys.append(k)
                    groups[k] = GroupEntry(data: item, tuples: [], exprIndex: pairIndex)
                }
            }
        }
        let result = JObject(capacity: keys.count)
        for k in keys {
            guard let g = groups[k] else { continue }
            if let v = try eval(spec.pairs[g.exprIndex].1, g.data, env) { result[k] = v }
        }
        return .object(result)
    }

}
