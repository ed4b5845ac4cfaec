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

    // MARK: - order-by

    func evaluateSort(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        if case .tuples(let ts)? = input {
            if ts.items.count <= 1 { return input }
            var keys: [[JV?]] = []
            for t in ts.items {
                let f = frameFromTuple(env, t)
                var row: [JV?] = []
                for term in expr.terms { row.append(try eval(term.expression, t.context, f)) }
                keys.append(row)
            }
            let order = try Evaluator.mergeSort(Array(ts.items.indices)) { (a: Int, b: Int) throws(JSONataError) -> Bool in
                try self.sortGreater(keys[a], keys[b], expr)
            }
            return .tuples(TupleStream(order.map { ts.items[$0] }))
        }
        guard let input else { return nil }
        let items: [JV]
        if case .array(let a) = input { items = a.items } else { return input }
        if items.count <= 1 { return input }
        var keys: [[JV?]] = []
        for item in items {
            var row: [JV?] = []
            for term in expr.terms { row.append(try eval(term.expression, item, env)) }
            keys.append(row)
        }
        let order = try Evaluator.mergeSort(Array(items.indices)) { (a: Int, b: Int) throws(JSONataError) -> Bool in
            try self.sortGreater(keys[a], keys[b], expr)
        }
        return .array(JArray(order.map { items[$0] }))
    }

    private func sortGreater(_ ka: [JV?], _ kb: [JV?], _ expr: Node) throws(JSONataError) -> Bool {
        var comp = 0
        var index = 0
        while comp == 0 && index < expr.terms.count {
            let term = expr.terms[index]
            let aa = ka[index], bb = kb[index]
            index += 1
            guard let aa else {
                comp = bb == nil ? 0 : 1
                continue
            }
            guard let bb else {
                comp = -1
                continue
            }
            let aOK = aa.isNumber || aa.isString, bOK = bb.isNumber || bb.isString
            if !aOK || !bOK {
                throw JSONataError.make("T2008", position: expr.position, value: aOK ? bb : aa)
            }
            switch (aa, bb) {
            case (.number(let x), .number(let y)):
                if x == y { continue }
                comp = x < y ? -1 : 1
            case (.string(let x), .string(let y)):
                let c = Evaluator.compareStrings(x, y)
                if c == 0 { continue }
                comp = c
            default:
                throw JSONataError.make("T2007", position: expr.position, value: aa, value2: bb)
            }
            if term.descending { comp = -comp }
        }
        return comp == 1
    }

    /// Stable merge sort; `greater(a, b)` says whether `a` must come after `b`.
    static func mergeSort<T>(_ items: [T], _ greater: (T, T) throws(JSONataError) -> Bool) throws(JSONataError) -> [T] {
        if items.count <= 1 { return items }
        var src = items
        var dst = items
        var width = 1
        let n = items.count
        while width < n {
            var start = 0
            while start < n {
                let mid = min(start + width, n), end = min(start + 2 * width, n)
                var i = start, j = mid, k = start
                while i < mid && j < end {
                    if try greater(src[i], src[j]) {
                        dst[k] = src[j]; j += 1
                    } else {
                        dst[k] = src[i]; i += 1
                    }
                    k += 1
                }
                while i < mid { dst[k] = src[i]; i += 1; k += 1 }
                while j < end { dst[k] = src[j]; j += 1; k += 1 }
                start += 2 * width
            }
            swap(&src, &dst)
            width *= 2
        }
        return src
    }

    // MARK: - transform

    func applyTransform(_ node: Node, _ env: Frame, _ obj: JV?) throws(JSONataError) -> JV? {
        guard let obj else { return nil }
        if let c = env.lookupBinding("clone"), !(c?.isFunction ?? false) {
            throw JSONataError.make("T2013", position: node.position)
        }
        let result = Library.deepClone(obj)
        guard let pattern = node.pattern, let update = node.update else { return result }
        guard let matches = try eval(pattern, result, env) else { return result }
        let list: [JV]
        if case .array(let a) = matches { list = a.items } else { list = [matches] }
        for match in list {
            let upd = try eval(update, match, env)
            if let upd {
                guard case .object(let uo) = upd else {
                    throw JSONataError.make("T2011", position: update.position, value: upd)
                }
                if case .object(let mo) = match {
                    for e in uo.entries { mo[e.key] = e.value }
                }
            }
            if let del = node.delete {
                if let deletions = try eval(del, match, env) {
                    let names: [JV]
                    if case .array(let a) = deletions { names = a.items } else { names = [deletions] }
                    guard names.allSatisfy({ $0.isString }) else {
                        throw JSONataError.make("T2012", position: del.position, value: deletions)
                    }
                    if case .object(let mo) = match {
                        for n in names { if case .string(let s) = n { mo[s] = nil } }
                    }
                }
            }
        }
        return result
    }
}
