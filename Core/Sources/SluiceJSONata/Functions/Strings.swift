/// String functions: `$string`, `$length`, `$substring…`, case, `$trim`, `$pad`, `$contains`,
/// `$split`, `$join`, `$match`, `$replace`.
extension Library {
    static let stringFunctions: [Builtin] = [
        Builtin("string", "<x-b?:s>", arity: 1) { _, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let pretty: Bool = { if case .bool(true)? = arg(a, 1) { return true } else { return false } }()
            return .string(try stringOf(v, prettify: pretty))
        },
        Builtin("length", "<s-:n>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            return .number(Double(s.unicodeScalars.count))
        },
        Builtin("substring", "<s-nn?:s>", arity: 3) { _, a in
            guard let s = str(a, 0), let startD = num(a, 1) else { return nil }
            return .string(substring(s, startD, num(a, 2), hasLength: arg(a, 2) != nil))
        },
        Builtin("substringBefore", "<s-s:s>", arity: 2) { _, a in
            guard let s = str(a, 0) else { return nil }
            guard let chars = str(a, 1) else { return .string(s) }
            let sc = scalars(s), cc = scalars(chars)
            guard let i = indexOf(sc, cc, from: 0) else { return .string(s) }
            return .string(string(fromScalars: sc[0..<i]))
        },
        Builtin("substringAfter", "<s-s:s>", arity: 2) { _, a in
            guard let s = str(a, 0) else { return nil }
            guard let chars = str(a, 1) else { return .string(s) }
            let sc = scalars(s), cc = scalars(chars)
            guard let i = indexOf(sc, cc, from: 0) else { return .string(s) }
            return .string(string(fromScalars: sc[(i + cc.count)...]))
        },
        Builtin("lowercase", "<s-:s>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            return .string(asciiCaseMapped(s, from: 0x41, to: 0x5A, adding: 0x20) ?? s.lowercased())
        },
        Builtin("uppercase", "<s-:s>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            return .string(asciiCaseMapped(s, from: 0x61, to: 0x7A, adding: 0xE0) ?? s.uppercased())
        },
        Builtin("trim", "<s-:s>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            var out = String.UnicodeScalarView()
            var inSpace = false
            for u in s.unicodeScalars {
                if u == " " || u == "\t" || u == "\n" || u == "\r" {
                    if !inSpace { out.append(" ") }
                    inSpace = true
                } else {
                    out.append(u)
                    inSpace = false
                }
            }
            var r = Array(out)
            if r.first == " " { r.removeFirst() }
            if r.last == " " { r.removeLast() }
            return .string(String(String.UnicodeScalarView(r)))
        },
        Builtin("pad", "<s-ns?:s>", arity: 3) { _, a throws(JSONataError) in
            guard let s = str(a, 0), let width = num(a, 1) else { return nil }
            var ch = str(a, 2) ?? " "
            if ch.isEmpty { ch = " " }
            let len = s.unicodeScalars.count
            let w = Int(exactly: width.magnitude.rounded(.towardZero)) ?? 0
            let padLength = w - len
            guard padLength > 0 else { return .string(s) }
            if padLength > maxStringBytes { throw tooLarge() }
            let chars = scalars(ch)
            var padding: [UInt32] = []
            padding.reserveCapacity(padLength)
            while padding.count < padLength { padding.append(contentsOf: chars) }
            let pad = string(fromScalars: padding[0..<padLength])
            return .string(width > 0 ? s + pad : pad + s)
        },
        Builtin("contains", "<s-(sf):b>", arity: 2) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            guard let token = arg(a, 1) else { return .bool(false) }
            if case .string(let t) = token {
                return .bool(indexOf(scalars(s), scalars(t), from: 0) != nil)
            }
            let m = try evaluateMatcher(ctx, token, s)
            return .bool(m != nil)
        },
        Builtin("split", "<s-(sf)n?:a<s>>", arity: 3) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let limit = num(a, 2)
            if let l = limit, l < 0 { throw JSONataError.make("D3020", value: .number(l)) }
            var result: [JV] = []
            if let l = limit, l <= 0 { return .array(JArray(result)) }
            let maxCount = limit.map { Int(exactly: $0.rounded(.towardZero)) ?? Int.max } ?? Int.max
            guard let sep = arg(a, 1) else { return .array(JArray([.string(s)])) }
            let sc = scalars(s)
            if case .string(let sepStr) = sep {
                let pc = scalars(sepStr)
                if pc.isEmpty {
                    for c in sc where result.count < maxCount { result.append(.string(string(fromScalars: [c]))) }
                } else {
                    var start = 0
                    while result.count < maxCount {
                        if let i = indexOf(sc, pc, from: start) {
                            result.append(.string(string(fromScalars: sc[start..<i])))
                            start = i + pc.count
                        } else {
                            result.append(.string(string(fromScalars: sc[start...])))
                            break
                        }
                    }
                }
                return .array(JArray(result))
            }
            var count = 0
            var matches = try evaluateMatcher(ctx, sep, s)
            if matches != nil {
                var start = 0
                while let m = matches, count < maxCount {
                    let from = clampIndex(start, sc.count)
                    result.append(.string(string(fromScalars: sc[from..<max(clampIndex(m.start, sc.count), from)])))
                    start = clampIndex(m.end, sc.count)
                    matches = try m.next(ctx)
                    count += 1
                }
                if count < maxCount { result.append(.string(string(fromScalars: sc[clampIndex(start, sc.count)...]))) }
            } else {
                result.append(.string(s))
            }
            return .array(JArray(result))
        },
        Builtin("join", "<a<s>s?:s>", arity: 2) { _, a throws(JSONataError) in
            guard case .array(let arr)? = arg(a, 0) else { return nil }
            let sep = str(a, 1) ?? ""
            var out = ""
            for (i, v) in arr.items.enumerated() {
                if i > 0 { out += sep }
                if case .string(let s) = v { out += s }
                if out.utf8.count > maxStringBytes { throw tooLarge() }
            }
            return .string(out)
        },
        Builtin("match", "<s-f<s:o>n?:a<o>>", arity: 3) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let limit = num(a, 2)
            if let l = limit, l < 0 { throw JSONataError.make("D3040", value: .number(l)) }
            let result = JArray.sequence()
            if let l = limit, l <= 0 { return .array(result) }
            var count = 0.0
            var matches = try evaluateMatcher(ctx, arg(a, 1), s)
            while let m = matches, limit == nil || count < (limit ?? 0) {
                let o = JObject()
                o["match"] = .string(m.match)
                o["index"] = .number(Double(m.start))
                o["groups"] = .array(JArray(m.groups.map { .string($0) }))
                result.items.append(.object(o))
                matches = try m.next(ctx)
                count += 1
            }
            return .array(result)
        },
        Builtin("replace", "<s-(sf)(sf)n?:s>", arity: 4) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let pattern = arg(a, 1)
            if case .string("")? = pattern { throw JSONataError.make("D3010", value: pattern) }
            let limit = num(a, 3)
            if let l = limit, l < 0 { throw JSONataError.make("D3011", value: .number(l)) }
            if let l = limit, l <= 0 { return .string(s) }
            let maxCount = limit.map { $0.rounded(.up) } ?? Double.infinity
            let replacement = arg(a, 2)
            let sc = scalars(s)
            var result: [UInt32] = []
            var count = 0.0
            if case .string(let p)? = pattern {
                let pc = scalars(p)
                let repl: [UInt32] = try replacement.map { v throws(JSONataError) in scalars(try stringOf(v)) } ?? []
                var position = 0
                while count < maxCount, let idx = indexOf(sc, pc, from: position) {
                    result.append(contentsOf: sc[position..<idx])
                    result.append(contentsOf: repl)
                    if result.count > maxStringBytes { throw tooLarge() }
                    position = idx + pc.count
                    count += 1
                }
                result.append(contentsOf: sc[position...])
                return .string(string(fromScalars: result))
            }
            var matches = try evaluateMatcher(ctx, pattern, s)
            guard matches != nil else { return .string(s) }
            var position = 0
            while let m = matches, count < maxCount {
                if m.start > position && m.start <= sc.count { result.append(contentsOf: sc[position..<m.start]) }
                let replacedWith: JV?
                if case .string(let r)? = replacement {
                    replacedWith = .string(substitute(r, m))
                } else {
                    replacedWith = try ctx.evaluator.apply(replacement, [.object(m.asObject())], nil, ctx.env)
                }
                guard case .string(let rs)? = replacedWith else {
                    throw JSONataError.make("D3012", value: replacedWith)
                }
                result.append(contentsOf: scalars(rs))
                if result.count > maxStringBytes { throw tooLarge() }
                position = clampIndex(m.start + m.matchLength, sc.count)
                count += 1
                matches = try m.next(ctx)
            }
            if position < sc.count { result.append(contentsOf: sc[position...]) }
            return .string(string(fromScalars: result))
        },
    ]

    static func clampIndex(_ i: Int, _ count: Int) -> Int { max(0, min(i, count)) }

    /// An ASCII string with the bytes in `from...to` shifted by `adding` (wrapping: 0xE0 is -0x20),
    /// written straight into the new string, without the Unicode case tables; `nil` for a string
    /// that is not ASCII.
    static func asciiCaseMapped(_ s: String, from: UInt8, to: UInt8, adding: UInt8) -> String? {
        var s = s
        return s.withUTF8 { bytes -> String? in
            var ascii: UInt8 = 0
            for b in bytes { ascii |= b }
            guard ascii < 0x80 else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for i in 0..<bytes.count {
                    let b = bytes[i]
                    out[i] = b >= from && b <= to ? b &+ adding : b
                }
                return bytes.count
            }
        }
    }

    static func substring(_ s: String, _ startD: Double, _ lengthD: Double?, hasLength: Bool) -> String {
        let sc = scalars(s)
        let n = sc.count
        var start = clampedInt(startD)
        if n + start < 0 { start = 0 }
        func clampIndex(_ i: Int) -> Int {
            if i < 0 { return max(n + i, 0) }
            return min(i, n)
        }
        if hasLength, let lengthD {
            if lengthD <= 0 { return "" }
            let length = clampedInt(lengthD)
            let end = start >= 0 ? start + length : n + start + length
            let from = clampIndex(start)
            let to = clampIndex(end)
            return from < to ? string(fromScalars: sc[from..<to]) : ""
        }
        let from = clampIndex(start)
        return string(fromScalars: sc[from...])
    }

    static func indexOf(_ hay: [UInt32], _ needle: [UInt32], from: Int) -> Int? {
        if needle.isEmpty { return from <= hay.count ? from : nil }
        guard hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        let first = needle[0]
        while i <= hay.count - needle.count {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Expands `$0`, `$1`… and `$$` in a replacement string.
    static func substitute(_ replacement: String, _ m: MatchResult) -> String {
        let r = scalars(replacement)
        var out: [UInt32] = []
        var position = 0
        let dollar: UInt32 = 36
        while position < r.count {
            guard let index = r[position...].firstIndex(of: dollar) else { break }
            out.append(contentsOf: r[position..<index])
            position = index + 1
            let next = position < r.count ? r[position] : 0
            if next == dollar {
                out.append(dollar)
                position += 1
            } else if next == 48 {
                out.append(contentsOf: scalars(m.match))
                position += 1
            } else {
                let groupCount = m.groups.count
                let maxDigits = groupCount == 0 ? 1 : Int(log10Floor(groupCount)) + 1
                func parseDigits(_ n: Int) -> Int? {
                    var v = 0
                    var any = false
                    var p = position
                    while p < r.count && p < position + n, r[p] >= 48 && r[p] <= 57 {
                        v = v * 10 + Int(r[p] - 48)
                        any = true
                        p += 1
                    }
                    return any ? v : nil
                }
                var idx = parseDigits(maxDigits)
                if maxDigits > 1, let i = idx, i > groupCount { idx = parseDigits(maxDigits - 1) }
                if let i = idx {
                    if groupCount > 0, i >= 1, i <= groupCount { out.append(contentsOf: scalars(m.groups[i - 1])) }
                    position += String(i).count
                } else {
                    out.append(dollar)
                }
            }
        }
        if position < r.count { out.append(contentsOf: r[position...]) }
        return string(fromScalars: out)
    }

    static func log10Floor(_ n: Int) -> Int {
        var v = n, d = 0
        while v >= 10 { v /= 10; d += 1 }
        return d
    }
}
