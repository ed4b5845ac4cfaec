import SluiceJSON
import Testing
@testable import StatesJSONPath

private func evaluate(_ text: String, input: JSONValue = [:], seed: UInt64 = 1) throws -> JSONValue {
    var random = SeededRandom(seed: seed)
    return try DynamicValue(text).evaluate(in: ExpressionEnvironment(input: input), fieldName: "f.$", random: &random)
}

private func failure(_ text: String, input: JSONValue = [:]) -> StatesError? {
    do {
        _ = try evaluate(text, input: input)
        return nil
    } catch let error as StatesError {
        return error
    } catch {
        return nil
    }
}

@Suite struct IntrinsicFunctionTests {
    @Test(arguments: [
        ("States.Format('Hello, {}!', 'World')", "\"Hello, World!\""),
        ("States.Format('{} and {}', 1, true)", "\"1 and true\""),
        ("States.Format('\\{\\} literal {}', 'x')", "\"{} literal x\""),
        ("States.Format('it\\'s {}', null)", "\"it's null\""),
        ("States.Format('back\\\\slash')", "\"back\\\\slash\""),
        ("States.Format('{}', $.obj)", "\"{a=1, b=[x, 2.5]}\""),
        ("States.Format($.template, 'x')", "\"<x>\""),
        ("States.StringToJson('{\"a\": [1, 2]}')", "{\"a\":[1,2]}"),
        ("States.StringToJson('  ')", "null"),
        ("States.JsonToString($.obj)", "\"{\\\"a\\\":1,\\\"b\\\":[\\\"x\\\",2.5]}\""),
        ("States.Array()", "[]"),
        ("States.Array(1, 'two', $.obj.a, States.Array(null))", "[1,\"two\",1,[null]]"),
        ("States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)", "[[1,2],[3,4],[5]]"),
        ("States.ArrayContains($.list, 2)", "true"),
        ("States.ArrayContains($.list, 'x')", "false"),
        ("States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]"),
        ("States.ArrayRange(5, 1, -2)", "[5,3,1]"),
        ("States.ArrayRange(5, 1, 2)", "[]"),
        ("States.ArrayGetItem($.list, 1)", "2"),
        ("States.ArrayLength($.list)", "3"),
        ("States.ArrayUnique(States.Array(1, 1, 'a', 'a', $.obj, $.obj))", "[1,\"a\",{\"a\":1,\"b\":[\"x\",2.5]}]"),
        ("States.Base64Encode('Data to encode')", "\"RGF0YSB0byBlbmNvZGU=\""),
        ("States.Base64Encode('ab')", "\"YWI=\""),
        ("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "\"Data to encode\""),
        ("States.Base64Decode('YWI')", "\"ab\""),
        ("States.Hash('abc', 'MD5')", "\"900150983cd24fb0d6963f7d28e17f72\""),
        ("States.Hash('abc', 'SHA-1')", "\"a9993e364706816aba3e25717850c26c9cd0d89d\""),
        ("States.Hash('abc', 'SHA-256')", "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""),
        (
            "States.Hash('abc', 'SHA-384')",
            "\"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7\""
        ),
        (
            "States.Hash('abc', 'SHA-512')",
            "\"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f\""
        ),
        ("States.Hash('', 'MD5')", "\"d41d8cd98f00b204e9800998ecf8427e\""),
        ("States.JsonMerge($.obj, States.StringToJson('{\"b\": 0, \"c\": 3}'), false)", "{\"a\":1,\"b\":0,\"c\":3}"),
        ("States.MathAdd(1.49, 1.5)", "3"),
        ("States.MathAdd(-1.5, 0)", "-1"),
        ("States.MathAdd($.list[0], -10)", "-9"),
        ("States.StringSplit('a,b;;c', ',;')", "[\"a\",\"b\",\"c\"]"),
        ("States.StringSplit('abc', '')", "[\"abc\"]"),
        ("States.ArrayGetItem(States.StringSplit('x-y-z', '-'), States.MathAdd(States.ArrayLength(States.StringSplit('x-y-z', '-')), -1))", "\"z\""),
    ])
    func evaluates(_ text: String, _ expected: String) throws {
        let input: JSONValue = ["obj": ["a": 1, "b": ["x", 2.5]], "list": [1, 2, 3], "template": "<{}>"]
        #expect(try evaluate(text, input: input) == (try JSONValue(parsing: expected)))
    }

    @Test func hashOfLongInputSpansBlocks() throws {
        let text = String(repeating: "a", count: 200)
        // Reference digests of 200 × "a".
        #expect(
            try evaluate("States.Hash($.t, 'SHA-256')", input: ["t": .string(text)])
                == "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5")
        #expect(try evaluate("States.Hash($.t, 'MD5')", input: ["t": .string(text)]) == "887f30b43b2867f4a9accceee7d16e6c")
        #expect(
            try evaluate("States.Hash($.t, 'SHA-1')", input: ["t": .string(text)]) == "e61cfffe0d9195a525fc6cf06ca2d77119c24a40")
        #expect(
            try evaluate("States.Hash($.t, 'SHA-384')", input: ["t": .string(text)])
                == "0691b6e978614b67d60557b2a2cddd53406508522efa21c624dbbfa8ab6e726d5c586b489c7c09f24109a64c10211d48")
        #expect(
            try evaluate("States.Hash($.t, 'SHA-512')", input: ["t": .string(text)])
                == "4b11459c33f52a22ee8236782714c150a3b2c60994e9acee17fe68947a3e6789f31e7668394592da7bef827cddca88c4e6f86e4df7ed1ae6cba71f3e98faee9f")
    }

    /// Behaviour recorded from AWS where it differs from the documentation's wording: integer
    /// arguments are cut toward zero (MathAdd alone rounds), an empty array answers null, Hash
    /// hashes the JSON text of a non-string, JsonMerge treats any third argument but `true` as shallow.
    @Test(arguments: [
        ("States.ArrayRange(1.4, 5.6, 2.2)", "[1,3,5]"),
        ("States.ArrayRange(1.6, 1.4, 1)", "[1]"),
        ("States.ArrayRange(5.4, -0.6, -2.4)", "[5,3,1]"),
        ("States.ArrayRange(3, 3, -1)", "[3]"),
        ("States.ArrayRange(1000, 1, -1)", "null"),
        ("States.ArrayPartition(States.Array(1, 2, 3, 4, 5), 2.6)", "[[1,2],[3,4],[5]]"),
        ("States.ArrayPartition($.list, 2147483647)", "[[1,2,3]]"),
        ("States.ArrayGetItem(States.Array(), 999)", "null"),
        ("States.ArrayGetItem(States.Array(10, 20, 30), 1.2)", "20"),
        ("States.MathRandom(-5, 5, 42)", "-5"),
        ("States.MathAdd(1.6, 2.7)", "5"),
        ("States.MathAdd(0.1, 0.2)", "0"),
        ("States.MathAdd(2147483646, 1)", "2147483647"),
        ("States.MathAdd(-2147483647, -1)", "-2147483648"),
        ("States.Hash(123, 'SHA-256')", "\"a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3\""),
        ("States.Hash($.empty, 'SHA-256')", "\"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\""),
        ("States.JsonMerge($.obj, $.other, 'false')", "{\"a\":1,\"b\":2}"),
        ("States.Format('Name: \\'{}\\', Surname: \"{}\"', 'Gabriel', 'Moreira')", "\"Name: 'Gabriel', Surname: \\\"Moreira\\\"\""),
        ("States.Format('{}|{}|{}|{}', null, false, -1, 3.5)", "\"null|false|-1|3.5\""),
        ("States.Format('  {}  ', 'x')", "\"  x  \""),
        ("States.StringSplit(',a,,b,', ',')", "[\"a\",\"b\"]"),
        ("States.StringSplit('', ',')", "[]"),
        ("States.StringToJson('')", "null"),
        ("States.StringToJson(' {\"a\":1} ')", "{\"a\":1}"),
        ("States.Base64Encode('🚀')", "\"8J+agA==\""),
        ("States.Base64Decode(' YWJjZA== ')", "\"abcd\""),
        // ArrayUnique comes out in java.util.HashSet order.
        ("States.ArrayUnique(States.Array(true, false, true, false))", "[false,true]"),
        ("States.ArrayUnique(States.Array(States.Array(1, 2), States.Array(1, 2), States.Array(2, 1)))", "[[2,1],[1,2]]"),
        ("States.ArrayUnique(States.Array('a', 'b', 'a', 'c', 'b'))", "[\"a\",\"b\",\"c\"]"),
        ("States.ArrayUnique(States.Array(null, null, 1, null))", "[null,1]"),
        ("States.ArrayUnique(States.Array(3, 1, 2, 3))", "[1,2,3]"),
        ("States.ArrayUnique(States.Array(1, '1', '01'))", "[1,\"1\",\"01\"]"),
        ("States.ArrayUnique(States.Array(States.StringToJson('{\"a\":1,\"b\":2}'), States.StringToJson('{\"b\":2,\"a\":1}')))", "[{\"a\":1,\"b\":2}]"),
        // ArrayContains compares Java string forms.
        ("States.ArrayContains(States.Array('true', 'false'), true)", "true"),
        ("States.ArrayContains(States.Array('9007199254740991'), 9007199254740991)", "true"),
        ("States.ArrayContains(States.Array(0, 1, -1), false)", "false"),
        ("States.ArrayContains(States.Array(States.StringToJson('{\"a\":1,\"b\":2}')), States.StringToJson('{\"b\":2,\"a\":1}'))", "false"),
        ("States.ArrayContains(States.Array(1, null, 3), null)", "true"),
        ("States.Base64Decode('YWJjAGRlZg==')", "\"abc\\u0000def\""),
        ("States.Base64Decode('aGVsbG8')", "\"hello\""),
        ("States.Base64Decode('YWJjZA==ignored')", "\"abcd\""),
        ("States.Base64Decode('4pyT')", "\"✓\""),
        ("States.Hash('🚀', 'SHA-256')", "\"ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5\""),
        ("States.Hash('abc\u{0}def', 'MD5')", "\"a5e4d5963ae44c1f4bfb37b1a3d55a3c\""),
    ])
    func matchesAWSObservations(_ text: String, _ expected: String) throws {
        let input: JSONValue = ["obj": ["a": 1], "other": ["b": 2], "list": [1, 2, 3], "empty": [:]]
        let value = try evaluate(text, input: input)
        if expected == "null", text.hasPrefix("States.ArrayRange(1000") {
            #expect(value.arrayValue?.count == 1000 && value.arrayValue?.first == 1000 && value.arrayValue?.last == 1)
        } else {
            #expect(value == (try JSONValue(parsing: expected)), "\(text) gave \(value.serialized)")
        }
    }

    @Test func formatWritesNumbersAsJavaDoes() {
        let cases: [(Double, String)] = [
            (1.1, "1.1"), (100.0, "100.0"), (0.001, "0.001"), (1e7, "1.0E7"), (12345678.9, "1.23456789E7"),
            (0.0001, "1.0E-4"), (-2.5e-5, "-2.5E-5"), (1e21, "1.0E21"), (0, "0.0"), (9999999.0, "9999999.0"),
        ]
        for (value, expected) in cases {
            #expect(JSONValue.javaDoubleString(value) == expected, "\(value)")
        }
    }

    @Test func uuidIsVersion4AndReproducible() throws {
        let first = try evaluate("States.UUID()", seed: 7)
        let again = try evaluate("States.UUID()", seed: 7)
        let other = try evaluate("States.UUID()", seed: 8)
        #expect(first == again)
        #expect(first != other)
        let text = try #require(first.stringValue)
        let parts = text.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect(["8", "9", "a", "b"].contains(parts[3].first))
    }

    @Test func mathRandomStaysInRangeAndHonoursTheSeed() throws {
        for seed in 0..<200 {
            let n = try #require(try evaluate("States.MathRandom(1, 10)", seed: UInt64(seed)).numberValue?.intValue)
            #expect((1..<10).contains(n))
        }
        // With a seed, the draw is java.util.Random's: new Random(42).nextInt(10) == 0.
        #expect(try evaluate("States.MathRandom(0, 10, 42)") == 0)
        #expect(try evaluate("States.MathRandom(0, 16, 42)") == 11)
        #expect(try evaluate("States.MathRandom(0, 999, 3)") == 239)
        #expect(try evaluate("States.MathRandom(100, 109, 42)") == 108)
        let a = try evaluate("States.MathRandom(0, 1000, 3)", seed: 1)
        let b = try evaluate("States.MathRandom(0, 1000, 3)", seed: 2)
        #expect(a == b)
    }

    @Test(arguments: [
        "States.ArrayGetItem($.list, 3)",
        "States.ArrayGetItem($.list, -1)",
        "States.ArrayRange(0, 1000, 1)",
        "States.ArrayRange(0, 10, 0)",
        "States.ArrayPartition($.list, 0)",
        "States.ArrayLength('x')",
        "States.Format('{} {}', 1)",
        "States.Format('{}', 1, 2)",
        "States.StringToJson('{oops')",
        "States.Hash('x', 'SHA-3')",
        "States.JsonMerge($.obj, $.obj, true)",
        "States.ArrayPartition($.list, 0.6)",
        "States.ArrayRange(1, 10, 0.49)",
        "States.ArrayRange(1, 1001, 1)",
        "States.ArrayGetItem($.list, '1')",
        "States.MathRandom(1.4, 1.6)",
        "States.MathRandom(1, 10, null)",
        "States.MathAdd(2147483647, 1)",
        "States.MathAdd(-2147483648, -1)",
        "States.MathAdd(3000000000, 1)",
        "States.MathAdd(true, 1)",
        "States.Format('Hello {', 'x')",
        "States.Format('}')",
        "States.Format('Hello {{}}', 'x')",
        "States.Format($.obj, 'x')",
        "States.Hash('hello', 123)",
        "States.Hash('data', 'sha-256')",
        "States.StringToJson('undefined')",
        "States.Base64Encode()",
        "States.StringToJson($.obj)",
        "States.JsonMerge($.obj, $.list, false)",
        "States.MathAdd('1', 2)",
        "States.MathAdd(2147483648, 1)",
        "States.MathRandom(5, 5)",
        "States.UUID(1)",
        "States.StringSplit(1, ',')",
    ])
    func failsWithInvalidArguments(_ text: String) throws {
        let input: JSONValue = ["obj": ["a": 1], "list": [1, 2, 3]]
        let error = try #require(failure(text, input: input), "\(text)")
        #expect(error.error == "States.Runtime")
        let name = String(text.prefix { $0 != "(" })
        #expect(
            error.cause.hasPrefix("There was an error while evaluating the intrinsic function: \(name)(")
                && error.cause.hasSuffix(". Invalid arguments in \(name)"), "\(error.cause)")
    }

    @Test func encodingLimits() {
        let long = JSONValue.string(String(repeating: "a", count: 10_001))
        #expect(failure("States.Base64Encode($.s)", input: ["s": long])?.error == "States.Runtime")
        #expect(failure("States.Base64Decode($.s)", input: ["s": long])?.error == "States.Runtime")
        #expect(failure("States.Hash($.s, 'MD5')", input: ["s": long])?.error == "States.Runtime")
        let limit = JSONValue.string(String(repeating: "a", count: 10_000))
        #expect(failure("States.Base64Encode($.s)", input: ["s": limit]) == nil)
        #expect(failure("States.Hash($.s, 'MD5')", input: ["s": limit]) == nil)
        #expect(failure("States.ArrayRange(1, 1000, 1)") == nil)
    }

    @Test func missingPathArgumentIsARuntimeError() {
        #expect(
            failure("States.Format('{}', $.missing)", input: ["a": 1])
                == StatesError.runtime(
                    "There was an error while evaluating the intrinsic function: States.Format('{}', $.missing). The JsonPath argument for the field '$.missing' could not be found in the input '{\"a\":1}'"
                ))
    }

    @Test(arguments: [
        // The two definitions AWS refuses in the validation corpus (ESCAPE_SEQUENCES_ILLEGAL_INTRINSIC_FUNCTION*).
        "States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')",
        "States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')",
        "States.Unknown(1)",
        "States.Format",
        "States.Format('x'",
        "States.Format('x') trailing",
        "States.Format('unterminated)",
        "States.Format(,)",
        "States.Format('a',)",
        "States.Format(abc)",
        "States.Format($.a b)",
        "States.Format('x', $$$)",
        "States.Format('\\n')",
        "states.Format('x')",
        String(repeating: "States.Array(", count: 11) + String(repeating: ")", count: 11),
    ])
    func rejectsInvalidCalls(_ text: String) {
        #expect(throws: PathSyntaxError.self) { try DynamicValue(text) }
    }

    @Test func acceptsTenNestedCalls() throws {
        let text = String(repeating: "States.Array(", count: 10) + String(repeating: ")", count: 10)
        _ = try DynamicValue(text)
    }

    @Test func argumentsMayUseComplexPaths() throws {
        let input: JSONValue = ["items": [["n": 1, "ok": true], ["n": 2, "ok": false]]]
        #expect(try evaluate("States.Array($.items[?(@.ok == true)].n, $.items[0,1].n)", input: input) == [[1], [1, 2]])
        #expect(try evaluate("States.ArrayLength($['items'])", input: input) == 2)
    }
}

