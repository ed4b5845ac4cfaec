/// One match of a regular expression: the matched range and the captured groups (scalar offsets).
struct RegexMatch {
    var start: Int
    var end: Int
    var groups: [Range<Int>?]
}

/// A bounded backtracking matcher for `RegexProgram` over Unicode scalars.
final class RegexMatcher {
    let program: RegexProgram
    let input: [UInt32]
    var caps: [Range<Int>?]
    var steps = 0
    let stepLimit: Int
    var depth = 0
    var failed: JSONataError?

    init(_ program: RegexProgram, input: [UInt32], stepLimit: Int = 5_000_000) {
        self.program = program
        self.input = input
        caps = Array(repeating: nil, count: program.groupCount + 1)
        self.stepLimit = stepLimit
    }

    static func fold(_ c: UInt32) -> UInt32 {
        if c < 128 { return (c >= 65 && c <= 90) ? c + 32 : c }
        guard let u = Unicode.Scalar(c) else { return c }
        let m = u.properties.lowercaseMapping.unicodeScalars
        return m.count == 1 ? (m.first?.value ?? c) : c
    }

    static func upper(_ c: UInt32) -> UInt32 {
        if c < 128 { return (c >= 97 && c <= 122) ? c - 32 : c }
        guard let u = Unicode.Scalar(c) else { return c }
        let m = u.properties.uppercaseMapping.unicodeScalars
        return m.count == 1 ? (m.first?.value ?? c) : c
    }

    /// The first match at or after `from`.
    func firstMatch(from: Int) throws(JSONataError) -> RegexMatch? {
        var start = from
        while start <= input.count {
            for k in caps.indices { caps[k] = nil }
            var endPos = -1
            let ok = m(program.root, start) { e in
                endPos = e
                return true
            }
            if let f = failed { throw f }
            if ok {
                return RegexMatch(start: start, end: endPos, groups: Array(caps.dropFirst()))
            }
            start += 1
        }
        return nil
    }

    private func isWord(_ i: Int) -> Bool {
        guard i >= 0 && i < input.count else { return false }
        let c = input[i]
        return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    private func single(_ node: RegexNode, _ i: Int) -> Bool {
        guard i < input.count else { return false }
        let c = input[i]
        switch node {
        case .char(let x):
            return c == x || (program.ignoreCase && RegexMatcher.fold(c) == RegexMatcher.fold(x))
        case .any:
            return c != 10 && c != 13 && c != 0x2028 && c != 0x2029
        case .cls(let cls):
            return cls.contains(c, ignoreCase: program.ignoreCase)
        default:
            return false
        }
    }

    /// Matches `node` at `i`, then the continuation `k` with the end position.
    private func m(_ node: RegexNode, _ i: Int, _ k: (Int) -> Bool) -> Bool {
        steps += 1
        if steps > stepLimit {
            if failed == nil {
                failed = JSONataError(code: "D1004", message: "Regular expression evaluation exceeded its step limit")
            }
            return false
        }
        if failed != nil { return false }
        switch node {
        case .empty:
            return k(i)
        case .char, .any, .cls:
            return single(node, i) ? k(i + 1) : false
        case .seq(let items):
            return seq(items, 0, i, k)
        case .alt(let alts):
            for a in alts where m(a, i, k) { return true }
            return false
        case .group(let inner, let idx):
            guard let idx else { return m(inner, i, k) }
            let saved = caps[idx]
            if m(inner, i, { e in
                let prev = self.caps[idx]
                self.caps[idx] = i..<e
                if k(e) { return true }
                self.caps[idx] = prev
                return false
            }) { return true }
            caps[idx] = saved
            return false
        case .rep(let inner, let minR, let maxR, let greedy):
            if inner.isSingleChar {
                var count = 0
                let limit = maxR
                if greedy {
                    while count < limit && single(inner, i + count) { count += 1 }
                    if count < minR { return false }
                    var c = count
                    while c >= minR {
                        if k(i + c) { return true }
                        if failed != nil { return false }
                        c -= 1
                    }
                    return false
                } else {
                    while count < minR {
                        if !single(inner, i + count) { return false }
                        count += 1
                    }
                    while true {
                        if k(i + count) { return true }
                        if failed != nil { return false }
                        if count >= limit || !single(inner, i + count) { return false }
                        count += 1
                    }
                }
            }
            return rep(inner, minR, maxR, greedy, 0, i, -1, k)
        case .lineStart:
            if i == 0 { return k(i) }
            if program.multiline, i - 1 < input.count, input[i - 1] == 10 || input[i - 1] == 13 { return k(i) }
            return false
        case .lineEnd:
            if i == input.count { return k(i) }
            if program.multiline, input[i] == 10 || input[i] == 13 { return k(i) }
            return false
        case .wordBoundary:
            return isWord(i - 1) != isWord(i) ? k(i) : false
        case .notWordBoundary:
            return isWord(i - 1) == isWord(i) ? k(i) : false
        case .look(let inner, let ahead, let negate):
            if ahead {
                let saved = caps
                let matched = m(inner, i) { _ in true }
                if negate {
                    caps = saved
                    return matched ? false : k(i)
                }
                if !matched { caps = saved; return false }
                if k(i) { return true }
                caps = saved
                return false
            } else {
                // look-behind: try every start position ending at i
                var found = false
                var s = i
                while s >= 0 && !found {
                    found = m(inner, s) { e in e == i }
                    s -= 1
                }
                if negate { return found ? false : k(i) }
                return found ? k(i) : false
            }
        case .backref(let n):
            guard n < caps.count, let r = caps[n] else { return k(i) }
            let len = r.count
            guard i + len <= input.count else { return false }
            for d in 0..<len {
                let a = input[r.lowerBound + d], b = input[i + d]
                if a != b && !(program.ignoreCase && RegexMatcher.fold(a) == RegexMatcher.fold(b)) { return false }
            }
            return k(i + len)
        }
    }

    private func seq(_ items: [RegexNode], _ idx: Int, _ i: Int, _ k: (Int) -> Bool) -> Bool {
        if idx == items.count { return k(i) }
        depth += 1
        defer { depth -= 1 }
        if depth > 5000 {
            if failed == nil { failed = JSONataError(code: "D1004", message: "Regular expression too complex") }
            return false
        }
        return m(items[idx], i) { e in self.seq(items, idx + 1, e, k) }
    }

    private func rep(_ inner: RegexNode, _ minR: Int, _ maxR: Int, _ greedy: Bool, _ count: Int, _ i: Int,
                     _ lastStart: Int, _ k: (Int) -> Bool) -> Bool {
        depth += 1
        defer { depth -= 1 }
        if depth > 5000 {
            if failed == nil { failed = JSONataError(code: "D1004", message: "Regular expression too complex") }
            return false
        }
        if count < minR || greedy {
            if count < maxR, m(inner, i, { e in
                if e == i && count >= minR { return false }  // empty iteration: stop looping
                return self.rep(inner, minR, maxR, greedy, count + 1, e, i, k)
            }) { return true }
            if count < minR || failed != nil { return false }
            return k(i)
        }
        if k(i) { return true }
        guard count < maxR, failed == nil else { return false }
        return m(inner, i) { e in
            if e == i { return false }
            return self.rep(inner, minR, maxR, greedy, count + 1, e, i, k)
        }
    }
}
