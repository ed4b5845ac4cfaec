/// Instructions of the backtracking regex virtual machine.
enum RegexInst: Sendable {
    case char(UInt32)
    case any
    case cls(CharClass)
    /// Try `x` first; on failure resume at `y`.
    case split(Int, Int)
    case jmp(Int)
    /// Store the position in capture slot `n` (group g uses slots 2g and 2g+1).
    case save(Int)
    case lineStart, lineEnd, wordBoundary, notWordBoundary
    /// Run sub-program `index` as a look-ahead / look-behind assertion.
    case look(Int, ahead: Bool, negate: Bool)
    case backref(Int)
    /// Remember the position in counter register `n` (start of a loop iteration).
    case mark(Int)
    /// Fail unless the position moved since `mark(n)` (stops empty loop iterations).
    case progress(Int)
    case match
}

/// Compiles a `RegexNode` tree into VM programs (one main program plus look-around bodies).
struct RegexCompiler {
    var programs: [[RegexInst]] = [[]]
    var registers = 0
    static let maxInstructions = 100_000

    mutating func compile(_ root: RegexNode) throws(JSONataError) -> [[RegexInst]] {
        var main: [RegexInst] = []
        try emit(root, into: &main)
        main.append(.match)
        programs[0] = main
        return programs
    }

    private func tooBig() -> JSONataError {
        JSONataError(code: "S0303", message: "Regular expression too large")
    }

    static func nullable(_ n: RegexNode) -> Bool {
        switch n {
        case .empty, .lineStart, .lineEnd, .wordBoundary, .notWordBoundary, .look, .backref: return true
        case .char, .any, .cls: return false
        case .seq(let items): return items.allSatisfy(nullable)
        case .alt(let alts): return alts.contains(where: nullable)
        case .group(let inner, _): return nullable(inner)
        case .rep(let inner, let minR, _, _): return minR == 0 || nullable(inner)
        }
    }

    private mutating func emit(_ node: RegexNode, into p: inout [RegexInst]) throws(JSONataError) {
        if p.count > RegexCompiler.maxInstructions { throw tooBig() }
        switch node {
        case .empty: break
        case .char(let c): p.append(.char(c))
        case .any: p.append(.any)
        case .cls(let c): p.append(.cls(c))
        case .lineStart: p.append(.lineStart)
        case .lineEnd: p.append(.lineEnd)
        case .wordBoundary: p.append(.wordBoundary)
        case .notWordBoundary: p.append(.notWordBoundary)
        case .backref(let n): p.append(.backref(n))
        case .seq(let items):
            for i in items { try emit(i, into: &p) }
        case .alt(let alts):
            var jumps: [Int] = []
            for (i, a) in alts.enumerated() {
                if i < alts.count - 1 {
                    let split = p.count
                    p.append(.split(0, 0))
                    try emit(a, into: &p)
                    jumps.append(p.count)
                    p.append(.jmp(0))
                    p[split] = .split(split + 1, p.count)
                } else {
                    try emit(a, into: &p)
                }
            }
            for j in jumps { p[j] = .jmp(p.count) }
        case .group(let inner, let idx):
            if let idx { p.append(.save(2 * idx)) }
            try emit(inner, into: &p)
            if let idx { p.append(.save(2 * idx + 1)) }
        case .look(let inner, let ahead, let negate):
            var sub: [RegexInst] = []
            try emit(inner, into: &sub)
            sub.append(.match)
            programs.append(sub)
            p.append(.look(programs.count - 1, ahead: ahead, negate: negate))
        case .rep(let inner, let minR, let maxR, let greedy):
            for _ in 0..<minR {
                try emit(inner, into: &p)
                if p.count > RegexCompiler.maxInstructions { throw tooBig() }
            }
            let canBeEmpty = RegexCompiler.nullable(inner)
            if maxR == Int.max {
                let loop = p.count
                p.append(.split(0, 0))
                var reg = -1
                if canBeEmpty {
                    reg = registers
                    registers += 1
                    p.append(.mark(reg))
                }
                try emit(inner, into: &p)
                if canBeEmpty { p.append(.progress(reg)) }
                p.append(.jmp(loop))
                p[loop] = greedy ? .split(loop + 1, p.count) : .split(p.count, loop + 1)
            } else if maxR > minR {
                var splits: [Int] = []
                for _ in 0..<(maxR - minR) {
                    splits.append(p.count)
                    p.append(.split(0, 0))
                    try emit(inner, into: &p)
                    if p.count > RegexCompiler.maxInstructions { throw tooBig() }
                }
                let end = p.count
                for s in splits { p[s] = greedy ? .split(s + 1, end) : .split(end, s + 1) }
            }
        }
    }
}
