/// A JSON document as the engine sees it: ordered object members and exact numbers.
///
/// Objects keep their members in insertion order (AWS echoes keys in the order it received them),
/// and numbers keep the distinction between integers and floating point values.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

extension JSONValue {
    /// A JSON integer.
    @inlinable
    public static func int(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    /// A JSON floating point number.
    @inlinable
    public static func double(_ value: Double) -> JSONValue { .number(JSONNumber(value)) }

    @inlinable public var isNull: Bool { if case .null = self { true } else { false } }

    @inlinable public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    @inlinable public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    @inlinable public var numberValue: JSONNumber? { if case .number(let n) = self { n } else { nil } }
    @inlinable public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    @inlinable public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }

    /// The member `key` of an object; `nil` for a missing key or a value that is not an object.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The JSON type name as AWS error messages spell it (`"object"`, `"array"`, `"string"`, …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}

/// The members of a JSON object, in insertion order.
///
/// Lookup is linear, which beats hashing for the small objects ASL documents are made of. Setting an
/// existing key replaces its value in place; a new key is appended.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Member = (key: String, value: JSONValue)

    /// One member in storage (a struct rather than the `Member` tuple: tuples go through slow
    /// generic value witnesses and runtime metadata lookups).
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var key: String
        @usableFromInline var value: JSONValue

        @inlinable
        init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline var storage: [Entry]

    /// Members already known to have distinct keys.
    init(entries: [Entry]) { storage = entries }

    @inlinable public init() { storage = [] }

    /// Members in the given order. A repeated key keeps its first position and its last value.
    @inlinable
    public init(_ members: some Sequence<Member>) {
        storage = []
        for m in members { self[m.key] = m.value }
    }

    /// Members in literal order; a repeated key keeps its first position and its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }

    /// Members known to have distinct keys (no duplicate check).
    @inlinable
    public init(uniqueMembers: [Member]) { storage = uniqueMembers.map { Entry(key: $0.key, value: $0.value) } }

    @inlinable public var startIndex: Int { storage.startIndex }
    @inlinable public var endIndex: Int { storage.endIndex }
    @inlinable public subscript(position: Int) -> Member {
        let entry = storage[position]
        return (key: entry.key, value: entry.value)
    }

    @inlinable public var keys: [String] { storage.map(\.key) }
    @inlinable public var values: [JSONValue] { storage.map(\.value) }

    @inlinable
    public func index(forKey key: String) -> Int? {
        storage.firstIndex { $0.key == key }
    }

    /// The value for `key`; assigning `nil` removes the member.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        get {
            for m in storage where m.key == key { return m.value }
            return nil
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { storage[i].value = newValue } else { storage.remove(at: i) }
            } else if let newValue {
                storage.append(Entry(key: key, value: newValue))
            }
        }
    }

    @inlinable
    public mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n) }

    /// Appends without checking for an existing key; the caller guarantees uniqueness.
    @inlinable
    public mutating func appendUnique(key: String, value: JSONValue) { storage.append(Entry(key: key, value: value)) }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.storage.count == rhs.storage.count else { return false }
        for (i, m) in lhs.storage.enumerated() {
            // Fast path: same order.
            if rhs.storage[i].key == m.key {
                if rhs.storage[i].value != m.value { return false }
            } else {
                // JSON object equality does not depend on member order.
                guard let other = rhs[m.key], other == m.value else { return false }
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var acc = 0
        for m in storage {
            var h = Hasher()
            h.combine(m.key)
            h.combine(m.value)
            acc ^= h.finalize()
        }
        hasher.combine(storage.count)
        hasher.combine(acc)
    }
}

extension JSONObject {
    /// Two members with distinct keys, in one allocation (history event details).
    package init(unique first: (String, JSONValue), _ second: (String, JSONValue)) {
        self.init(entries: [Entry(key: first.0, value: first.1), Entry(key: second.0, value: second.1)])
    }

    /// Three members with distinct keys, in one allocation (history event details).
    package init(unique first: (String, JSONValue), _ second: (String, JSONValue), _ third: (String, JSONValue)) {
        self.init(entries: [
            Entry(key: first.0, value: first.1), Entry(key: second.0, value: second.1),
            Entry(key: third.0, value: third.1),
        ])
    }
}
