/// A compiled JavaScript-flavoured regular expression (the subset JSONata patterns use):
/// alternation, groups (capturing, `(?:…)`, named, look-around), greedy and lazy quantifiers,
/// classes, `\d \w \s \b`, back-references, `^ $` and the `i`/`m` flags.
struct RegexProgram: Sendable {
    let programs: [[RegexInst]]
    let registerCount: Int
    let groupCount: Int
    let ignoreCase: Bool
    let multiline: Bool
    let source: String

    init(pattern: String, flags: String) throws(JSONataError) {
        var p = RegexParser(Array(pattern.unicodeScalars), ignoreCase: flags.contains("i"))
        let root = try p.parse()
        var compiler = RegexCompiler()
        programs = try compiler.compile(root)
        registerCount = compiler.registers
        groupCount = p.groupCount
        ignoreCase = flags.contains("i")
        multiline = flags.contains("m")
        source = pattern
    }
}

/// A set of characters of a class like `[a-z\d]`.
struct CharClass: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var negated = false

    func contains(_ c: UInt32, ignoreCase: Bool) -> Bool {
        var hit = ranges.contains { $0.contains(c) }
        if !hit && ignoreCase {
            let l = RegexMatcher.fold(c)
            let u = RegexMatcher.upper(c)
            hit = ranges.contains { $0.contains(l) || $0.contains(u) }
        }
        return hit != negated
    }

    static let digit = CharClass(ranges: [48...57])
    static let word = CharClass(ranges: [48...57, 65...90, 95...95, 97...122])
    static let space = CharClass(ranges: [9...13, 32...32, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
                                          0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
                                          0xFEFF...0xFEFF])
    func negatedCopy() -> CharClass {
        var c = self
        c.negated.toggle()
        return c
    }
}

indirect enum RegexNode: Sendable {
    case empty
    case char(UInt32)
    case any
    case cls(CharClass)
    case seq([RegexNode])
    case alt([RegexNode])
    case group(RegexNode, Int?)
    case rep(RegexNode, min: Int, max: Int, greedy: Bool)
    case lineStart, lineEnd, wordBoundary, notWordBoundary
    case look(RegexNode, ahead: Bool, negate: Bool)
    case backref(Int)

}

struct RegexParser {
    let s: [Unicode.Scalar]
    var i = 0
    var groupCount = 0
    let ignoreCase: Bool
    var depth = 0

    init(_ s: [Unicode.Scalar], ignoreCase: Bool) {
        self.s = s
        self.ignoreCase = ignoreCase
    }

    func err(_ m: String) -> JSONataError { JSONataError(code: "S0303", message: m) }

    mutating func parse() throws(JSONataError) -> RegexNode {
        let n = try parseAlt()
        if i < s.count { throw err("Unmatched ')'") }
        return n
    }

