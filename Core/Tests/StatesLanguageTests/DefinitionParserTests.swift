import SluiceJSON
import StatesJSONPath
import StatesLanguage
import Testing

@Suite struct DefinitionParserTests {
    private func machine(_ text: String) throws -> StateMachine { try StateMachine(text: text) }

    private func onlyState(_ stateJSON: String, top: String = "") throws -> State {
        let m = try machine(#"{\#(top)"StartAt":"S","States":{"S":\#(stateJSON)}}"#)
        return try #require(m.state(named: "S"))
    }

    @Test func readsTopLevelFields() throws {
        let m = try machine(
            #"{"Comment":"c","StartAt":"B","TimeoutSeconds":30,"Version":"1.0","States":{"A":{"Type":"Succeed"},"B":{"Type":"Pass","Next":"A"}}}"#
        )
        #expect(m.startAt == "B")
        #expect(m.comment == "c")
        #expect(m.timeoutSeconds == 30)
        #expect(m.version == "1.0")
        #expect(m.queryLanguage == .jsonPath)
        #expect(m.states.map(\.name) == ["A", "B"])
        #expect(m.graph.index(of: "B") == 1)
        #expect(m.graph.startState?.name == "B")
        #expect(m.state(named: "B")?.transition == .next("A"))
        #expect(m.state(named: "A")?.transition == nil)
        #expect(m.state(named: "A")?.isTerminal == true)
        #expect(m.state(named: "B")?.typeName == "Pass")
    }

    @Test func distinguishesAbsentFromNullPaths() throws {
        let absent = try onlyState(#"{"Type":"Pass","End":true}"#)
        #expect(absent.inputPath == .identity)
        #expect(absent.outputPath == .identity)
        #expect(absent.resultPath.path?.text == "$")
        #expect(absent.transition == .end)

        let null = try onlyState(#"{"Type":"Pass","InputPath":null,"OutputPath":null,"ResultPath":null,"End":true}"#)
        #expect(null.inputPath == .null)
        #expect(null.outputPath == .null)
        #expect(null.resultPath.path == nil)

        let explicit = try onlyState(#"{"Type":"Pass","InputPath":"$.a","ResultPath":"$.r","End":true}"#)
        #expect(explicit.inputPath == .path(try Path("$.a")))
        #expect(explicit.resultPath.path?.text == "$.r")
    }

    @Test func appliesRetryDefaultsAndReadsCatchers() throws {
        let s = try onlyState(
            #"""
            {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
             "Retry":[{"ErrorEquals":["States.ALL"]},
                      {"ErrorEquals":["A","B"],"IntervalSeconds":3,"MaxAttempts":0,"BackoffRate":1.5,
                       "MaxDelaySeconds":10,"JitterStrategy":"FULL"}],
             "Catch":[{"ErrorEquals":["States.ALL"],"Next":"S","ResultPath":"$.error"},
                      {"ErrorEquals":["X"],"Next":"S"}]}
            """#)
        #expect(s.retriers.count == 2)
        let first = try #require(s.retriers.first)
        #expect(first.errorEquals == ["States.ALL"])
        #expect(first.intervalSeconds == 1)
        #expect(first.maxAttempts == 3)
        #expect(first.backoffRate == 2.0)
        #expect(first.maxDelaySeconds == nil)
        #expect(first.jitterStrategy == .none)
        let second = s.retriers[1]
        #expect(second.intervalSeconds == 3)
        #expect(second.maxAttempts == 0)
        #expect(second.backoffRate == 1.5)
        #expect(second.maxDelaySeconds == 10)
        #expect(second.jitterStrategy == .full)
        #expect(s.catchers.map(\.next) == ["S", "S"])
        #expect(s.catchers.first?.resultPath.path?.text == "$.error")
        #expect(s.catchers.last?.resultPath.path?.text == "$")
    }

    @Test func matchesErrorNamesLikeAWS() {
        #expect(ErrorMatching.matches(["States.ALL"], "Lambda.Unknown"))
        #expect(ErrorMatching.matches(["States.TaskFailed"], "Exception"))
        #expect(!ErrorMatching.matches(["States.TaskFailed"], "States.Timeout"))
        #expect(ErrorMatching.matches(["States.Timeout"], "States.Timeout"))
        #expect(!ErrorMatching.matches(["States.ALL"], "States.Runtime"))
        #expect(!ErrorMatching.matches(["States.Runtime"], "States.Runtime"))
        #expect(!ErrorMatching.matches(["States.ALL"], "States.DataLimitExceeded"))
        #expect(!ErrorMatching.matches(["A"], "B"))
    }

    @Test func readsTaskFields() throws {
        let s = try onlyState(
            #"{"Type":"Task","Resource":"arn:r","TimeoutSecondsPath":"$.t","HeartbeatSeconds":5,"Credentials":{"RoleArn":"x"},"Parameters":{"a.$":"$.b"},"ResultSelector":{"c":1},"End":true}"#
        )
        guard case .task(let task) = s.kind else { Issue.record("not a task"); return }
        #expect(task.resource == "arn:r")
        #expect(task.timeoutSeconds == .path(try Path("$.t")))
        #expect(task.heartbeatSeconds == .literal(5))
        if case .jsonPath? = task.credentials {} else { Issue.record("credentials not a template") }
        #expect(s.parameters != nil)
        #expect(s.resultSelector != nil)
    }

    @Test func readsEveryWaitForm() throws {
        func duration(_ field: String, top: String = "") throws -> WaitDuration? {
            guard case .wait(let w) = try onlyState(#"{"Type":"Wait",\#(field),"End":true}"#, top: top).kind else {
                return nil
            }
            return w.duration
        }
        #expect(try duration(#""Seconds":10"#) == .seconds(.literal(10)))
        #expect(try duration(#""SecondsPath":"$.s""#) == .seconds(.path(try Path("$.s"))))
        #expect(
            try duration(#""Timestamp":"2016-03-14T01:59:00Z""#)
                == .timestamp(.literal(Timestamp(millisecondsSinceEpoch: 1_457_920_740_000))))
        #expect(try duration(#""TimestampPath":"$.t""#) == .timestamp(.path(try Path("$.t"))))
        #expect(
            try duration(#""Seconds":"{% $x %}""#, top: #""QueryLanguage":"JSONata","#)
                == .seconds(.jsonata("{% $x %}")))
    }

    /// AWS's own message for `validation/…test_wait_timestamp_invalid[NO_Z]`.
    @Test func rejectsAnInvalidTimestampLiteralWithAWSMessage() throws {
        let text = #"{"StartAt":"WaitUntil","States":{"WaitUntil":{"Type":"Wait","Timestamp":"2016-12-05T21:29:29","End":true}}}"#
        #expect(throws: DefinitionError("SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/WaitUntil/Timestamp")) {
            try StateMachine(text: text)
        }
    }

    @Test func readsFailFields() throws {
        let literal = try onlyState(#"{"Type":"Fail","Error":"E","Cause":"C"}"#)
        guard case .fail(let f) = literal.kind else { Issue.record("not a fail"); return }
        #expect(f.error == .literal("E"))
        #expect(f.cause == .literal("C"))
        #expect(literal.transition == nil)

        let dynamic = try onlyState(#"{"Type":"Fail","ErrorPath":"$.e","CausePath":"$.c"}"#)
        guard case .fail(let d) = dynamic.kind else { Issue.record("not a fail"); return }
        #expect(d.error == .dynamic(.path(try Path("$.e"))))
        #expect(d.cause == .dynamic(.path(try Path("$.c"))))
    }

    @Test func readsParallelBranches() throws {
        let s = try onlyState(
            #"{"Type":"Parallel","Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},{"StartAt":"Y","States":{"Y":{"Type":"Succeed"}}}],"End":true}"#
        )
        guard case .parallel(let p) = s.kind else { Issue.record("not parallel"); return }
        #expect(p.branches.map(\.startAt) == ["X", "Y"])
        #expect(p.branches.last?.state(named: "Y")?.typeName == "Succeed")
    }

    @Test func readsMapFieldsAndLegacyIterator() throws {
        let legacy = try onlyState(
            #"{"Type":"Map","ItemsPath":"$.items","Parameters":{"v.$":"$$.Map.Item.Value"},"MaxConcurrency":2,"Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}"#
        )
        guard case .map(let m) = legacy.kind else { Issue.record("not a map"); return }
        #expect(m.usesIterator)
        #expect(m.processor.mode == .inline)
        #expect(m.itemsPath == .path(try Path("$.items")))
        if case .jsonPath? = m.itemSelector {} else { Issue.record("Parameters not kept as item selector") }
        #expect(legacy.parameters == nil)
        #expect(m.maxConcurrency == .literal(2))

        let distributed = try onlyState(
            #"""
            {"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
             "StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},
             "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV"},"Parameters":{"Bucket":"b"}},
             "ItemBatcher":{"MaxItemsPerBatch":10},"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}},
             "ToleratedFailurePercentagePath":"$.p","ToleratedFailureCount":3,"Label":"L","End":true}
            """#)
        guard case .map(let d) = distributed.kind else { Issue.record("not a map"); return }
        #expect(!d.usesIterator)
        #expect(d.processor.mode == .distributed)
        #expect(d.processor.executionType == "EXPRESS")
        #expect(d.itemReader?.resource == "arn:aws:states:::s3:getObject")
        #expect(d.itemReader?.readerConfig == ["InputType": "CSV"])
        #expect(d.itemBatcher?.maxItemsPerBatch == .literal(10))
        #expect(d.resultWriter?.resource == "arn:aws:states:::s3:putObject")
        #expect(d.toleratedFailurePercentage == .path(try Path("$.p")))
        #expect(d.toleratedFailureCount == .literal(3))
        #expect(d.label == "L")
    }

    @Test func keepsJSONataFieldsUnevaluated() throws {
        let m = try machine(
            #"""
            {"QueryLanguage":"JSONata","StartAt":"M","States":{
              "M":{"Type":"Map","Items":"{% $states.input.xs %}","ItemSelector":{"v":"{% $states.context.Map.Item.Value %}"},
                   "MaxConcurrency":"{% 1 %}","Assign":{"a":"{% 1 %}"},"Output":"{% $states.result %}",
                   "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Next":"C"},
              "C":{"Type":"Choice","Choices":[{"Condition":"{% true %}","Next":"T","Assign":{"x":1},"Output":{"o":1}}],"Default":"T"},
              "T":{"Type":"Task","Resource":"arn:r","Arguments":{"a":"{% 1 %}"},"TimeoutSeconds":"{% 3 %}","End":true}}}
            """#)
        #expect(m.queryLanguage == .jsonata)
        let map = try #require(m.state(named: "M"))
        #expect(map.queryLanguage == .jsonata)
        #expect(map.assign == .jsonata(["a": "{% 1 %}"]))
        #expect(map.output == "{% $states.result %}")
        guard case .map(let ms) = map.kind else { Issue.record("not a map"); return }
        #expect(ms.items == "{% $states.input.xs %}")
        #expect(ms.itemSelector == .jsonata(["v": "{% $states.context.Map.Item.Value %}"]))
        #expect(ms.maxConcurrency == .jsonata("{% 1 %}"))
        #expect(ms.processor.graph.state(named: "I")?.queryLanguage == .jsonata)

        guard case .choice(let c) = try #require(m.state(named: "C")).kind else { Issue.record("not a choice"); return }
        #expect(c.choices.first?.condition == .jsonata("{% true %}"))
        #expect(c.choices.first?.assign == .jsonata(["x": 1]))
        #expect(c.choices.first?.output == ["o": 1])

        let task = try #require(m.state(named: "T"))
        #expect(task.arguments == ["a": "{% 1 %}"])
        guard case .task(let t) = task.kind else { Issue.record("not a task"); return }
        #expect(t.timeoutSeconds == .jsonata("{% 3 %}"))
    }

    @Test func appliesPerStateQueryLanguageAndInheritsTheTopLevelOneInside() throws {
        let m = try machine(
            #"""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","QueryLanguage":"JSONata","Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}],"Next":"Q"},
              "Q":{"Type":"Pass","End":true}}}
            """#)
        let p = try #require(m.state(named: "P"))
        #expect(p.queryLanguage == .jsonata)
        #expect(m.state(named: "Q")?.queryLanguage == .jsonPath)
        guard case .parallel(let parallel) = p.kind else { Issue.record("not parallel"); return }
        #expect(parallel.branches.first?.state(named: "X")?.queryLanguage == .jsonPath)
    }

    @Test func parsesChoiceRuleTrees() throws {
        let s = try onlyState(
            #"""
            {"Type":"Choice","Default":"S","Choices":[
              {"Not":{"Variable":"$.type","StringEquals":"Private"},"Next":"S"},
              {"And":[{"Variable":"$.v","NumericGreaterThanEquals":20},{"Or":[{"Variable":"$.v","NumericLessThanPath":"$.max"},{"Variable":"$.w","IsNull":true}]}],"Next":"S","Assign":{"k":1}},
              {"Variable":"$.t","TimestampLessThan":"2016-03-14T01:59:00Z","Next":"S"},
              {"Variable":"$.s","StringMatches":"log-*.txt","Next":"S"}]}
            """#)
        guard case .choice(let c) = s.kind else { Issue.record("not a choice"); return }
        #expect(c.defaultState == "S")
        #expect(c.choices.count == 4)
        let v = try Path("$.v")
        #expect(
            c.choices[1].condition
                == .and([
                    .comparison(ChoiceComparison(variable: v, test: .numericGreaterThanEquals(.literal(JSONNumber(20))))),
                    .or([
                        .comparison(ChoiceComparison(variable: v, test: .numericLessThan(.path(try Path("$.max"))))),
                        .comparison(ChoiceComparison(variable: try Path("$.w"), test: .isNull(true))),
                    ]),
                ]))
        if case .jsonPath? = c.choices[1].assign {} else { Issue.record("rule Assign not compiled") }
        let env = ExpressionEnvironment(input: ["type": "Private", "v": 22, "max": 30, "t": "2016-03-14T01:58:59.999Z", "s": "x"])
        #expect(try c.firstMatchingRule(in: env)?.condition == c.choices[1].condition)
        #expect(try c.choices[2].evaluate(in: env))
        #expect(try !c.choices[3].evaluate(in: env))
    }

    @Test func reportsAMissingChoiceVariableAsAWSDoes() throws {
        let s = try onlyState(#"{"Type":"Choice","Choices":[{"Variable":"$.missing","NumericEquals":1,"Next":"S"},{"Variable":"$.missing","IsPresent":false,"Next":"S"}]}"#)
        guard case .choice(let c) = s.kind else { Issue.record("not a choice"); return }
        let env = ExpressionEnvironment(input: ["present": 1])
        #expect(throws: StatesError.runtime("Invalid path '$.missing': The choice state's condition path references an invalid value.")) {
            try c.choices[0].evaluate(in: env)
        }
        #expect(try c.choices[1].evaluate(in: env))
        let operandMissing = try onlyState(#"{"Type":"Choice","Choices":[{"Variable":"$.present","NumericEqualsPath":"$.right","Next":"S"}]}"#)
        guard case .choice(let o) = operandMissing.kind else { Issue.record("not a choice"); return }
        #expect(throws: StatesError.runtime("Invalid path '$.right': The choice state's condition path references an invalid value.")) {
            try o.firstMatchingRule(in: env)
        }
    }

    @Test func comparesStringsByUTF16CodeUnitsLikeJava() throws {
        let s = try onlyState(#"{"Type":"Choice","Choices":[{"Variable":"$.a","StringEqualsPath":"$.b","Next":"S"},{"Variable":"$.a","StringLessThanPath":"$.b","Next":"S"}]}"#)
        guard case .choice(let c) = s.kind else { Issue.record("not a choice"); return }
        // Precomposed and decomposed é are different strings to AWS, though Swift's == says equal.
        let env = ExpressionEnvironment(input: ["a": "caf\u{E9}", "b": "cafe\u{301}"])
        #expect(try !c.choices[0].evaluate(in: env))
        #expect(try !c.choices[1].evaluate(in: env))  // U+00E9 > U+0065
        // "\t\n" vs "\t\r\n": Swift sees "\r\n" as one Character, Java compares code units.
        let crlf = ExpressionEnvironment(input: ["a": "\t\n", "b": "\t\r\n"])
        #expect(try !c.choices[0].evaluate(in: crlf))
        #expect(try c.choices[1].evaluate(in: crlf))  // second unit: LF (10) < CR (13)
    }

    @Test func throwsRatherThanTrapsOnMalformedDocuments() {
        let bad = [
            "[]", "{}", #"{"StartAt":"A"}"#, #"{"StartAt":"A","States":[]}"#,
            #"{"StartAt":"B","States":{"A":{"Type":"Pass","End":true}}}"#,
            #"{"StartAt":"A","States":{"A":{"Type":"Bogus","End":true}}}"#,
            #"{"StartAt":"A","States":{"A":{"Type":"Pass"}}}"#,
            #"{"StartAt":"A","States":{"A":"Pass"}}"#,
            #"{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","Next":"A"}]}}}"#,
            #"{"StartAt":"A","States":{"A":{"Type":"Task","End":true}}}"#,
            #"{"StartAt":"A","States":{"A":{"Type":"Wait","End":true}}}"#,
            #"{"StartAt":"A","States":{"A":{"Type":"Map","End":true}}}"#,
            #"{"StartAt":"A","QueryLanguage":"XPath","States":{"A":{"Type":"Pass","End":true}}}"#,
            "not json",
        ]
        for text in bad {
            #expect(throws: DefinitionError.self, "\(text)") { try StateMachine(text: text) }
        }
    }

    @Test func limitsNesting() {
        var choice = #"{"Variable":"$.x","IsNull":true}"#
        for _ in 0..<200 { choice = #"{"Not":\#(choice)}"# }
        let deepChoice = #"{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[\#(String(choice.dropLast())),"Next":"A"}]}}}"#
        #expect(throws: DefinitionError.self) { try StateMachine(text: deepChoice) }

        var graph = #"{"StartAt":"L","States":{"L":{"Type":"Pass","End":true}}}"#
        for _ in 0..<140 {
            graph = #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[\#(graph)],"End":true}}}"#
        }
        #expect(throws: DefinitionError.self) { try StateMachine(text: graph) }
    }
}
