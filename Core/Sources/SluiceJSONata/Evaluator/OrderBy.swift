/// The order-by operator `^(…)` and the stable merge sort it shares with `$sort`.
extension Evaluator {
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
}