    mutating func parseAlt() throws(JSONataError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw err("Regular expression too deeply nested") }
        var alts: [RegexNode] = [try parseSeq()]
        while i < s.count && s[i] == "|" {
            i += 1
            alts.append(try parseSeq())
        }
        return alts.count == 1 ? alts[0] : .alt(alts)
    }

    mutating func parseSeq() throws(JSONataError) -> RegexNode {
        var items: [RegexNode] = []
        while i < s.count && s[i] != "|" && s[i] != ")" {
            var atom = try parseAtom()
            // quantifiers
            if i < s.count {
                var minR = -1, maxR = -1
                let c = s[i]
                if c == "*" { minR = 0; maxR = Int.max; i += 1 }
                else if c == "+" { minR = 1; maxR = Int.max; i += 1 }
                else if c == "?" { minR = 0; maxR = 1; i += 1 }
                else if c == "{", let (a, b, len) = parseBraces(i) { minR = a; maxR = b; i += len }
                if minR >= 0 {
                    var greedy = true
                    if i < s.count && s[i] == "?" { greedy = false; i += 1 }
                    switch atom {
                    case .lineStart, .lineEnd, .wordBoundary, .notWordBoundary: throw err("Nothing to repeat")
                    default: break
                    }
                    atom = .rep(atom, min: minR, max: maxR, greedy: greedy)
                }
            }
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .seq(items)
    }

    func parseBraces(_ start: Int) -> (Int, Int, Int)? {
        var j = start + 1
        var a = 0, digits = 0
        while j < s.count, let d = digit(s[j]) { a = min(a * 10 + d, 100_000); j += 1; digits += 1 }
        guard digits > 0, j < s.count else { return nil }
        if s[j] == "}" { return (a, a, j - start + 1) }
        guard s[j] == "," else { return nil }
        j += 1
        var b = 0
        digits = 0
        while j < s.count, let d = digit(s[j]) { b = min(b * 10 + d, 100_000); j += 1; digits += 1 }
        guard j < s.count, s[j] == "}" else { return nil }
        return (a, digits == 0 ? Int.max : b, j - start + 1)
    }

    func digit(_ c: Unicode.Scalar) -> Int? { c >= "0" && c <= "9" ? Int(c.value - 48) : nil }

    mutating func parseAtom() throws(JSONataError) -> RegexNode {
        let c = s[i]
        i += 1
        switch c {
        case ".": return .any
        case "^": return .lineStart
        case "$": return .lineEnd
        case "(":
            var capture: Int? = nil
            var lookNode: (ahead: Bool, negate: Bool)? = nil
            if i < s.count && s[i] == "?" {
                if i + 1 < s.count && s[i + 1] == ":" {
                    i += 2
                } else if i + 1 < s.count && (s[i + 1] == "=" || s[i + 1] == "!") {
                    lookNode = (true, s[i + 1] == "!")
                    i += 2
                } else if i + 2 < s.count && s[i + 1] == "<" && (s[i + 2] == "=" || s[i + 2] == "!") {
                    lookNode = (false, s[i + 2] == "!")
                    i += 3
                } else if i + 1 < s.count && s[i + 1] == "<" {
                    // named group
                    i += 2
                    while i < s.count && s[i] != ">" { i += 1 }
                    i += 1
                    groupCount += 1
                    capture = groupCount
                } else {
                    throw err("Invalid group")
                }
            } else {
                groupCount += 1
                capture = groupCount
            }
            let inner = try parseAlt()
            guard i < s.count && s[i] == ")" else { throw err("Unterminated group") }
            i += 1
            if let l = lookNode { return .look(inner, ahead: l.ahead, negate: l.negate) }
            return .group(inner, capture)
        case ")": throw err("Unmatched ')'")
        case "[": return try parseClass()
        case "\\": return try parseEscape(inClass: false).node
        case "*", "+", "?": throw err("Nothing to repeat")
        default:
            return .char(c.value)
        }
    }

    /// Parses an escape after `\`; returns a node (and for classes, a single code point or class).
    mutating func parseEscape(inClass: Bool) throws(JSONataError) -> (node: RegexNode, cls: CharClass?, cp: UInt32?) {
        guard i < s.count else { throw err("\\ at end of pattern") }
        let c = s[i]
        i += 1
        switch c {
        case "d": return (.cls(.digit), .digit, nil)
        case "D": return (.cls(CharClass.digit.negatedCopy()), CharClass.digit.negatedCopy(), nil)
        case "w": return (.cls(.word), .word, nil)
        case "W": return (.cls(CharClass.word.negatedCopy()), CharClass.word.negatedCopy(), nil)
        case "s": return (.cls(.space), .space, nil)
        case "S": return (.cls(CharClass.space.negatedCopy()), CharClass.space.negatedCopy(), nil)
        case "b": return inClass ? (.char(8), nil, 8) : (.wordBoundary, nil, nil)
        case "B": return (.notWordBoundary, nil, nil)
        case "n": return (.char(10), nil, 10)
        case "r": return (.char(13), nil, 13)
        case "t": return (.char(9), nil, 9)
        case "f": return (.char(12), nil, 12)
        case "v": return (.char(11), nil, 11)
        case "0": return (.char(0), nil, 0)
        case "x":
            if let v = hex(count: 2) { return (.char(v), nil, v) }
            return (.char(UInt32(UInt8(ascii: "x"))), nil, 120)
        case "u":
            if let v = hex(count: 4) { return (.char(v), nil, v) }
            return (.char(117), nil, 117)
        case "c":
            if i < s.count, s[i].properties.isAlphabetic {
                let v = s[i].value % 32
                i += 1
                return (.char(v), nil, v)
            }
            return (.char(92), nil, 92)
        default:
            if let d = digit(c), d > 0, !inClass {
                var n = d
                while i < s.count, let d2 = digit(s[i]), n * 10 + d2 <= max(groupCount, 9) * 10 {
                    n = n * 10 + d2
                    i += 1
                }
                return (.backref(n), nil, nil)
            }
            return (.char(c.value), nil, c.value)
        }
    }

    mutating func hex(count: Int) -> UInt32? {
        guard i + count <= s.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<count {
            let c = s[i + k]
            let d: UInt32
            switch c {
            case "0"..."9": d = c.value - 48
            case "a"..."f": d = c.value - 87
            case "A"..."F": d = c.value - 55
            default: return nil
            }
            v = v * 16 + d
        }
        i += count
        return v
    }

    mutating func parseClass() throws(JSONataError) -> RegexNode {
        var cls = CharClass()
        if i < s.count && s[i] == "^" {
            cls.negated = true
            i += 1
        }
        var first = true
        while i < s.count && (s[i] != "]" || false) {
            _ = first
            first = false
            var lo: UInt32
            let c = s[i]
            i += 1
            if c == "\\" {
                let e = try parseEscape(inClass: true)
                if let sub = e.cls {
                    if sub.negated {
                        // approximate negated shorthand inside a class by its complement ranges
                        var prev: UInt32 = 0
                        for r in sub.ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                            if r.lowerBound > prev { cls.ranges.append(prev...(r.lowerBound - 1)) }
                            prev = r.upperBound + 1
                        }
                        cls.ranges.append(prev...0x10FFFF)
                    } else {
                        cls.ranges.append(contentsOf: sub.ranges)
                    }
                    continue
                }
                lo = e.cp ?? 0
            } else {
                lo = c.value
            }
            if i + 1 < s.count && s[i] == "-" && s[i + 1] != "]" {
                i += 1
                var hi: UInt32
                let c2 = s[i]
                i += 1
                if c2 == "\\" {
                    let e = try parseEscape(inClass: true)
                    if e.cls != nil {
                        cls.ranges.append(lo...lo)
                        cls.ranges.append(45...45)
                        if let sub = e.cls { cls.ranges.append(contentsOf: sub.ranges) }
                        continue
                    }
                    hi = e.cp ?? 0
                } else {
                    hi = c2.value
                }
                if hi < lo { throw err("Range out of order in character class") }
                cls.ranges.append(lo...hi)
            } else {
                cls.ranges.append(lo...lo)
            }
        }
        guard i < s.count else { throw err("Unterminated character class") }
        i += 1
        return .cls(cls)
    }
}
