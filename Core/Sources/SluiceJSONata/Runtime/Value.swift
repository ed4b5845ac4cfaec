/// A JSONata runtime value. `nil` (`JV?`) stands for JavaScript's `undefined`.
///
/// Arrays and objects are reference types, as in JSONata's JavaScript reference implementation:
/// the transform operator and the grouping code mutate values they hold references to.
enum JV {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array(JArray)
    case object(JObject)
    case function(JFunction)
    /// An internal tuple stream (focus/index/ancestor bindings); never escapes evaluation.
    case tuples(TupleStream)


    var isArray: Bool { if case .array = self { true } else { false } }
    var isFunction: Bool { if case .function = self { true } else { false } }
    var isNumber: Bool { if case .number = self { true } else { false } }
    var isString: Bool { if case .string = self { true } else { false } }

    var arrayValue: JArray? { if case .array(let a) = self { a } else { nil } }
    var objectValue: JObject? { if case .object(let o) = self { o } else { nil } }
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    var functionValue: JFunction? { if case .function(let f) = self { f } else { nil } }

    /// A sequence is an array created by the evaluator (as opposed to a JSON array value).
    var isSequence: Bool { if case .array(let a) = self { a.sequence } else { false } }
}

/// An array value with the hidden flags JSONata attaches to JavaScript arrays.
final class JArray {
    @exclusivity(unchecked) var items: [JV]
    /// Created by the evaluator as a result sequence (collapses when it has one member).
    var sequence = false
    /// `[]` in the expression: keep a singleton sequence as an array.
    var keepSingleton = false
    /// The input document was an array, wrapped so that it is treated as a single value.
    var outerWrapper = false
    /// Built by an array constructor `[...]`; not flattened in paths.
    var cons = false

    init(_ items: [JV] = []) { self.items = items }

    static func sequence(_ items: [JV] = []) -> JArray {
        let a = JArray(items)
        a.sequence = true
        return a
    }

    @inline(__always) var count: Int { items.count }
    @inline(__always) var isEmpty: Bool { items.isEmpty }
    @inline(__always) func append(_ v: JV) { items.append(v) }
    subscript(i: Int) -> JV? { i >= 0 && i < items.count ? items[i] : nil }
}

/// An object with insertion-ordered keys (JavaScript property order for string keys).
///
/// Members live in one array (small objects, the common case, are searched linearly); a hash
/// index is built once an object grows past `indexThreshold` members.
final class JObject {
    typealias Entry = (key: String, value: JV)

    @exclusivity(unchecked) private(set) var entries: [Entry] = []
    @exclusivity(unchecked) private var index: [String: Int]?
    private static let indexThreshold = 12

    init() {}

    init(capacity: Int) {
        entries.reserveCapacity(capacity)
    }

    /// Members known to have distinct keys.
    init(uniqueEntries: [Entry]) {
        entries = uniqueEntries
        if entries.count > JObject.indexThreshold { buildIndex() }
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }
    var keys: [String] { entries.map(\.key) }

    private func buildIndex() {
        var ix: [String: Int] = [:]
        ix.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() { ix[e.key] = i }
        index = ix
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    subscript(key: String) -> JV? {
        get {
            guard let i = position(of: key) else { return nil }
            return entries[i].value
        }
        set {
            if let v = newValue {
                if let i = position(of: key) {
                    entries[i].value = v
                } else {
                    entries.append((key, v))
                    if index != nil {
                        index?[key] = entries.count - 1
                    } else if entries.count > JObject.indexThreshold {
                        buildIndex()
                    }
                }
            } else if let i = position(of: key) {
                entries.remove(at: i)
                if index != nil { buildIndex() }
            }
        }
    }

    func contains(_ key: String) -> Bool { position(of: key) != nil }
}

/// One binding tuple of a tuple stream: the context value `@` plus named bindings.
struct Tuple {
    var context: JV?
    var bindings: [String: JV] = [:]
}

/// A stream of tuples produced by paths that use `@`, `#` or `%`.
final class TupleStream {
    @exclusivity(unchecked) var items: [Tuple]
    init(_ items: [Tuple] = []) { self.items = items }
}

/// A bound on the number of nodes one structural traversal (`**`, deep copy, deep equality,
/// serialisation) may visit. Values made cyclic or exponentially shared by the transform operator
/// would otherwise keep a traversal busy outside the evaluator's deadline checks.
struct NodeBudget {
    var remaining: Int

    init(_ limit: Int = 2_000_000) { remaining = limit }

    @inline(__always)
    mutating func spend() throws(JSONataError) {
        remaining -= 1
        if remaining < 0 {
            throw JSONataError(code: "U1003", message: "The expression built a value that exceeds the size limit")
        }
    }
}
