import SluiceJSON

/// `States.ArrayUnique` as AWS computes it: the values go through a `java.util.HashSet` of Java
/// objects (Integer, Long, Double, String, Boolean, List, Map), so duplicates follow Java's
/// `equals` (object member order does not matter, `1` and `1.0` differ) and the result comes out
/// in hash-bucket order, not first-seen order.
enum JavaHashSet {
    private struct Entry {
        var value: JSONValue
        var hash: UInt32
    }

    static func uniqueInIterationOrder(_ values: [JSONValue]) -> [JSONValue] {
        var capacity = 16
        var buckets = [[Entry]](repeating: [], count: capacity)
        var count = 0
        for value in values {
            let h = UInt32(bitPattern: hashCode(value, depth: 0))
            let spread = h ^ (h >> 16)
            let index = Int(spread & UInt32(capacity - 1))
            if buckets[index].contains(where: { $0.hash == spread && javaEquals($0.value, value, depth: 0) }) { continue }
            buckets[index].append(Entry(value: value, hash: spread))
            count += 1
            if count > capacity * 3 / 4 {
                // HashMap.resize: each chain splits into the same index and index + old capacity,
                // keeping its relative order.
                let newCapacity = capacity * 2
                var resized = [[Entry]](repeating: [], count: newCapacity)
                for chain in buckets {
                    for entry in chain { resized[Int(entry.hash & UInt32(newCapacity - 1))].append(entry) }
                }
                buckets = resized
                capacity = newCapacity
            }
        }
        return buckets.flatMap { $0.map(\.value) }
    }

    private static let maxDepth = 256

    /// Java's `hashCode` of the object Jackson maps this value to.
    static func hashCode(_ value: JSONValue, depth: Int) -> Int32 {
        guard depth < maxDepth else { return 0 }
        switch value {
        case .null: return 0
        case .bool(let b): return b ? 1231 : 1237
        case .string(let s): return stringHash(s)
        case .number(let n):
            if n.isIntegerLiteral, let v = n.int64Value {
                if Int64(Int32.min)...Int64(Int32.max) ~= v { return Int32(v) }
                return Int32(truncatingIfNeeded: v ^ Int64(bitPattern: UInt64(bitPattern: v) >> 32))
            }
            if n.isIntegerLiteral { return stringHash(n.description) }
            let bits = n.doubleValue.bitPattern
            return Int32(truncatingIfNeeded: Int64(bitPattern: bits ^ (bits >> 32)))
        case .array(let a):
            var h: Int32 = 1
            for e in a { h = 31 &* h &+ hashCode(e, depth: depth + 1) }
            return h
        case .object(let o):
            var h: Int32 = 0
            for m in o { h = h &+ (stringHash(m.key) ^ hashCode(m.value, depth: depth + 1)) }
            return h
        }
    }

    static func stringHash(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = 31 &* h &+ Int32(unit) }
        return h
    }

    /// Java's `equals` between the mapped objects.
    static func javaEquals(_ a: JSONValue, _ b: JSONValue, depth: Int) -> Bool {
        guard depth < maxDepth else { return false }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)):
            guard x.isIntegerLiteral == y.isIntegerLiteral else { return false }
            if x.isIntegerLiteral { return x == y }
            return x.doubleValue.bitPattern == y.doubleValue.bitPattern
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for (l, r) in zip(x, y) where !javaEquals(l, r, depth: depth + 1) { return false }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for m in x {
                guard let other = y[m.key], javaEquals(m.value, other, depth: depth + 1) else { return false }
            }
            return true
        default:
            return false
        }
    }
}
