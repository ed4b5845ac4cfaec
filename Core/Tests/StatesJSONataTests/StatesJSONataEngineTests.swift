import SluiceJSON
import SluiceJSONata
import StatesInterpreter
import StatesJSONata
import StatesLanguage
import Testing

@Suite struct StatesJSONataEngineTests {
    let engine = StatesJSONataEngine()

    func evaluate(_ expression: String, _ bindings: [String: JSONValue] = [:]) throws(JSONataEvaluationError)
        -> JSONValue?
    {
        try engine.evaluate(expression, bindings: bindings, nowMilliseconds: 0, seed: 1)
    }

    @Test func bindsStatesAndVariables() throws {
        let states: JSONValue = ["input": ["x": 41], "context": [:]]
        #expect(try evaluate("$states.input.x + $one", ["states": states, "one": 1]) == 42)
        #expect(try evaluate("$doesNotExist", ["states": states]) == nil)
    }

    @Test func errorsAndFunctionResults() {
        #expect(throws: JSONataEvaluationError.failed("T1006: Attempted to invoke a non-function")) {
            try evaluate("$randomSeeded(1)")
        }
        #expect(throws: JSONataEvaluationError.functionResult) { try evaluate("$fn := function($x){$x}") }
        #expect(throws: JSONataEvaluationError.self) { try evaluate("$eval('1')") }
        #expect(throws: JSONataEvaluationError.self) { try evaluate("1 +") }
    }

    @Test func awsFunctionsAreAvailable() throws {
        #expect(try evaluate("$partition([0,1,2], 2)") == [[0, 1], [2]])
        #expect(try evaluate("$range(1, 9, 9)") == 1)
        #expect(try evaluate("$parse('{\"a\": [1]}')") == ["a": [1]])
        #expect(try evaluate("$hash('input data', 'SHA-1')") == "aaff4a450a104cd177d28d18d74485e8cae074b7")
        #expect(try evaluate("$random(7)") == evaluate("$random(7)"))
    }

    @Test func nowAndSeedComeFromTheInterpreter() throws {
        #expect(try engine.evaluate("$millis()", bindings: [:], nowMilliseconds: 1234, seed: 1) == 1234)
        let a = try engine.evaluate("$uuid()", bindings: [:], nowMilliseconds: 0, seed: 9)
        let b = try engine.evaluate("$uuid()", bindings: [:], nowMilliseconds: 0, seed: 9)
        #expect(a == b)
        #expect(a?.stringValue?.count == 36)
    }

    @Test func precompilesEveryExpressionOfADefinition() throws {
        let machine = try StateMachine(
            text: #"""
                {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.xs %}",
                 "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Output":{"v":["{%  $states.input  %}"]},"End":true}}},
                 "Catch":[{"ErrorEquals":["States.ALL"],"Output":"{% $states.errorOutput %}","Next":"F"}],"Next":"F"},
                 "F":{"Type":"Fail","Error":"{% 'E' %}","Cause":"plain"}}}
                """#)
        let engine = StatesJSONataEngine(definition: machine)
        #expect(engine.compiledExpressions == ["$states.input.xs", "$states.input", "$states.errorOutput", "'E'"].sorted())
    }
}

@Suite struct JSONataReferencesTests {
    @Test func variableNamesAndInputUse() throws {
        let a = JSONataReferences(try JSONataExpression("$states.input.items[price > $min].name ~> $count()"))
        #expect(a.variableNames == ["states", "min", "count"])
        #expect(a.usesInput)  // `price` inside the predicate is counted, conservatively
        #expect(JSONataReferences(try JSONataExpression("$x + 1")).usesInput == false)
        #expect(JSONataReferences(try JSONataExpression("$states.input.a.b")).usesInput == false)
        #expect(JSONataReferences(try JSONataExpression("a.b")).usesInput)
        #expect(JSONataReferences(try JSONataExpression("$")).usesInput)
        #expect(JSONataReferences(try JSONataExpression("$map([1], function($v) { $$ })")).usesInput)
        #expect(a.statesMembers == ["input"])
        #expect(JSONataReferences(try JSONataExpression("$states.input.a & $states.context.State.Name")).statesMembers == ["input", "context"])
        #expect(JSONataReferences(try JSONataExpression("$keys($states)")).statesMembers == nil)
        #expect(JSONataReferences(try JSONataExpression("$states.*")).statesMembers == nil)
        #expect(JSONataReferences(try JSONataExpression("$x")).statesMembers == nil)
    }
}
