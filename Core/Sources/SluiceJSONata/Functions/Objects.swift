/// Object and value functions: `$keys`, `$lookup`, `$spread`, `$merge`, `$sift`, `$each`,
/// `$error`, `$assert`, `$type`, `$boolean`, `$not`, `$exists`.
extension Library {
    static let objectFunctions: [Builtin] = [
        Builtin("keys", "<x-:a<s>>", arity: 1) { _, a in .array(JArray.sequence(keys(arg(a, 0)).map { .string($0) })) },
        Builtin("lookup", "<x-s:x>", arity: 2) { _, a in
            guard let k = str(a, 1) else { return nil }
            return Evaluator.lookupField(arg(a, 0), k)
        },
        Builtin("spread", "<x-:a<o>>", arity: 1) { _, a in spread(arg(a, 0), depth: 0) },
        Builtin("merge", "<a<o>:o>", arity: 1) { _, a in
            guard let v = arg(a, 0) else { return nil }
            let result = JObject()
            for item in items(v) {
                if case .object(let o) = item { for e in o.entries { result[e.key] = e.value } }
            }
            return .object(result)
        },
        Builtin("sift", "<o-f?:o>", arity: 2) { ctx, a throws(JSONataError) in
            guard case .object(let o)? = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let result = JObject()
            for k in o.keys {
                guard let entry = o[k] else { continue }
                let r = try ctx.evaluator.apply(f, hofArgs(f, entry, .string(k), .object(o)), nil, ctx.env)
                if Evaluator.boolean(r) { result[k] = entry }
            }
            return result.isEmpty ? nil : .object(result)
        },
        Builtin("each", "<o-f:a>", arity: 2) { ctx, a throws(JSONataError) in
            guard case .object(let o)? = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let result = JArray.sequence()
            for k in o.keys {
                guard let entry = o[k] else { continue }
                if let r = try ctx.evaluator.apply(f, hofArgs(f, entry, .string(k), .object(o)), nil, ctx.env) {
                    result.items.append(r)
                }
            }
            return .array(result)
        },
        Builtin("error", "<s?:x>", arity: 1) { _, a throws(JSONataError) in
            throw JSONataError(code: "D3137", message: str(a, 0) ?? "$error() function evaluated")
        },
        Builtin("assert", "<bs?:x>", arity: 2) { _, a throws(JSONataError) in
            if case .bool(true)? = arg(a, 0) { return nil }
            throw JSONataError(code: "D3141", message: str(a, 1) ?? "$assert() statement failed")
        },
        Builtin("type", "<x:s>", arity: 1) { _, a in
            guard let v = arg(a, 0) else { return nil }
            switch v {
            case .null: return .string("null")
            case .number: return .string("number")
            case .string: return .string("string")
            case .bool: return .string("boolean")
            case .array, .tuples: return .string("array")
            case .function: return .string("function")
            case .object: return .string("object")
            }
        },
        Builtin("boolean", "<x-:b>", arity: 1) { _, a in
            guard let v = arg(a, 0) else { return nil }
            return .bool(Evaluator.boolean(v))
        },
        Builtin("not", "<x-:b>", arity: 1) { _, a in
            guard let v = arg(a, 0) else { return nil }
            return .bool(!Evaluator.boolean(v))
        },
        Builtin("exists", "<x:b>", arity: 1) { _, a in .bool(arg(a, 0) != nil) },
    ]

    static func keys(_ v: JV?) -> [String] {
        guard let v else { return [] }
        switch v {
        case .object(let o): return o.keys
        case .array(let arr):
            var seen = Set<String>()
            var out: [String] = []
            for item in arr.items {
                if case .object(let o) = item {
                    for k in o.keys where seen.insert(k).inserted { out.append(k) }
                }
            }
            return out
        default: return []
        }
    }

    static func spread(_ v: JV?, depth: Int) -> JV? {
        guard let v else { return nil }
        switch v {
        case .array(let arr):
            var result: JV? = .array(JArray.sequence())
            for item in arr.items where depth < 1000 { result = append(result, spread(item, depth: depth + 1)) }
            return result
        case .object(let o):
            let result = JArray.sequence()
            for k in o.keys {
                let single = JObject()
                single[k] = o[k]
                result.items.append(.object(single))
            }
            return .array(result)
        default:
            return v
        }
    }
}
