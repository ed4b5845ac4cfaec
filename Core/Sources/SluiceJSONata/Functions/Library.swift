/// The built-in function library and helpers shared by its implementations.
enum Library {
    static let standard: [String: Builtin] = {
        var all: [String: Builtin] = [:]
        for b in stringFunctions + numericFunctions + arrayFunctions + objectFunctions + higherOrderFunctions
            + dateTimeFunctions + formattingFunctions + encodingFunctions
        {
            all[b.name] = b
        }
        return all
    }()

    static let aws: [String: Builtin] = {
        var all = standard
        all["eval"] = nil
        for b in awsFunctions { all[b.name] = b }
        return all
    }()

    static func lookup(_ name: String, extended: Bool) -> Builtin? {
        extended ? aws[name] : standard[name]
    }

    static let transformSignature: Signature = (try? Signature("<(oa):o>")) ?? Signature.empty

    // MARK: - size limits

    /// Largest string (UTF-8 bytes) and array an expression may build; far above AWS's payload
    /// limit, low enough that doubling loops fail instead of exhausting memory.
    static let maxStringBytes = 50_000_000
    static let maxArrayItems = 10_000_000

    static func tooLarge() -> JSONataError {
        JSONataError(code: "U1003", message: "The expression built a value that exceeds the size limit")
    }

    static func checkSize(_ s: String) throws(JSONataError) -> String {
        if s.utf8.count > maxStringBytes { throw tooLarge() }
        return s
    }

    /// A double truncated to an `Int` in `-limit...limit` (NaN becomes 0); never traps.
    static func clampedInt(_ d: Double, limit: Int = 1 << 40) -> Int {
        guard !d.isNaN else { return 0 }
        let t = d.rounded(.towardZero)
        if t >= Double(limit) { return limit }
        if t <= -Double(limit) { return -limit }
        return Int(t)
    }

    // MARK: - argument helpers

    @inline(__always)
    static func arg(_ args: Arguments, _ i: Int) -> JV? { args[i] }

    static func str(_ args: Arguments, _ i: Int) -> String? {
        if case .string(let s)? = arg(args, i) { return s }
        return nil
    }

    static func num(_ args: Arguments, _ i: Int) -> Double? {
        if case .number(let d)? = arg(args, i) { return d }
        return nil
    }

    static func items(_ v: JV?) -> [JV] {
        guard let v else { return [] }
        if case .array(let a) = v { return a.items }
        return [v]
    }

    // MARK: - shared semantics

    /// `$string` of a defined value.
    static func stringOf(_ v: JV, prettify: Bool = false) throws(JSONataError) -> String {
        switch v {
        case .string(let s): return s
        case .function: return ""
        case .number(let d):
            if !d.isFinite { throw JSONataError.make("D3001", value: v) }
            return Stringify.number15(d)
        default:
            var budget = NodeBudget()
            try checkFinite(v, depth: 0, budget: &budget)
            return Stringify.string(v, prettify: prettify)
        }
    }

    static func checkFinite(_ v: JV, depth: Int, budget: inout NodeBudget) throws(JSONataError) {
        try budget.spend()
        // Deeper than any parsed JSON: a cycle made by the transform operator.
        guard depth < 1000 else { throw JSONataError.make("U1001") }
        switch v {
        case .number(let d): if !d.isFinite { throw JSONataError.make("D1001", value: v) }
        case .array(let a): for x in a.items { try checkFinite(x, depth: depth + 1, budget: &budget) }
        case .object(let o): for e in o.entries { try checkFinite(e.value, depth: depth + 1, budget: &budget) }
        default: break
        }
    }

    /// `fn.append`: concatenates two values as sequences.
    static func append(_ a: JV?, _ b: JV?) -> JV? {
        guard let a else { return b }
        guard let b else { return a }
        var items: [JV]
        if case .array(let x) = a { items = x.items } else { items = [a] }
        if case .array(let y) = b { items.append(contentsOf: y.items) } else { items.append(b) }
        return .array(JArray(items))
    }

    static func deepClone(_ v: JV, depth: Int = 0) throws(JSONataError) -> JV {
        var budget = NodeBudget()
        return try deepClone(v, depth: depth, budget: &budget)
    }

    /// `JSON.parse(JSON.stringify(v))`: a structural copy (cycles are cut at depth 1000).
    static func deepClone(_ v: JV, depth: Int, budget: inout NodeBudget) throws(JSONataError) -> JV {
        try budget.spend()
        if depth > 1000 { return v }
        switch v {
        case .array(let a):
            var items: [JV] = []
            items.reserveCapacity(a.items.count)
            for x in a.items { items.append(try deepClone(x, depth: depth + 1, budget: &budget)) }
            return .array(JArray(items))
        case .object(let o):
            var entries: [JObject.Entry] = []
            entries.reserveCapacity(o.count)
            for e in o.entries { entries.append((e.key, try deepClone(e.value, depth: depth + 1, budget: &budget))) }
            return .object(JObject(uniqueEntries: entries))
        default:
            return v
        }
    }

    /// JavaScript truthiness (used for user comparators in `$sort`).
    static func jsTruthy(_ v: JV?) -> Bool {
        guard let v else { return false }
        switch v {
        case .null: return false
        case .bool(let b): return b
        case .number(let d): return d != 0 && !d.isNaN
        case .string(let s): return !s.isEmpty
        default: return true
        }
    }

    /// Arguments for a higher-order callback: value, then index and array if the function takes them.
    static func hofArgs(_ f: JV?, _ a1: JV?, _ a2: JV?, _ a3: JV?) -> [JV?] {
        var out: [JV?] = [a1]
        let arity = f?.functionValue?.arity ?? 1
        if arity >= 2 { out.append(a2) }
        if arity >= 3 { out.append(a3) }
        return out
    }

    static func isArrayOfStrings(_ v: JV?) -> Bool {
        guard case .array(let a)? = v else { return false }
        return a.items.allSatisfy { $0.isString }
    }

    static func isArrayOfNumbers(_ v: JV?) -> Bool {
        guard case .array(let a)? = v else { return false }
        return a.items.allSatisfy { $0.isNumber }
    }

    static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    static func string(fromScalars s: ArraySlice<UInt32>) -> String {
        var v = String.UnicodeScalarView()
        for c in s { if let u = Unicode.Scalar(c) { v.append(u) } }
        return String(v)
    }

    static func string(fromScalars s: [UInt32]) -> String { string(fromScalars: s[...]) }
}

extension Signature {
    static let empty = Signature(emptyWithText: "<x:x>")
}
