import SluiceJSON
import StatesInterpreter
import StatesLanguage
import Testing

/// The engine builds `$$` only for states that can read it: every way a Pass, Choice or Succeed
/// state can reach the context object must still see it.
@Suite struct ContextUseTests {
    func output(_ definition: String, input: JSONValue = ["i": 1]) throws -> JSONValue? {
        let interpreter = Interpreter(definition: try StateMachine(text: definition))
        var state = ExecutionState()
        _ = interpreter.apply(
            .start(input: input, inputText: nil, metadata: InterpreterTests.metadata, seed: 1), to: &state, now: 0)
        #expect(state.status == .succeeded)
        return state.outcome?.output
    }

    @Test func passReadsContextInParametersPathsIntrinsicsAndAssign() throws {
        let out = try output(
            """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Q",
              "Parameters":{"deep":{"list":[{"name.$":"$$.State.Name"}]},
                            "text.$":"States.Format('{}/{}', $$.Execution.Name, $.i)"},
              "Assign":{"machine.$":"$$.StateMachine.Name"}},
             "Q":{"Type":"Pass","InputPath":"$$.Execution","Parameters":{"id.$":"$.Id","m.$":"$machine"},"End":true}}}
            """)
        #expect(out == ["id": "arn:aws:states:eu-west-1:123456789012:execution:M:e1", "m": "M"])
    }

    @Test func passWithoutContextKeepsItsOutput() throws {
        let out = try output(
            #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"v.$":"$.i","k":1},"ResultPath":"$.r","End":true}}}"#)
        #expect(out == ["i": 1, "r": ["v": 1, "k": 1]])
    }

    @Test func choiceReadsContextInVariablesAndOperandPaths() throws {
        let out = try output(
            """
            {"StartAt":"C","States":{
              "C":{"Type":"Choice","Choices":[
                {"Not":{"Variable":"$$.State.Name","StringEquals":"C"},"Next":"Wrong"},
                {"And":[{"Variable":"$.name","StringEqualsPath":"$$.Execution.Name"}],"Next":"Right"}],
               "Default":"Wrong"},
              "Right":{"Type":"Succeed","OutputPath":"$$.State"},
              "Wrong":{"Type":"Fail"}}}
            """, input: ["name": "e1"])
        #expect(out?["Name"] == "Right")
    }
}
