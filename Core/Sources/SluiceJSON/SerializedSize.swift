extension JSONValue {
    /// Whether the compact serialisation (`serialized`) has at most `limit` UTF-8 bytes.
    ///
    /// Answers from an upper bound when it can (every string byte escaped as `\u00XX`, numbers
    /// at their longest), which costs a walk without writing anything; writes the text only
    /// when the bound is over the limit.
    package func serializedSize(atMost limit: Int) -> Bool {
        var budget = limit
        if fitsUpperBound(&budget, depth: 0) { return true }
        return serialized.utf8.count <= limit
    }

    /// Subtracts an upper bound of this value's serialised size from `budget`; false as soon as
    /// the budget is exceeded (or past a depth the parser never produces).
    private func fitsUpperBound(_ budget: inout Int, depth: Int) -> Bool {
        guard depth < 10_000 else { return false }
        switch self {
        case .null, .bool: budget -= 5
        case .number(let n):
            switch n.storage {
            case .int: budget -= 20
            case .double: budget -= 32
            case .bigInteger(let digits): budget -= digits.utf8.count + 2
            }
        case .string(let s): budget -= 6 * s.utf8.count + 2
        case .array(let a):
            budget -= 2 + a.count
            if budget < 0 { return false }
            // Members borrowed from the storage: no retain/release per member.
            let fits = a.withUnsafeBufferPointer { elements in
                elements.allSatisfy { $0.fitsUpperBound(&budget, depth: depth + 1) }
            }
            if !fits { return false }
        case .object(let o):
            budget -= 2 + 2 * o.storage.count
            if budget < 0 { return false }
            let fits = o.storage.withUnsafeBufferPointer { entries in
                for i in entries.indices {
                    budget -= 6 * entries[i].key.utf8.count + 2
                    if !entries[i].value.fitsUpperBound(&budget, depth: depth + 1) { return false }
                }
                return true
            }
            if !fits { return false }
        }
        return budget >= 0
    }
}
