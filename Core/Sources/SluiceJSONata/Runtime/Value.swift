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
    var items: [JV]
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
final class JObject {
    private(set) var keys: [String] = []
    private(set) var dict: [String: JV] = [:]

    init() {}

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        dict.reserveCapacity(capacity)
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    subscript(key: String) -> JV? {
        get { dict[key] }
        set {
            if let v = newValue {
                if dict.updateValue(v, forKey: key) == nil { keys.append(key) }
            } else if dict.removeValue(forKey: key) != nil {
                if let i = keys.firstIndex(of: key) { keys.remove(at: i) }
            }
        }
    }

    func contains(_ key: String) -> Bool { dict[key] != nil }

    /// Members in order.
    var members: [(String, JV)] {
        var out: [(String, JV)] = []
        out.reserveCapacity(keys.count)
        for k in keys { if let v = dict[k] { out.append((k, v)) } }
        return out
    }

    func copy() -> JObject {
        let o = JObject()
        o.keys = keys
        o.dict = dict
        return o
    }
}

/// One binding tuple of a tuple stream: the context value `@` plus named bindings.
struct Tuple {
    var context: JV?
    var bindings: [String: JV] = [:]
}

/// A stream of tuples produced by paths that use `@`, `#` or `%`.
final class TupleStream {
    var items: [Tuple]
    init(_ items: [Tuple] = []) { self.items = items }
}
