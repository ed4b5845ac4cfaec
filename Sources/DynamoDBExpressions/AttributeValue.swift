/// One DynamoDB attribute value: `S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`, `SS`, `NS`, `BS`.
///
/// Sets keep their members in the order they were given; two sets are equal when they hold the
/// same members.
public indirect enum AttributeValue: Sendable {
    case string(String)
    case number(DynamoNumber)
    case binary([UInt8])
    case bool(Bool)
    case null
    case map([String: AttributeValue])
    case list([AttributeValue])
    case stringSet([String])
    case numberSet([DynamoNumber])
    case binarySet([[UInt8]])

    /// The wire type name: `S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`, `SS`, `NS`, `BS`.
    public var typeName: String {
        switch self {
        case .string: "S"
        case .number: "N"
        case .binary: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .map: "M"
        case .list: "L"
        case .stringSet: "SS"
        case .numberSet: "NS"
        case .binarySet: "BS"
        }
    }

    /// The type as AWS names it in operand-type errors (`STRING`, `NUMBER`, …).
    var longTypeName: String {
        switch self {
        case .string: "STRING"
        case .number: "NUMBER"
        case .binary: "BINARY"
        case .bool: "BOOLEAN"
        case .null: "NULL"
        case .map: "MAP"
        case .list: "LIST"
        case .stringSet: "STRING_SET"
        case .numberSet: "NUMBER_SET"
        case .binarySet: "BINARY_SET"
        }
    }

    public static let typeNames: Set<String> = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]

    var isSet: Bool {
        switch self {
        case .stringSet, .numberSet, .binarySet: true
        default: false
        }
    }
}

extension AttributeValue: Hashable {
    public static func == (lhs: AttributeValue, rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        // DynamoDB compares strings by their UTF-8 bytes, not by Unicode canonical equivalence.
        case (.string(let a), .string(let b)): a.utf8.elementsEqual(b.utf8)
        case (.number(let a), .number(let b)): a == b
        case (.binary(let a), .binary(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        case (.map(let a), .map(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.stringSet(let a), .stringSet(let b)): a.count == b.count && Set(a) == Set(b)
        case (.numberSet(let a), .numberSet(let b)): a.count == b.count && Set(a) == Set(b)
        case (.binarySet(let a), .binarySet(let b)): a.count == b.count && Set(a) == Set(b)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(typeName)
        switch self {
        case .string(let s): hasher.combine(s)
        case .number(let n): hasher.combine(n)
        case .binary(let b): hasher.combine(b)
        case .bool(let b): hasher.combine(b)
        case .null: break
        case .map(let m): hasher.combine(m)
        case .list(let l): hasher.combine(l)
        case .stringSet(let s): hasher.combine(s.count)
        case .numberSet(let s): hasher.combine(s.count)
        case .binarySet(let s): hasher.combine(s.count)
        }
    }
}

/// An item: attribute name → value.
public typealias Item = [String: AttributeValue]

extension AttributeValue {
    /// Order of two scalars of the same type (`N` numerically, `S` and `B` bytewise), else `nil`.
    public static func compare(_ a: AttributeValue, _ b: AttributeValue) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): return DynamoNumber.compare(x, y)
        case (.string(let x), .string(let y)): return compareBytes(Array(x.utf8), Array(y.utf8))
        case (.binary(let x), .binary(let y)): return compareBytes(x, y)
        default: return nil
        }
    }

    static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let n = min(a.count, b.count)
        for i in 0..<n where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        if a.count == b.count { return 0 }
        return a.count < b.count ? -1 : 1
    }

    /// Bytes whose bytewise order is DynamoDB's order of key values of one type: strings as UTF-8,
    /// binary as is, numbers through `DynamoNumber.sortableBytes`. Other types have no key order.
    public var sortableKeyBytes: [UInt8]? {
        switch self {
        case .string(let s): Array(s.utf8)
        case .binary(let b): b
        case .number(let n): n.sortableBytes
        default: nil
        }
    }

    /// The size DynamoDB charges for the value (names of map members included).
    public var size: Int {
        switch self {
        case .string(let s): return s.utf8.count
        case .number(let n): return (n.digits.count + 1) / 2 + 1
        case .binary(let b): return b.count
        case .bool, .null: return 1
        case .map(let m):
            var total = 3
            for (k, v) in m { total += k.utf8.count + v.size + 1 }
            return total
        case .list(let l):
            var total = 3
            for v in l { total += v.size + 1 }
            return total
        case .stringSet(let s): return s.reduce(0) { $0 + $1.utf8.count }
        case .numberSet(let s): return s.reduce(0) { $0 + ($1.digits.count + 1) / 2 + 1 }
        case .binarySet(let s): return s.reduce(0) { $0 + $1.count }
        }
    }
}

extension AttributeValue {
    /// Whether maps and lists nest deeper than `limit` levels (looks no deeper than that).
    func nestsDeeper(than limit: Int) -> Bool {
        switch self {
        case .map(let m):
            if limit == 0 { return true }
            return m.values.contains { $0.nestsDeeper(than: limit - 1) }
        case .list(let l):
            if limit == 0 { return true }
            return l.contains { $0.nestsDeeper(than: limit - 1) }
        default:
            return false
        }
    }
}

extension Dictionary where Key == String, Value == AttributeValue {
    /// The item's size as DynamoDB counts it against the 400 KB limit.
    public var itemSize: Int { reduce(0) { $0 + $1.key.utf8.count + $1.value.size } }
}
