/// Regex values and matcher protocol: a matcher is a function `(str) -> {match, start, end,
/// groups, next}`; regex literals produce such functions, and users can write their own.
struct MatchResult {
    var match: String
    var start: Int
    var end: Int
    var groups: [String]
    var nextFn: JV?
    var object: JObject

    var matchLength: Int { match.unicodeScalars.count }

    func next(_ ctx: CallContext) throws(JSONataError) -> MatchResult? {
        guard let nextFn, nextFn.isFunction else { return nil }
        let r = try ctx.evaluator.apply(nextFn, [], nil, ctx.env)
        return try Library.matchResult(from: r, name: ctx.name)
    }

    func asObject() -> JObject { object }
}

extension Library {
    static func matchResult(from r: JV?, name: String) throws(JSONataError) -> MatchResult? {
        guard let r else { return nil }
        guard case .object(let o) = r else {
            if !jsTruthy(r) { return nil }
            throw JSONataError.make("T1010", token: name)
        }
        let startOK = o["start"]?.isNumber ?? false
        let groupsOK = o["groups"]?.isArray ?? false
        let nextOK = o["next"]?.isFunction ?? false
        if !(startOK || groupsOK || nextOK) { throw JSONataError.make("T1010", token: name) }
        var groups: [String] = []
        if case .array(let g)? = o["groups"] {
            for x in g.items { groups.append(x.stringValue ?? "") }
        }
        let start = clampedInt(o["start"]?.numberValue ?? 0)
        return MatchResult(match: o["match"]?.stringValue ?? "", start: start,
                           end: clampedInt(o["end"]?.numberValue ?? Double(start)), groups: groups, nextFn: o["next"], object: o)
    }

    static func evaluateMatcher(_ ctx: CallContext, _ matcher: JV?, _ s: String) throws(JSONataError) -> MatchResult? {
        let r = try ctx.evaluator.apply(matcher, [.string(s)], nil, ctx.env)
        return try matchResult(from: r, name: ctx.name)
    }

    /// The match object of `re` against `input` starting at `from`, or `nil` (undefined).
    static func regexMatchObject(_ ev: Evaluator, _ re: RegexProgram, _ input: [UInt32], from: Int) throws(JSONataError) -> JV? {
        let matcher = RegexMatcher(re, input: input)
        guard let m = try matcher.firstMatch(from: from) else { return nil }
        let o = JObject()
        o["match"] = .string(string(fromScalars: input[m.start..<m.end]))
        o["start"] = .number(Double(m.start))
        o["end"] = .number(Double(m.end))
        var groups: [JV] = []
        for g in m.groups {
            if let g { groups.append(.string(string(fromScalars: input[g]))) } else { groups.append(.string("")) }
        }
        o["groups"] = .array(JArray(groups))
        let lastIndex = m.end
        o["next"] = .function(JFunction(.closure(arity: 0) { ctx, _ throws(JSONataError) in
            if lastIndex >= input.count { return nil }
            let next = try regexMatchObject(ctx.evaluator, re, input, from: lastIndex)
            if case .object(let no)? = next, case .string("")? = no["match"] {
                throw JSONataError.make("D1004", value: .string(re.source))
            }
            return next
        }))
        return .object(o)
    }
}
