import SluiceJSON
import StatesInterpreter
import StatesLanguage
import Testing

/// A stand-in JSONata engine for the plumbing tests: `$states.input.NAME`, `$states.result`,
/// `$NAME` (a variable) and `undefinedThing` (undefined); anything else is an error.
struct TinyJSONata: JSONataEvaluator {
    func evaluate(_ expression: String, bindings: [String: JSONValue], nowMilliseconds: Int64, seed: UInt64)
        throws(JSONataEvaluationError) -> JSONValue?
    {
        if expression == "undefinedThing" { return nil }
        if expression == "bare" { throw .failed("bad thing") }
        if expression == "$states.result" { return bindings["states"]?["result"] }
        if expression.hasPrefix("$states.input.") {
            return bindings["states"]?["input"]?[String(expression.dropFirst("$states.input.".count))]
        }
        if expression.hasPrefix("$"), let value = bindings[String(expression.dropFirst())] { return value }
        throw .failed("T1006: Attempted to invoke a non-function")
    }
}

@Suite struct JSONataModeTests {
    static let metadata = ExecutionMetadata(
        executionArn: "arn:aws:states:us-east-1:123456789012:execution:M:e", executionName: "e",
        stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:M", stateMachineName: "M",
        roleArn: "r", startTime: 0)

    func run(_ definition: String, input: JSONValue, jsonata: (any JSONataEvaluator)? = TinyJSONata()) throws
        -> (ExecutionState, TransitionResult)
    {
        let interpreter = Interpreter(definition: try StateMachine(text: definition), jsonata: jsonata)
        var state = ExecutionState()
        let result = interpreter.apply(
            .start(input: input, inputText: nil, metadata: JSONataModeTests.metadata, seed: 1), to: &state, now: 0)
        return (state, result)
    }

    @Test func outputAndAssignUseStatesInput() throws {
        let (state, result) = try run(
            """
            {"QueryLanguage":"JSONata","StartAt":"P","States":{
             "P":{"Type":"Pass","Output":{"v":"{% $states.input.a %}","k":1},"Assign":{"x":"{% $states.input.a %}"},"Next":"Q"},
             "Q":{"Type":"Pass","Output":"{% $x %}","End":true}}}
            """, input: ["a": "hi"])
        #expect(state.status == .succeeded)
        #expect(state.outcome?.output == "hi")
        #expect(result.events[2].json["stateExitedEventDetails"]?["assignedVariables"] == ["x": "\"hi\""])
        #expect(result.events[2].json["stateExitedEventDetails"]?["output"] == .string(#"{"v":"hi","k":1}"#))
    }

    @Test func undefinedOutputIsAnEvaluationFailure() throws {
        let (state, result) = try run(
            """
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"r":"{% undefinedThing %}"},"End":true}}}
            """, input: [:])
        #expect(state.outcome?.error == "States.QueryEvaluationError")
        #expect(
            state.outcome?.cause
                == "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression 'undefinedThing' specified for the field 'Output/r' returned nothing (undefined)."
        )
        #expect(result.events.map(\.type) == [.executionStarted, .passStateEntered, .evaluationFailed, .executionFailed])
        #expect(result.events.map(\.previousEventId) == [0, 0, 0, 3])
        let details = result.events[2].json["evaluationFailedEventDetails"]
        #expect(details?["location"] == "Output/r")
        #expect(details?["state"] == "P")
    }

    @Test func engineErrorsCarryTheirMessage() throws {
        let (state, _) = try run(
            """
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $f() %}","End":true}}}
            """, input: [:])
        #expect(
            state.outcome?.cause
                == "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$f()' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function"
        )
    }

    @Test func uncodedMessagesFollowAColon() throws {
        let (state, _) = try run(
            """
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":["{% bare %}"],"End":true}}}
            """, input: [:])
        #expect(
            state.outcome?.cause
                == "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression 'bare' specified for the field 'Output[0]' threw an error during evaluation: bad thing"
        )
    }

    @Test func mapItemsMustBeAnArray() throws {
        let (state, result) = try run(
            """
            {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.items %}",
             "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, input: ["items": ["foo": "bar"]])
        #expect(
            state.outcome?.cause
                == "An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression '$states.input.items' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"
        )
        #expect(result.events.map(\.type) == [.executionStarted, .mapStateEntered, .evaluationFailed, .mapStateFailed, .executionFailed])
    }

    @Test func withoutAnEngineJSONataStatesFail() throws {
        let (state, _) = try run(
            """
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}
            """, input: [:], jsonata: nil)
        #expect(state.outcome?.error == "States.Runtime")
    }
}
