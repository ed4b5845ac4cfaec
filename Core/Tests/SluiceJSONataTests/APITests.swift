import Testing
import SluiceJSON
import SluiceJSONata

@Suite struct APITests {
    let aws = JSONataOptions(awsFunctions: true)

    func eval(_ expr: String, _ input: JSONValue? = nil, bindings: [String: JSONValue] = [:],
              options: JSONataOptions = JSONataOptions(awsFunctions: true)) throws(JSONataError) -> JSONValue? {
        try JSONataExpression(expr).evaluate(input: input, bindings: bindings, options: options)
    }

    @Test func integralNumbersLeaveAsIntegers() throws {
        let r = try eval("{'a': 1 + 2, 'b': 7 / 2, 'c': 2e3, 'd': $sum([0.1, 0.2])}")
        #expect(r?.serialized == #"{"a":3,"b":3.5,"c":2000,"d":0.30000000000000004}"#)
    }

    @Test func bindingsAndInput() throws {
        let input: JSONValue = ["items": [["n": 1], ["n": 2]]]
        #expect(try eval("$sum($states.input.items.n) * $k", nil, bindings: ["states": ["input": input], "k": 10]) == .int(30))
        #expect(try eval("items[n > 1].n", input) == .int(2))
        #expect(try eval("missing", input) == nil)
    }

    @Test func errorsCarryCodeAndPosition() {
        do {
            _ = try eval("1 + 'a'")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "T2002")
            #expect(error.message == #"The right side of the "+" operator must evaluate to a number"#)
            #expect(error.position != nil)
        }
        do {
            _ = try JSONataExpression("$f(")
            Issue.record("expected an error")
        } catch {
            #expect(error.code.hasPrefix("S0"))
        }
    }

    @Test func functionResultsAreReported() throws {
        let e = try JSONataExpression("$fn := function($x){$x}")
        #expect(try e.evaluateResult(input: nil) == .function)
        #expect(throws: JSONataError.self) { try e.evaluate(input: nil) }
        #expect(try eval("{'a': function($x){$x}, 'b': 1}") == ["b": 1])
    }

    @Test func awsPartition() throws {
        #expect(try eval("$partition([0], 1)") == [[0]])
        #expect(try eval("$partition([0, 1, 2], 2)") == [[0, 1], [2]])
        #expect(try eval("$partition([0, 1, 2, 3], 5)") == [[0, 1, 2, 3]])
    }

    @Test func awsRange() throws {
        #expect(try eval("$range(0, 10, 3)") == [0, 3, 6, 9])
        #expect(try eval("$range(1, 9, 2)") == [1, 3, 5, 7, 9])
        #expect(try eval("$range(1, 9, 9)") == 1)
        #expect(try eval("$range(0, 10, 2)") == [0, 2, 4, 6, 8, 10])
    }

    @Test func awsParse() throws {
        #expect(try eval("$parse('-0')") == 0)
        #expect(try eval("$parse('1.1')") == 1.1)
        #expect(try eval("$parse($)", "{\"Arg1\": 1, \"Arg2\": []}") == ["Arg1": 1, "Arg2": []])
    }

    @Test func awsHash() throws {
        #expect(try eval("$hash('abc', 'MD5')") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(try eval("$hash('', 'MD5')") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(try eval("$hash('The quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dog', 'MD5')") == "4e67db4a7a406b0cfdadd887cde7888e")
        #expect(try eval("$hash('abc', 'SHA-1')") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(try eval("$hash('', 'SHA-1')") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(try eval("$hash('The quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dog', 'SHA-1')") == "d42f858ad812fd986fd8dc7216af5f88bcaa1463")
        #expect(try eval("$hash('abc', 'SHA-256')") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try eval("$hash('', 'SHA-256')") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try eval("$hash('The quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dog', 'SHA-256')") == "5cfa2bf023f22ac82b00cd883ea96852677ff2ecd777f656146bd22004eb75f2")
        #expect(try eval("$hash('abc', 'SHA-384')") == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(try eval("$hash('', 'SHA-384')") == "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")
        #expect(try eval("$hash('The quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dog', 'SHA-384')") == "98cb30405ec758f63181acd617db4580a39dd8cfee27efd3af081f2e0e8115902b7c7c212af9f91315164d154c3f7d84")
        #expect(try eval("$hash('abc', 'SHA-512')") == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(try eval("$hash('', 'SHA-512')") == "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        #expect(try eval("$hash('The quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dogThe quick brown fox jumps over the lazy dog', 'SHA-512')") == "8bbc0670dc3e29c7341035e6110968c878dca505248f09b3380899ed9b3a1aec19282f1d2de75d6c6acc1d3e0b63be33c0c5a731ac00f7d29c02e31c2846cfde")
    }

    @Test func awsUUIDAndSeededRandom() throws {
        let u = try eval("$uuid()")?.stringValue ?? ""
        #expect(u.count == 36)
        #expect(Array(u)[14] == "4")
        let a = try eval("$random(42)"), b = try eval("$random(42)")
        #expect(a == b)
        let r = try eval("$random()")?.numberValue?.doubleValue ?? -1
        #expect(r >= 0 && r < 1)
    }

    @Test func evalIsDisabledForAWS() throws {
        #expect(throws: JSONataError.self) { try eval("$eval('1+1')") }
        #expect(try eval("$eval('1+1')", options: JSONataOptions()) == 2)
        #expect(throws: JSONataError.self) { try eval("$uuid()", options: JSONataOptions()) }
    }

    @Test func compiledExpressionIsReusable() throws {
        let e = try JSONataExpression("$.a * 2")
        for i in 0..<100 {
            #expect(try e.evaluate(input: ["a": .int(i)]) == .int(2 * i))
        }
    }
}

