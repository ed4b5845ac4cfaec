/// Field lookup, wildcards `*` and descendants `**`.
extension Evaluator {
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
            for (_, value) in o.entries {
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

    func evaluateDescendants(_ input: JV?) throws(JSONataError) -> JV? {
        guard let input else { return nil }
        let results = JArray.sequence()
        var budget = NodeBudget()
        try recurseDescendants(input, results, depth: 0, budget: &budget)
        if results.items.count == 1 { return results.items[0] }
        return .array(results)
    }

    private func recurseDescendants(_ input: JV, _ results: JArray, depth: Int, budget: inout NodeBudget)
        throws(JSONataError)
    {
        try budget.spend()
        guard depth < 1000 else { return }
        switch input {
        case .array(let a):
            for m in a.items { try recurseDescendants(m, results, depth: depth + 1, budget: &budget) }
        case .object(let o):
            results.items.append(input)
            for e in o.entries { try recurseDescendants(e.value, results, depth: depth + 1, budget: &budget) }
        default:
            results.items.append(input)
        }
    }
}
