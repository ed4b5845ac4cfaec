import SluiceJSON
import StatesInterpreter
import StatesJSONata
import StatesLanguage
import StatesRunner
import Testing

/// JSONata-mode states through the local runner: Arguments/Output/Assign with `$states`,
/// variable scoping, catchers, Choice, Wait, Map and the EvaluationFailed event.
@Suite struct JSONataFlowTests {
    func run(_ definition: String, input: JSONValue = [:], handler: any TaskHandler = ClosureTaskHandler { _ in .noAnswer })
        async throws -> RunResult
    {
        let machine = try StateMachine(text: definition)
        return await LocalRunner.run(
            definition: machine, input: input, options: RunOptions(startTime: 1_700_000_000_000, seed: 7, timeScale: 0),
            taskHandler: handler, jsonata: StatesJSONataEngine(definition: machine))
    }

    func types(_ result: RunResult) -> [String] { result.history.map(\.type.rawValue) }

    @Test func taskArgumentsResultOutputAndAssign() async throws {
        let handler = ClosureTaskHandler { request in
            #expect(request.input == ["n": 2, "token": "x"])
            return .succeeded(["doubled": 4])
        }
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Arguments":{"n":"{% $states.input.n %}","token":"x"},"TimeoutSeconds":"{% 10 + 5 %}",
             "Assign":{"seen":"{% $states.result.doubled %}"},
             "Output":{"in":"{% $states.input %}","out":"{% $states.result.doubled %}"},"Next":"P"},
             "P":{"Type":"Pass","Output":"{% $seen * 10 %}","End":true}}}
            """, input: ["n": 2], handler: handler)
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == 40)
        let scheduled = result.history.first { $0.type.rawValue == "TaskScheduled" }
        #expect(scheduled?.json["taskScheduledEventDetails"]?["timeoutInSeconds"] == 15)
        let exited = result.history.first { $0.type.rawValue == "TaskStateExited" }
        #expect(exited?.json["stateExitedEventDetails"]?["assignedVariables"] == ["seen": "4"])
        #expect(exited?.json["stateExitedEventDetails"]?["output"] == .string(#"{"in":{"n":2},"out":4}"#))
    }

    @Test func assignAndOutputSeeTheValuesFromBeforeTheState() async throws {
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"A","States":{
             "A":{"Type":"Pass","Assign":{"x":1},"Next":"B"},
             "B":{"Type":"Pass","Assign":{"x":"{% $x + 1 %}","y":"{% $x %}"},"Output":{"x":"{% $x %}"},"Next":"C"},
             "C":{"Type":"Pass","Output":{"x":"{% $x %}","y":"{% $y %}","prev":"{% $states.input.x %}"},"End":true}}}
            """)
        #expect(result.output == ["x": 2, "y": 1, "prev": 1])
    }

    @Test func innerScopesReadOuterOnesButDoNotWriteThem() async throws {
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"A","States":{
             "A":{"Type":"Pass","Assign":{"outer":"o","count":0},"Next":"M"},
             "M":{"Type":"Map","Items":[1,2],"ItemSelector":{"v":"{% $states.context.Map.Item.Value %}","o":"{% $outer %}"},
              "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Assign":{"count":"{% $states.input.v %}"},
               "Output":"{% $outer & $string($states.input.v) %}","End":true}}},"Next":"After"},
             "After":{"Type":"Pass","Output":{"result":"{% $states.input %}","count":"{% $count %}"},"End":true}}}
            """)
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == ["result": ["o1", "o2"], "count": 0])
    }

    @Test func catcherAssignAndOutputSeeErrorOutput() async throws {
        let handler = ClosureTaskHandler { _ in .failed(error: "Boom", cause: "bad") }
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"err":"{% $states.errorOutput.Error %}"},
               "Output":{"cause":"{% $states.errorOutput.Cause %}","input":"{% $states.input %}"},"Next":"F"}],"End":true},
             "F":{"Type":"Pass","Output":{"err":"{% $err %}","cause":"{% $states.input.cause %}"},"End":true}}}
            """, input: ["k": 1], handler: handler)
        #expect(result.output == ["err": "Boom", "cause": "bad"])
    }

    @Test func choiceConditionsRuleOutputAndNoMatch() async throws {
        let definition = """
            {"QueryLanguage":"JSONata","StartAt":"C","States":{
             "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n > 1 %}","Output":{"big":true},"Next":"Done"}],
              "Default":"Done","Output":{"big":false}},
             "Done":{"Type":"Succeed"}}}
            """
        #expect(try await run(definition, input: ["n": 5]).output == ["big": true])
        #expect(try await run(definition, input: ["n": 0]).output == ["big": false])

        let notBoolean = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"C","States":{
             "C":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.n %}","Next":"Done"}],"Default":"Done"},
             "Done":{"Type":"Succeed"}}}
            """, input: ["n": 5])
        #expect(notBoolean.status == "FAILED")
        #expect(notBoolean.error == "States.QueryEvaluationError")
        // The field's name in this text is not recorded; the rest is AWS's wording for Items.
        #expect(
            notBoolean.cause?.hasSuffix("returned an unexpected result type. Expected 'boolean', but was 'number' for value: 5")
                == true)
        #expect(types(notBoolean) == ["ExecutionStarted", "ChoiceStateEntered", "EvaluationFailed", "ExecutionFailed"])
    }

    @Test func waitSecondsAndFailErrorCause() async throws {
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"W","States":{
             "W":{"Type":"Wait","Seconds":"{% $states.input.s %}","Next":"F"},
             "F":{"Type":"Fail","Error":"{% 'E.' & $states.input.kind %}","Cause":"{% $string($states.input.s) %}"}}}
            """, input: ["s": 3, "kind": "Custom"])
        #expect(result.status == "FAILED")
        #expect(result.error == "E.Custom")
        #expect(result.cause == "3")
    }

    @Test func undefinedOutputFailsWithEvaluationFailed() async throws {
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"result":"{% $nope %}"},"End":true}}}
            """)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(types(result) == ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"])
        let details = result.history[2].json["evaluationFailedEventDetails"]
        #expect(details?["location"] == "Output/result")
        #expect(details?["state"] == "P")
        #expect(result.history[2].previousEventId == 0)
    }

    @Test func queryEvaluationErrorsCanBeCaught() async throws {
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"M","States":{
             "M":{"Type":"Map","Items":"{% $states.input.notAnArray %}","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Succeed"}}},
              "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Next":"Caught"}],"End":true},
             "Caught":{"Type":"Pass","Output":"{% $states.input.Error %}","End":true}}}
            """, input: ["notAnArray": 1])
        #expect(result.status == "SUCCEEDED")
        #expect(result.output == "States.QueryEvaluationError")
        #expect(
            types(result) == [
                "ExecutionStarted", "MapStateEntered", "EvaluationFailed", "MapStateFailed", "MapStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
            ])
    }

    /// As recorded in `nonpure/states_variables…test_map_catch_error[MAP_CATCH_ERROR_OUTPUT_WITH_RETRY]`:
    /// an iteration's evaluation error is recorded once, in the iteration.
    @Test func evaluationErrorInsideAnIterationIsRecordedOnce() async throws {
        let result = try await run(
            """
            {"QueryLanguage":"JSONata","StartAt":"M","States":{
             "M":{"Type":"Map","Items":[1],"ItemProcessor":{"StartAt":"I","States":{
              "I":{"Type":"Pass","Output":{"error":"{% $nope %}"},"End":true}}},"End":true}}}
            """)
        #expect(result.error == "States.QueryEvaluationError")
        #expect(
            types(result) == [
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted", "PassStateEntered",
                "EvaluationFailed", "MapIterationFailed", "MapStateFailed", "ExecutionFailed",
            ])
    }
}

@Suite struct JSONataLimitsTests {
    /// Runaway recursion in an expression is JSONata's U1001, a States.QueryEvaluationError, never a
    /// crash of the runner's thread.
    @Test func deepRecursionFailsTheStateInsteadOfCrashing() async throws {
        let machine = try StateMachine(
            text: #"""
                {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass",
                 "Output":"{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000)) %}","End":true}}}
                """#)
        let result = await LocalRunner.run(
            definition: machine, input: [:], options: RunOptions(startTime: 0, seed: 1, timeScale: 0),
            jsonata: StatesJSONataEngine(definition: machine))
        #expect(result.status == "FAILED")
        #expect(result.error == "States.QueryEvaluationError")
        #expect(result.cause?.contains("U1001") == true)
    }
}
