import SluiceJSON
import SluiceJSONata
import Testing

/// A variable of a library function's name shadows the function, wherever it is bound: the
/// evaluator looks such names up in the library directly only when nothing can bind them.
@Suite struct ShadowingTests {
    func value(_ text: String, input: JSONValue? = nil, bindings: [String: JSONValue] = [:]) throws -> JSONValue? {
        try JSONataExpression(text).evaluate(input: input, bindings: bindings)
    }

    @Test func libraryFunctionsWhenNothingShadowsThem() throws {
        #expect(try value("$uppercase('ab') & $string($count([1, 2]))") == "AB2")
        #expect(try value("$uppercase('ab')", bindings: ["states": ["x": 1]]) == "AB")
    }

    @Test func evaluationBindingShadowsTheLibrary() throws {
        #expect(throws: JSONataError.self) { try value("$uppercase('a')", bindings: ["uppercase": 5]) }
        #expect(try value("$count", bindings: ["count": "mine"]) == "mine")
        #expect(throws: JSONataError.self) { try value("$count([1]) + $sum([2])", bindings: ["sum": 1, "other": 2]) }
        #expect(try value("$count([1]) + $sum([2])", bindings: ["other": 2]) == 3)
    }

    @Test func bindingsInTheExpressionShadowTheLibrary() throws {
        #expect(try value("($uppercase := function($s) { 'x' }; $uppercase('a'))") == "x")
        #expect(try value("(function($string) { $string })(7)") == 7)
        #expect(try value("(function($count) { $count(1) })(function($x) { $x + 1 })") == 2)
        let items: JSONValue = ["a": [["b": 1], ["b": 2]]]
        #expect(try value("a#$string.{'i': $string}", input: items) == [["i": 0], ["i": 1]])
        #expect(try value("a@$count.{'b': $count.b}", input: items) == [["b": 1], ["b": 2]])
    }

    @Test func evalTextCanBindIntoTheCallersFrame() throws {
        #expect(try value("($eval(\"$string := function($v) { 'e' }\"); $string(1))") == "e")
    }
}
