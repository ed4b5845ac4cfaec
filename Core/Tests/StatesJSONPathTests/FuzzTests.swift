import SluiceJSON
import Testing
@testable import StatesJSONPath

/// Random and mutated expressions never trap: compiling throws `PathSyntaxError` or succeeds, and
/// evaluating throws `StatesError` or returns.
@Suite struct FuzzTests {
    static let document: JSONValue = [
        "a": ["b": [1, 2, ["c": "x"]], "d": nil, "e": "text"],
        "list": [["n": 1, "s": "a"], ["n": 2.5, "s": "b"], ["m": true]],
        "s": "1,2,3", "n": 7, "o": [:], "arr": [],
    ]
    static let environment = ExpressionEnvironment(
        input: document, context: ["Execution": ["Name": "x", "Input": document]], variables: ["v": document, "w": 3])

    static let seeds = [
        "$", "$$", "$v", "$.a.b[2].c", "$['a']['b'][-1]", "$.list[?(@.n > 1 && @.s == 'b')].s", "$..n", "$.a.b[0:2]",
        "$.list[*].n", "$.a[?(@.c)]", "$.list[?(@.s in ['a','b'])]", "$.a.b.length()", "$[0,1]", "$.a.*",
        "$.list[?(!(@.n < 2) || @.m)]", "$.list[?(@.s =~ /a.*/i)]", "$['a','s']",
        "States.Format('x{}y', $.n)", "States.Array($.a, 1, 'two', true, null, States.UUID())",
        "States.ArrayGetItem(States.StringSplit($.s, ','), States.MathAdd(1, -1))", "States.JsonMerge($.a, $.o, false)",
        "States.Hash($.s, 'SHA-256')", "States.Base64Decode(States.Base64Encode($.s))", "States.MathRandom(1, 9, 3)",
        "States.ArrayRange(1, $.n, 2)", "States.StringToJson(States.JsonToString($.list))", "States.ArrayUnique($.list)",
        "States.ArrayPartition($.a.b, 2)", "States.ArrayContains($.a.b, 1)", "States.ArrayLength($.list)",
    ]
    static let alphabet = Array("$@.[]()*?:,'\"\\-0123456789 abcnsv=<>!&|~/{}States.FormatArrayx\n".unicodeScalars)

    @Test func randomAndMutatedExpressionsNeverTrap() {
        var rng = SeededRandom(seed: 2024)
        var compiled = 0
        for iteration in 0..<20_000 {
            var text: String
            if iteration % 3 == 0 {
                text = ""
                let length = Int(rng.next(upperBound: UInt64(40)))
                for _ in 0..<length { text.unicodeScalars.append(Self.alphabet[Int(rng.next(upperBound: UInt64(Self.alphabet.count)))]) }
            } else {
                var scalars = Array(Self.seeds[Int(rng.next(upperBound: UInt64(Self.seeds.count)))].unicodeScalars)
                let edits = 1 + Int(rng.next(upperBound: UInt64(4)))
                for _ in 0..<edits {
                    let position = Int(rng.next(upperBound: UInt64(scalars.count + 1)))
                    let c = Self.alphabet[Int(rng.next(upperBound: UInt64(Self.alphabet.count)))]
                    switch rng.next(upperBound: UInt64(3)) {
                    case 0: scalars.insert(c, at: position)
                    case 1: if position < scalars.count { scalars.remove(at: position) }
                    default: if position < scalars.count { scalars[position] = c }
                    }
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            guard let value = try? DynamicValue(text) else { continue }
            compiled += 1
            var random = SeededRandom(seed: UInt64(iteration))
            _ = try? value.evaluate(in: Self.environment, fieldName: "f.$", random: &random)
            if case .path(let path) = value {
                _ = try? path.value(in: Self.environment)
                if path.isReferencePath { _ = try? ResultPath(text).apply(result: 1, to: Self.document) }
            }
        }
        #expect(compiled > 1_000)
    }

    @Test func hostileNestingIsRefusedNotRecursedInto() {
        let deepFilter = "$" + String(repeating: "[?(@", count: 5_000) + String(repeating: ")]", count: 5_000)
        #expect(throws: PathSyntaxError.self) { try Path(deepFilter) }
        let deepParens = "$.a[?(" + String(repeating: "(", count: 5_000) + "@.b" + String(repeating: ")", count: 5_000) + ")]"
        #expect(throws: PathSyntaxError.self) { try Path(deepParens) }
        let deepNot = "$.a[?(" + String(repeating: "!", count: 5_000) + "@.b)]"
        #expect(throws: PathSyntaxError.self) { try Path(deepNot) }
        let deepArray = "$.a[?(@.b in " + String(repeating: "[", count: 5_000) + ")]"
        #expect(throws: PathSyntaxError.self) { try Path(deepArray) }
        let deepCalls = String(repeating: "States.Array(", count: 5_000)
        #expect(throws: PathSyntaxError.self) { try DynamicValue(deepCalls) }
    }

    @Test func extremeIndexesAreCheap() throws {
        let env = ExpressionEnvironment(input: ["a": [1, 2, 3]])
        // Jayway's [a:b] walks every index from a to b, and negative ones count from the end.
        #expect(try Path("$.a[-2147483648:2]").select(in: env) == [1, 2, 3, 1, 2])
        #expect(try Path("$.a[-2147483648]").select(in: env) == nil)
        #expect(try Path("$.a[:-2147483648]").select(in: env) == [])
        #expect(try Path("$.a[2147483647:]").select(in: env) == [])
        #expect(throws: PathSyntaxError.self) { try Path("$.a[2147483648]") }
        #expect(throws: PathSyntaxError.self) { try Path("$.a[-9223372036854775808:2]") }
        var random = SeededRandom(seed: 1)
        #expect(throws: StatesError.self) {
            try DynamicValue("States.ArrayRange(-9223372036854775808, 0, -1)").evaluate(
                in: env, fieldName: "f.$", random: &random)
        }
    }

    @Test func deepDocumentsAreScannedWithoutTrapping() throws {
        var value: JSONValue = ["leaf": 1]
        for _ in 0..<2_000 { value = ["x": value] }
        let found = try Path("$..leaf").select(in: ExpressionEnvironment(input: value))
        #expect(found == [])  // deeper than the scan limit: not found rather than a crash
        #expect(try Path("$..x").select(in: ExpressionEnvironment(input: ["x": ["x": 1]])) == [["x": 1], 1])
    }
}
