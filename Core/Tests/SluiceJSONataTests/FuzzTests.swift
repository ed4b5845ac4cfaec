import Testing
import SluiceJSON
import SluiceJSONata

/// Random token soups and mutated suite-like expressions: every one must compile or evaluate to a
/// value or an error, never crash (a crash fails the whole test run).
@Suite struct FuzzTests {
    static let fragments = [
        "$", "$$", "a", "b", ".", "[", "]", "(", ")", "{", "}", ",", ";", ":", "?", "+", "-", "*", "/", "%", "=", "!=",
        "<", ">", "<=", ">=", "&", "and", "or", "in", "..", ":=", "~>", "@", "#", "^", "|", "**", "1", "0", "-1", "1e300",
        "'s'", "\"t\"", "true", "false", "null", "$x", "$f", "function($x){$x}", "λ($a,$b){$a+$b}", "$sum", "$map",
        "$string", "$substring", "$match", "$replace", "/a+/", "/(x*)*/i", "$reduce", "$sort", "$keys", "$each", "%",
        "$formatNumber", "$formatInteger", "$fromMillis", "$toMillis", "'[Y]'", "'#,##0'", "<n:n>", "$merge",
        "$spread", "$zip", "$lookup", "$distinct", "$split", "$join", "$pad", "$pad(?, 3)", "?", "$eval",
    ]

    struct LCG {
        var s: UInt64
        mutating func next(_ n: Int) -> Int {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return Int((s >> 33) % UInt64(n))
        }
    }

    /// Builds a random but mostly well-formed expression.
    static func generate(_ rng: inout LCG, depth: Int) -> String {
        let atoms = ["a", "b", "a.b", "s", "$", "$$", "1", "2.5", "-3", "'str'", "true", "null", "$x", "[1,2,3]",
                     "{'k': 1}", "a[0]", "a[-1]", "**", "*", "%.b", "$i"]
        if depth <= 0 || rng.next(4) == 0 { return atoms[rng.next(atoms.count)] }
        let a = generate(&rng, depth: depth - 1), b = generate(&rng, depth: depth - 1)
        let funcs = ["$sum", "$count", "$string", "$length", "$uppercase", "$number", "$keys", "$reverse", "$sort",
                     "$distinct", "$boolean", "$not", "$exists", "$type", "$floor", "$abs", "$formatBase", "$spread",
                     "$base64encode", "$trim", "$split", "$join", "$append", "$zip", "$lookup", "$substring", "$pad",
                     "$contains", "$round", "$power", "$formatNumber", "$formatInteger", "$fromMillis", "$merge"]
        switch rng.next(14) {
        case 0: return "(\(a) + \(b))"
        case 1: return "\(a).\(b)"
        case 2: return "\(a)[\(b)]"
        case 3: return "{\(a): \(b)}"
        case 4: return "\(a){\(b): \(a)}"
        case 5: return "\(funcs[rng.next(funcs.count)])(\(a))"
        case 6: return "\(funcs[rng.next(funcs.count)])(\(a), \(b))"
        case 7: return "$map(\(a), function($v, $i){ \(b) })"
        case 8: return "\(a) ? \(b) : \(a)"
        case 9: return "($x := \(a); \(b))"
        case 10: return "\(a)^(\(b))"
        case 11: return "\(a)@$v.\(b)#$i"
        case 12: return "$ ~> |\(a)|{'z': \(b)}|"
        default: return "[\(a), \(b)] & \(a)"
        }
    }

    @Test func randomStructuredExpressions() {
        var rng = LCG(s: 0xFACE)
        let input: JSONValue = ["a": [1, 2, ["b": "x"]], "b": ["c": 3.5, "b": [4, 5]], "s": "hello"]
        var options = JSONataOptions()
        options.timeLimitMilliseconds = 200
        for _ in 0..<4000 {
            let text = Self.generate(&rng, depth: 5)
            guard let e = try? JSONataExpression(text) else { continue }
            _ = try? e.evaluate(input: input, bindings: ["x": 2], options: options)
        }
    }

    @Test func randomTokenSoup() {
        var rng = LCG(s: 0x5EED)
        let input: JSONValue = ["a": [1, 2, ["b": "x"]], "b": ["c": 3.5], "s": "hello"]
        var options = JSONataOptions()
        options.timeLimitMilliseconds = 200
        for _ in 0..<20000 {
            var text = ""
            for _ in 0..<(1 + rng.next(12)) {
                text += Self.fragments[rng.next(Self.fragments.count)]
                if rng.next(3) == 0 { text += " " }
            }
            guard let e = try? JSONataExpression(text) else { continue }
            _ = try? e.evaluate(input: input, bindings: ["x": 2], options: options)
        }
    }
}
