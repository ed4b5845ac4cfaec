import SluiceJSON
import StatesValidation
import Testing

/// Focused checks of rules whose AWS wording is known from recordings or AWS-measured reports.
@Suite struct DefinitionValidatorTests {
    func diagnostics(_ text: String, type: StateMachineType = .standard) -> [Diagnostic] {
        DefinitionValidator.validate(text: text, type: type)
    }

    func message(_ text: String, type: StateMachineType = .standard) -> String {
        DefinitionValidator.invalidDefinitionMessage(diagnostics(text, type: type))
    }

    @Test func acceptsAMinimalMachine() {
        #expect(diagnostics(#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#).isEmpty)
    }

    @Test func joinsSeveralDiagnosticsWithCommas() {
        let text = #"{"StartAt":"pass1","States":{"pass1":{"Type":"Pass","Next":"pass3"},"pass2":{"Type":"Pass","End":true}}}"#
        #expect(
            message(text)
                == "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'"
        )
    }

    @Test func reportsAMissingStartAtTargetAndStatesNothingNames() {
        // Recorded by a CloudFormation user: `Success` is named by `Pass One`, so only `Pass One` is reported.
        let text = #"{"StartAt":"Not sure","States":{"Pass One":{"Type":"Pass","Next":"Success"},"Success":{"Type":"Succeed"}}}"#
        #expect(
            message(text)
                == "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Not sure at /StartAt, MISSING_TRANSITION_TARGET: State \"Pass One\" is not reachable. at /States/Pass One'"
        )
    }

    @Test func choiceRulesNeedNext() {
        let text = #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","StringMatches":"Test"}],"Default":"S"},"S":{"Type":"Succeed"}}}"#
        #expect(diagnostics(text) == [
            Diagnostic(code: "SCHEMA_VALIDATION_FAILED", message: "These fields are required: [Next]", location: "/States/C/Choices[0]")
        ])
    }

    @Test func checksPathsLikeAWS() {
        // Wording recorded from CloudFormation users' reports of AWS's answers.
        let output = #"{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"Test","End":true}}}"#
        #expect(message(output) == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value must be a valid JSONPath. at /States/P/OutputPath'")
        let variable = #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"Test","StringMatches":"Test","Next":"S"}],"Default":"S"},"S":{"Type":"Succeed"}}}"#
        #expect(diagnostics(variable) == [
            Diagnostic(code: "SCHEMA_VALIDATION_FAILED", message: "Value is not a Reference Path: Reference path didn't start with '$'",
                location: "/States/C/Choices[0]/Variable")
        ])
        let assign = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Assign":{"Variable.$":"Test"},"End":true}}}"#
        #expect(diagnostics(assign) == [
            Diagnostic(code: "SCHEMA_VALIDATION_FAILED",
                message: "The value for the field 'Variable.$' must be a valid JSONPath or a valid intrinsic function call",
                location: "/States/P/Assign")
        ])
        let good = #"{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$$.Execution.Input","Parameters":{"a.$":"States.Format('{}', $.x)","b":{"c.$":"$x"}},"ResultPath":"$.r","OutputPath":null,"End":true}}}"#
        #expect(diagnostics(good).isEmpty)
        // AWS evaluates paths with Jayway, which takes these.
        for path in ["$.foo-result", "$['a b']", "$.a[0].b", "$.a[?(@.b > 1)]", "$..c", "$.a[1:3]", "$.a[*]"] {
            let text = #"{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"\#(path)","End":true}}}"#
            #expect(diagnostics(text).isEmpty, "\(path)")
        }
    }

    @Test func requireValidThrowsWithAWSMessage() {
        #expect(throws: InvalidDefinitionError.self) { try DefinitionValidator.requireValid(["StartAt": "A"]) }
        do {
            try DefinitionValidator.requireValid(["StartAt": "A"])
        } catch {
            #expect(error.description == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'")
        }
    }

    @Test func reportsAWorkflowWithoutTerminalStateWithoutLocation() {
        let found = diagnostics(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}"#)
        #expect(found == [Diagnostic(code: "MISSING_END_STATE", message: "Workflow has no terminal state", location: nil)])
        #expect(
            DefinitionValidator.invalidDefinitionMessage(found)
                == "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'")
    }

    @Test func refusesFieldsOfTheOtherQueryLanguage() {
        let jsonata = #"{"QueryLanguage":"JSONata","StartAt":"X","States":{"X":{"Type":"Pass","Parameters":{},"End":true}}}"#
        #expect(
            diagnostics(jsonata) == [
                Diagnostic(
                    code: "SCHEMA_VALIDATION_FAILED",
                    message: "The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage",
                    location: "/States/X")
            ])
        let jsonPath = #"{"StartAt":"X","States":{"X":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{},"Output":1,"End":true}}}"#
        #expect(diagnostics(jsonPath).map(\.message) == [
            "The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata' QueryLanguage",
            "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
        ])
    }

    @Test func allowsAJSONataStateInAJSONPathMachineButNotTheReverse() {
        let upgrade = #"{"StartAt":"X","States":{"X":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% 1 %}","End":true}}}"#
        #expect(diagnostics(upgrade).isEmpty)
        let downgrade = #"{"QueryLanguage":"JSONata","StartAt":"X","States":{"X":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}"#
        #expect(diagnostics(downgrade).map(\.message) == [
            "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine"
        ])
    }

    @Test func refusesFieldsAStateTypeDoesNotSupport() {
        let text = #"{"StartAt":"P","States":{"P":{"Type":"Pass","TimeoutSeconds":3,"Catch":[],"End":true}}}"#
        #expect(diagnostics(text) == [
            Diagnostic(code: "SCHEMA_VALIDATION_FAILED", message: "Field 'TimeoutSeconds' is not supported", location: "/States/P"),
            Diagnostic(code: "SCHEMA_VALIDATION_FAILED", message: "Field 'Catch' is not supported", location: "/States/P"),
        ])
    }

    @Test func statesAllMustBeAloneAndLast() {
        let text = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"]}],"Catch":[{"ErrorEquals":["X","States.ALL"],"Next":"T"}],"End":true}}}"#
        #expect(diagnostics(text).map { "\($0.message) at \($0.location ?? "")" } == [
            "States.ALL must appear alone and at end of list at /States/T/Retry[0]/ErrorEquals[0]",
            "States.ALL must appear alone and at end of list at /States/T/Catch[0]/ErrorEquals[1]",
        ])
    }

    @Test func waitNeedsExactlyOneDuration() {
        let both = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Timestamp":"2016-03-14T01:59:00Z","End":true}}}"#
        #expect(diagnostics(both).map(\.message) == [
            "There should only be one of the following fields: [Seconds, Timestamp, SecondsPath, TimestampPath]"
        ])
        let none = #"{"StartAt":"W","States":{"W":{"Type":"Wait","End":true}}}"#
        #expect(diagnostics(none).count == 1)
    }

    @Test func boundsWaitSeconds() {
        // Recorded from a CloudFormation user's report of AWS's answer.
        let text = #"{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":10000000000000000,"Next":"Success"},"Success":{"Type":"Succeed"}}}"#
        #expect(message(text) == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Maximum value is 99999999 at /States/Wait/Seconds'")
    }

    @Test func checksRFC3339Timestamps() {
        for good in ["2016-03-14T01:59:00Z", "2016-03-05T21:29:29.243167252Z", "2024-02-29T00:00:00+01:00"] {
            let text = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"\#(good)","End":true}}}"#
            #expect(diagnostics(text).isEmpty, "\(good)")
        }
        for bad in ["2016-13-05T21:29:29Z", "2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2023-02-29T00:00:00Z"] {
            let text = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"\#(bad)","End":true}}}"#
            #expect(diagnostics(text).map(\.message) == ["String does not match RFC3339 timestamp"], "\(bad)")
        }
    }

    @Test func failErrorAndErrorPathAreExclusive() {
        let text = #"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","ErrorPath":"$.e"}}}"#
        #expect(diagnostics(text).map(\.message).contains("There should only be one of the following fields: [Error, ErrorPath]"))
    }

    @Test func mapLabelRules() {
        func label(_ l: String) -> [String] {
            let machine: JSONValue = [
                "StartAt": "M",
                "States": [
                    "M": [
                        "Type": "Map", "Label": .string(l), "End": true,
                        "ItemProcessor": [
                            "ProcessorConfig": ["Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"],
                            "StartAt": "P", "States": ["P": ["Type": "Pass", "End": true]],
                        ],
                    ]
                ],
            ]
            return DefinitionValidator.validate(machine).map(\.message)
        }
        #expect(label("ok-label_1").isEmpty)
        #expect(label("") == ["Label cannot be empty"])
        #expect(label(String(repeating: "a", count: 41)) == ["Label cannot exceed 40 characters"])
        #expect(label("a b") == ["Label contains invalid character: ' '"])
        #expect(label("a\u{85}") == ["Label contains invalid character: '\\x85'"])
    }

    @Test func expressMachinesRefuseCallbacksAndActivities() {
        let wait = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","End":true}}}"#
        #expect(diagnostics(wait).isEmpty)
        #expect(diagnostics(wait, type: .express).map(\.message) == [
            "Express state machine does not support '.waitForTaskToken' service integration "
        ])
    }

    @Test func reportsJSONSyntaxLikeJackson() {
        let found = diagnostics("not a definition")
        #expect(found == [
            Diagnostic(
                code: "INVALID_JSON_DESCRIPTION",
                message: "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]",
                location: "[Source: (String)\"not a definition\"; line: 1, column: 4]")
        ])
        #expect(diagnostics(#"{"StartAt": }"#).first?.message.hasPrefix("Unexpected character ('}' (code 125)): expected a valid value") == true)
        #expect(diagnostics("{").first?.message
            == "Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)\"{\"; line: 1, column: 1])\n at [Source: (String)\"{\"; line: 1, column: 2]")
        #expect(diagnostics("{\"a\":1]").first?.message.hasPrefix("Unexpected close marker ']': expected '}' (for Object starting at [Source: (String)\"{\"a\":1]\"; line: 1, column: 1])") == true)
        #expect(diagnostics("{\n \"a\" 1}").first?.location == "[Source: (String)\"{\n \"a\" 1}\"; line: 2, column: 7]")
    }

    @Test func validatesASingleStateForTestState() {
        let empty: JSONValue = ["Type": "Parallel", "Branches": [], "End": true]
        #expect(
            DefinitionValidator.invalidDefinitionMessage(DefinitionValidator.validateState(empty))
                == "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches'")
        let task: JSONValue = ["Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Elsewhere"]
        #expect(DefinitionValidator.validateState(task).isEmpty)
    }

    @Test func handsEveryParsedJSONataExpressionToTheChecker() {
        // A stand-in checker: refuses expressions mentioning `bad`, and `$states.errorOutput` where absent.
        let checker: JSONataExpressionChecker = { expression, context in
            if expression.contains("bad") { return JSONataProblem(code: "INVALID_JSONATA_EXPRESSION", message: "Unexpected end of expression") }
            if expression.contains("errorOutput"), !context.errorOutputAvailable {
                return JSONataProblem(code: "UNSUPPORTED_JSONATA_EXPRESSION", message: "Field '$states.errorOutput' does not exist.")
            }
            return nil
        }
        let text = #"""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Comment":"{% bad %}","Arguments":{"a":["{% 1 %}","{% bad %}"],"Comment":"{% bad %}"},"Output":"{% $states.errorOutput %}",
             "Catch":[{"ErrorEquals":["States.ALL"],"Output":"{% $states.errorOutput %}","Next":"F"}],"End":true},
             "F":{"Type":"Fail","Error":"{% bad %}"}}}
            """#
        let found = DefinitionValidator.validate(text: text, jsonata: checker)
        #expect(found.map { "\($0.code) \($0.location ?? "")" } == [
            "INVALID_JSONATA_EXPRESSION /States/T/Arguments/a[1]",
            "INVALID_JSONATA_EXPRESSION /States/T/Arguments/Comment",
            "UNSUPPORTED_JSONATA_EXPRESSION /States/T/Output",
            "INVALID_JSONATA_EXPRESSION /States/F/Error",
        ])
        #expect(DefinitionValidator.validate(text: text).isEmpty)
    }

    @Test func validationResponseShape() {
        let response = DefinitionValidator.validationResponse(diagnostics("{}"))
        #expect(response.serialized
            == #"{"result":"FAIL","diagnostics":[{"severity":"ERROR","code":"SCHEMA_VALIDATION_FAILED","message":"These fields are required: [States, StartAt]","location":"/"}],"truncated":false}"#)
        let ok = DefinitionValidator.validationResponse([])
        #expect(ok.serialized == #"{"result":"OK","diagnostics":[],"truncated":false}"#)
    }

    @Test func survivesDeepNesting() {
        var template: JSONValue = 1
        for _ in 0..<2000 { template = .object(JSONObject(uniqueMembers: [(key: "a", value: template)])) }
        let machine: JSONValue = ["StartAt": "P", "States": ["P": ["Type": "Pass", "Parameters": template, "End": true]]]
        #expect(DefinitionValidator.validate(machine).map(\.code) == ["TOO_DEEPLY_NESTED"])
    }
}