@Suite struct ErrorMessageTests {
    func message(_ expr: String, _ input: JSONValue? = nil) -> String {
        do {
            _ = try JSONataExpression(expr).evaluate(input: input, options: JSONataOptions(awsFunctions: true))
            return "no error"
        } catch {
            return error.description
        }
    }

    /// Texts as the reference implementation renders them (AWS puts `code: message` in causes).
    @Test func referenceMessages() {
        #expect(message("$randomSeeded(1)") == "T1006: Attempted to invoke a non-function")
        #expect(message("$substring('a', 'b')") == #"T0410: Argument 2 of function "substring" does not match function signature"#)
        #expect(message("$sum(['a'])") == #"T0412: Argument 1 of function "sum" must be an array of "numbers""#)
        #expect(message("$number('abc')") == #"D3030: Unable to cast value to a number: "abc""#)
        #expect(message("'a' < 1") == #"T2009: The values "a" and 1 either side of operator "<" must be of the same data type"#)
        #expect(message("$error('boom')") == "D3137: boom")
        #expect(message("uppercase('a')") == "T1005: Attempted to invoke a non-function. Did you mean $uppercase?")
    }
}

@Suite struct ConcurrencyTests {
    /// One compiled expression and one prepared input, evaluated from many tasks at once.
    @Test func sharedExpressionAndInput() async throws {
        let expr = try JSONataExpression("$sum(items[n % 2 = 0].n) & '/' & $count(items) & '/' & $string(items^(>n)[0])")
        var items: [JSONValue] = []
        for i in 0..<50 { items.append(["n": .int(i)]) }
        let input = JSONataValue(["items": .array(items)])
        let results = try await withThrowingTaskGroup(of: JSONataResult.self) { group in
            for _ in 0..<16 {
                group.addTask { try expr.evaluateResult(input: input, bindings: [:]) }
            }
            var out: [JSONataResult] = []
            for try await r in group { out.append(r) }
            return out
        }
        #expect(results.count == 16)
        for r in results { #expect(r == .value(#"600/50/{"n":49}"#)) }
    }
}

@Suite struct NumberBoundaryTests {
    /// Computed integral values are integers (AWS writes `3`, not `3.0`) within the 64-bit range.
    @Test func integralResultsBecomeIntegers() throws {
        let r = try JSONataExpression("[6 / 2, 9007199254740993, 1e18, -0, 2.5]").evaluate(input: nil)
        #expect(r == [.int(3), .int(9_007_199_254_740_992), .int(1_000_000_000_000_000_000), .int(0), .double(2.5)])
        if case .number(let big)? = try JSONataExpression("1e21").evaluate(input: nil) {
            #expect(!big.isIntegerLiteral)
        } else {
            Issue.record("expected a number")
        }
    }
}
