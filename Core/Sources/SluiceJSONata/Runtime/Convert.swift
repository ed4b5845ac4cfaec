import SluiceJSON

/// Conversion between `JSONValue` (the engine's boundary type) and runtime values.
enum Convert {
    static func toJV(_ v: JSONValue) -> JV {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n.doubleValue)
        case .string(let s): return .string(s)
        case .array(let a): return .array(JArray(a.map(toJV)))
        case .object(let o):
            // JSONObject keys are already unique.
            return .object(JObject(uniqueEntries: o.map { ($0.key, toJV($0.value)) }))
        }
    }

    /// Integral results within the 64-bit range become JSON integers (AWS writes a computed `3`,
    /// not `3.0`); other numbers stay doubles (see `JSONNumber(normalizing:)`).
    static func number(_ d: Double) -> JSONValue {
        .number(JSONNumber(normalizing: d))
    }

    /// Converts a result; functions nested in objects are dropped and in arrays become `null`, as
    /// `JSON.stringify` writes them.
    static func toJSON(_ v: JV?) throws(JSONataError) -> JSONValue? {
        var budget = NodeBudget()
        return try toJSON(v, depth: 0, budget: &budget)
    }

    static func toJSON(_ v: JV?, depth: Int, budget: inout NodeBudget) throws(JSONataError) -> JSONValue? {
        guard let v else { return nil }
        try budget.spend()
        if depth > 1000 { throw JSONataError.make("U1001") }
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d):
            if !d.isFinite { throw JSONataError.make("D1001", value: v) }
            return number(d)
        case .string(let s): return .string(s)
        case .function: return nil
        case .array(let a):
            var out: [JSONValue] = []
            out.reserveCapacity(a.items.count)
            // JSON.stringify writes functions inside arrays as null.
            for item in a.items { out.append(try toJSON(item, depth: depth + 1, budget: &budget) ?? .null) }
            return .array(out)
        case .tuples(let t):
            var out: [JSONValue] = []
            for item in t.items { if let j = try toJSON(item.context, depth: depth + 1, budget: &budget) { out.append(j) } }
            return .array(out)
        case .object(let o):
            var members: [JSONObject.Member] = []
            members.reserveCapacity(o.count)
            for (k, val) in o.entries {
                if let j = try toJSON(val, depth: depth + 1, budget: &budget) { members.append((key: k, value: j)) }
            }
            return .object(JSONObject(uniqueMembers: members))
        }
    }
}