@Suite struct PayloadTemplateTests {
    @Test func evaluatesDollarKeysAtAnyDepth() throws {
        let template: JSONValue = [
            "constant": "c",
            "value.$": "$.a",
            "nested": ["deeper.$": "$$.Execution.Name", "keep": [1, 2]],
            "list": [["x.$": "$.a"], "plain", ["y.$": "$v"]],
            "fn.$": "States.Format('{}-{}', $.a, $v)",
        ]
        var random = SeededRandom(seed: 1)
        let env = ExpressionEnvironment(input: ["a": 1], context: ["Execution": ["Name": "n"]], variables: ["v": "var"])
        let out = try PayloadTemplate(template).evaluate(in: env, random: &random)
        #expect(
            out == [
                "constant": "c", "value": 1, "nested": ["deeper": "n", "keep": [1, 2]],
                "list": [["x": 1], "plain", ["y": "var"]], "fn": "1-var",
            ])
        #expect(out.objectValue?.keys == ["constant", "value", "nested", "list", "fn"])
    }

    @Test func missingPathIsReportedWithTheFieldAndInput() throws {
        var random = SeededRandom(seed: 1)
        let env = ExpressionEnvironment(input: ["int-literal": 0])
        #expect(
            throws: StatesError.runtime(
                "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'"
            )
        ) {
            try PayloadTemplate(["value.$": "$.no_such_jsonpath"]).evaluate(in: env, random: &random)
        }
    }

    @Test func indefinitePathsNeverFail() throws {
        var random = SeededRandom(seed: 1)
        let out = try PayloadTemplate(["item.$": "$[*]"]).evaluate(in: ExpressionEnvironment(input: [:]), random: &random)
        #expect(out == ["item": []])
    }

    @Test(arguments: [
        ["bad.$": 1] as JSONValue, ["bad.$": "not a path"], ["x": [["bad.$": "$$$"]]], ["bad.$": "States.Nope()"],
    ])
    func rejectsInvalidDynamicFields(_ template: JSONValue) {
        #expect(throws: PathSyntaxError.self) { try PayloadTemplate(template) }
    }

    @Test func dynamicValueFieldsForErrorAndCausePaths() throws {
        var random = SeededRandom(seed: 1)
        let env = ExpressionEnvironment(input: ["Error": "error string", "Cause": "cause string"])
        let cause = try DynamicValue("States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)")
        #expect(
            try cause.evaluate(in: env, fieldName: "CausePath", random: &random)
                == "This is a custom error message for error string, caused by cause string.")
        #expect(
            throws: StatesError.runtime(
                "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"Error\":\"error string\",\"Cause\":\"cause string\"}'"
            )
        ) {
            try DynamicValue("$.ErrorX").evaluate(in: env, fieldName: "ErrorPath", random: &random)
        }
    }
}
