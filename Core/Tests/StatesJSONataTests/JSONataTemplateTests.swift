import SluiceJSON
import SluiceJSONata
import StatesJSONPath
import StatesJSONata
import Testing

@Suite struct JSONataTemplateTests {
    func scope(_ input: JSONValue, variables: [String: JSONValue] = [:]) -> JSONataScope {
        JSONataScope(
            input: input, context: .object(JSONObject()), variables: variables,
            options: JSONataScope.options(now: 0, seed: 1))
    }

    func template(_ text: String) throws -> JSONataTemplate {
        try JSONataTemplate(JSONValue(parsing: text))
    }

    @Test func evaluatesNestedExpressionsAndCopiesTheRest() throws {
        let t = try template(#"{"a": "{% $states.input.x + 1 %}", "b": ["{% $v %}", 2], "c": "plain"}"#)
        let out = try t.evaluate(field: "Output", in: scope(["x": 41], variables: ["v": "var"]))
        #expect(out == ["a": 42, "b": ["var", 2], "c": "plain"])
    }

    @Test func undefinedResultUsesAWSText() throws {
        let t = try template(#"{"result": "{% $doesNotExist %}"}"#)
        #expect(throws: StatesError(
            "States.QueryEvaluationError",
            "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).")
        ) { try t.evaluate(field: "Output", in: scope([:])) }
    }

    @Test func functionResultIsUnsupported() throws {
        let t = try template(#""{% $fn := function($x){$x} %}""#)
        #expect(throws: StatesError(
            "States.QueryEvaluationError",
            "The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.")
        ) { try t.evaluate(field: "Items", in: scope([:])) }
    }

    @Test func evaluationErrorCarriesCodeAndMessage() throws {
        let t = try template(#"{"FunctionResult": "{% $randomSeeded(1) %}"}"#)
        #expect(throws: StatesError(
            "States.QueryEvaluationError",
            "The JSONata expression '$randomSeeded(1)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function")
        ) { try t.evaluate(field: "Output", in: scope([:])) }
    }

    @Test func awsFunctions() throws {
        #expect(try template(#""{% $partition([0,1,2], 2) %}""#).evaluate(field: "O", in: scope([:])) == [[0, 1], [2]])
        #expect(try template(#""{% $partition([0], 1) %}""#).evaluate(field: "O", in: scope([:])) == [[0]])
        #expect(try template(#""{% $range(0, 10, 3) %}""#).evaluate(field: "O", in: scope([:])) == [0, 3, 6, 9])
        #expect(try template(#""{% $range(1, 9, 9) %}""#).evaluate(field: "O", in: scope([:])) == 1)
        #expect(try template(#""{% $parse('{\"a\": [1]}') %}""#).evaluate(field: "O", in: scope([:])) == ["a": [1]])
        #expect(try template(#""{% $parse('-0') %}""#).evaluate(field: "O", in: scope([:])) == 0)
        #expect(
            try template(#""{% $hash('input data', 'SHA-1') %}""#).evaluate(field: "O", in: scope([:]))
                == "aaff4a450a104cd177d28d18d74485e8cae074b7")
        let uuid = try template(#""{% $uuid() %}""#).evaluate(field: "O", in: scope([:]))
        #expect(uuid.stringValue?.count == 36)
        let r1 = try template(#""{% $random(7) %}""#).evaluate(field: "O", in: scope([:]))
        let r2 = try template(#""{% $random(7) %}""#).evaluate(field: "O", in: scope([:]))
        #expect(r1 == r2)
        #expect(throws: (any Error).self) { try template(#""{% $eval('1') %}""#).evaluate(field: "O", in: scope([:])) }
    }

    @Test func invalidExpressionFailsToCompile() {
        #expect(throws: JSONataCompileError.self) { try template(#"{"a": "{% $x + %}"}"#) }
    }
}

@Suite struct JSONataReferenceTests {
    @Test func variableNamesAndInputUse() throws {
        let a = try JSONataExpression("$states.input.items[price > $min].name ~> $count()")
        #expect(a.variableNames.isSuperset(of: ["states", "min"]))
        #expect(try JSONataExpression("$x + 1").usesInput == false)
        #expect(try JSONataExpression("$states.input.a.b").usesInput == false)
        #expect(try JSONataExpression("a.b").usesInput)
        #expect(try JSONataExpression("$").usesInput)
        #expect(try JSONataExpression("$map([1], function($v) { $$ })").usesInput)
    }
}
