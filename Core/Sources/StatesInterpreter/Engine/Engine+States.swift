import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// Entering a state, and the states that complete without waiting: Pass, Choice, Succeed, Fail
/// (and Wait, which starts a timer).
extension Engine {
    mutating func enter(frame id: Int, stateName: String, input: JSONValue, text: String?) {
        // Fields read one by one rather than copying the frame.
        guard
            let (graph, recordsEvents, steps, enteredPrevious) = state.frames.read(id, {
                ($0.graph, $0.recordsEvents, $0.steps, $0.cursor.source)
            })
        else { return }
        state.frames.update(id) { $0.steps += 1 }
        if !recordsEvents, steps >= Engine.historyLimit {
            frameFailed(
                id,
                Failure(
                    error: "States.Runtime",
                    cause: "The execution reached the maximum number of history events (25000)."))
            return
        }
        guard let plan = interpreter.plan(graph: graph, name: stateName, after: lastEntered) else {
            frameFailed(id, Failure(error: "States.Runtime", cause: "The state '\(stateName)' does not exist."))
            return
        }
        lastEntered = plan
        // The input is serialised when the event is read, unless its exact text is known (a Pass,
        // Choice or Succeed state that passes its input through reuses that text for its output).
        let enteredId = emit(
            id, plan.enteredEventType, stored: .stateEntered(name: stateName, input: EventPayload(input, text: text)))
        var run = StateRun(
            name: stateName, enteredEventId: enteredId, enteredTime: now, input: input,
            inputText: text,
            retryCounts: plan.retrierCount == 0 ? [] : Array(repeating: 0, count: plan.retrierCount))
        run.enteredPrevious = enteredPrevious
        if plan.isJSONata {
            guard interpreter.jsonata != nil else {
                frameFailed(id, runtimeFailure(run, "States.Runtime", "JSONata is not enabled in this interpreter."))
                return
            }
            enterJSONata(frame: id, run: run, state: plan.state)
            return
        }
        do throws(Failure) {
            switch plan.kind {
            case .pass: try runPass(id, run, plan)
            case .succeed: try runSucceed(id, run, plan)
            case .task, .parallel, .map: attempt(frame: id, run: run)
            case .other:
                switch plan.state.kind {
                case .choice(let choice): try runChoice(id, run, plan, choice)
                case .wait(let wait): try runWait(id, run, plan.state, wait)
                case .fail(let fail): try runFail(id, run, plan.state, fail)
                case .pass, .succeed, .task, .parallel, .map: return
                }
            }
        } catch {
            stateFailed(id, run, plan.state, error)
        }
    }

    // MARK: Completing a state

    /// Emits the state's exited event, assigns its variables and moves the frame on: to `next`,
    /// else to the state's `Next`, else the frame's graph ends with `output`.
    mutating func finish(
        _ id: Int, _ run: StateRun, _ st: State, output: JSONValue, assigned: [Assignment], next: String? = nil,
        outputText: String? = nil
    ) {
        if !moveOn(
            id, run, exited: st.exitedEventType, next: next ?? st.transition?.nextState, output: output,
            assigned: assigned, outputText: outputText)
        {
            stateFailed(id, run, st, Engine.dataLimitFailure(run))
        }
    }

    /// `finish` for a state known by its plan (no copy of the `State`).
    mutating func finish(
        _ id: Int, _ run: StateRun, plan: StatePlan, output: JSONValue, assigned: [Assignment], next: String? = nil,
        outputText: String? = nil
    ) {
        if !moveOn(
            id, run, exited: plan.exitedEventType, next: next ?? plan.next, output: output, assigned: assigned,
            outputText: outputText)
        {
            stateFailed(id, run, plan.state, Engine.dataLimitFailure(run))
        }
    }

    /// The work of `finish`; false (and nothing done) when the output is over the payload limit.
    private mutating func moveOn(
        _ id: Int, _ run: StateRun, exited: HistoryEventType, next: String?, output: JSONValue,
        assigned: [Assignment], outputText: String?
    ) -> Bool {
        // The size limit from the known text, else from an upper bound of the serialisation (the
        // text itself is written only when the bound is over the limit, or when an event is read).
        if let outputText {
            if outputText.utf8.count > Engine.payloadLimit { return false }
        } else if !output.serializedSize(atMost: Engine.payloadLimit) {
            return false
        }
        if assigned.isEmpty {
            emit(id, exited, stored: .stateExited(name: run.name, output: EventPayload(output, text: outputText)))
        } else {
            emit(id, exited, Engine.exitedDetails(name: run.name, output: output, assigned: assigned, text: outputText))
            commit(assigned, to: id)
        }
        if let target = next {
            setActivity(id, .entering(state: target, input: output, text: outputText))
            runnable.append(id)
        } else {
            frameCompleted(id, output: output, text: outputText ?? output.serialized)
        }
        return true
    }

    static func dataLimitFailure(_ run: StateRun) -> Failure {
        Failure(
            error: "States.DataLimitExceeded",
            cause:
                "The state/task '\(run.name)' returned a result with a size exceeding the maximum number of bytes service limit."
        )
    }

    // MARK: Pass

    /// Fields are read from `plan.state` one by one: a copy of the whole `State` costs more.
    /// (`$$.State.RetryCount` is only for Task/Parallel/Map, so no state goes to `environment`.)
    mutating func runPass(_ id: Int, _ run: StateRun, _ plan: StatePlan) throws(Failure) {
        var env = environment(id, run, plan: plan)
        env.input = try select(plan.state.inputPath, env, run)
        let result: JSONValue
        if let parameters = plan.state.parameters {
            result = try evaluate(parameters, env, run)
        } else {
            result = plan.passResult ?? env.input
        }
        try checkSize(result, run)
        env.input = result
        let assigned = try evaluateAssign(plan.state.assign, env, run)
        env.input = try applyResultPath(plan.state.resultPath, result: result, input: run.input, run)
        let output = try select(plan.state.outputPath, env, run)
        finish(
            id, run, plan: plan, output: output, assigned: assigned,
            outputText: plan.passLeavesInput ? run.inputText : nil)
    }

    /// The verbatim text of a state's output when InputPath and OutputPath leave the input as is.
    func passThroughText(_ st: State, _ run: StateRun) -> String? {
        st.inputPath == .identity && st.outputPath == .identity ? run.inputText : nil
    }

    // MARK: Choice

    mutating func runChoice(_ id: Int, _ run: StateRun, _ plan: StatePlan, _ choice: ChoiceState) throws(Failure) {
        var env = environment(id, run, plan: plan)
        env.input = try select(plan.state.inputPath, env, run)
        var next: String?
        var ruleAssign: VariableAssignment?
        for rule in choice.choices {
            let matched: Bool
            do {
                matched = try ChoiceAdapter.matches(rule.condition, in: env)
            } catch {
                throw runtimeFailure(run, error)
            }
            if matched {
                next = rule.next
                ruleAssign = rule.assign
                break
            }
        }
        if next == nil { next = choice.defaultState }
        guard let target = next else {
            throw runtimeFailure(
                run, "States.NoChoiceMatched", "No Choice Rules matched and no Default Choice was specified.")
        }
        // The state-level Assign applies whichever way the state goes; a matched rule's own Assign
        // adds to it and wins for the names both set.
        let assigned = Engine.merge(
            try evaluateAssign(plan.state.assign, env, run), try evaluateAssign(ruleAssign, env, run))
        let output = try select(plan.state.outputPath, env, run)
        finish(
            id, run, plan: plan, output: output, assigned: assigned, next: target,
            outputText: plan.passesInputThrough ? run.inputText : nil)
    }

    /// `base` with `overrides` applied: same names replaced in place, new names appended.
    static func merge(_ base: [Assignment], _ overrides: [Assignment]) -> [Assignment] {
        guard !base.isEmpty else { return overrides }
        var out = base
        for o in overrides {
            if let i = out.firstIndex(where: { $0.name == o.name }) { out[i] = o } else { out.append(o) }
        }
        return out
    }

    // MARK: Wait

    mutating func runWait(_ id: Int, _ run: StateRun, _ st: State, _ wait: WaitState) throws(Failure) {
        var env = environment(id, run, state: st, input: run.input)
        env.input = try select(st.inputPath, env, run)
        let due: Int64
        switch wait.duration {
        case .seconds(.literal(let seconds)): due = self.due(afterSeconds: Int64(seconds))
        case .seconds(.path(let path)):
            guard let value = path.select(in: env) else {
                throw runtimeFailure(
                    run, "States.Runtime", "The SecondsPath parameter does not reference an input value: \(path.text)")
            }
            guard case .number(let n) = value, n.isIntegerLiteral, let seconds = n.int64Value else {
                throw runtimeFailure(
                    run, "States.Runtime",
                    "The SecondsPath parameter cannot be parsed as a long value: \(path.text) == \(Engine.plain(value))")
            }
            if seconds < 0 {
                throw runtimeFailure(
                    run, "States.Runtime",
                    "The SecondsPath parameter references a negative value: \(path.text) == \(Engine.plain(value))")
            }
            due = self.due(afterSeconds: seconds)
        case .timestamp(.literal(let timestamp)): due = timestamp.millisecondsSinceEpoch
        case .timestamp(.path(let path)):
            guard let value = path.select(in: env) else {
                throw runtimeFailure(
                    run, "States.Runtime", "The TimestampPath parameter does not reference an input value: \(path.text)")
            }
            guard case .string(let text) = value, let timestamp = Timestamp(iso8601: text) else {
                throw runtimeFailure(
                    run, "States.Runtime",
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path.text) == \(Engine.plain(value))"
                )
            }
            due = timestamp.millisecondsSinceEpoch
        case .seconds(.jsonata), .timestamp(.jsonata):
            throw runtimeFailure(run, "States.Runtime", "JSONata expressions are not supported yet.")
        }
        // AWS keeps delays in 32-bit seconds.
        if Engine.saturatingSubtract(due, now) > 2_147_483_647_000 {
            throw runtimeFailure(run, "States.Runtime", "Wait state delay is too long.")
        }
        let assigned = try evaluateAssign(st.assign, env, run)
        let output = try select(st.outputPath, env, run)
        let timer = newTimer(.wait(frame: id))
        result.effects.append(.startTimer(timerId: timer, due: due))
        setActivity(id, .waiting(run, timerId: timer, output: output, assigned: assigned))
    }

    mutating func waitEnded(frame id: Int) {
        guard let frame = state.frames[id], case .waiting(let run, _, let output, let assigned) = frame.activity,
            let st = interpreter.graphs[frame.graph].state(named: run.name)
        else { return }
        finish(id, run, st, output: output, assigned: assigned, outputText: passThroughText(st, run))
    }

    /// A value as it appears after `==` in AWS's messages: strings bare, the rest as JSON.
    static func plain(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.serialized
    }

    // MARK: Succeed and Fail

    mutating func runSucceed(_ id: Int, _ run: StateRun, _ plan: StatePlan) throws(Failure) {
        var env = environment(id, run, plan: plan)
        env.input = try select(plan.state.inputPath, env, run)
        let output = try select(plan.state.outputPath, env, run)
        let text = plan.passesInputThrough ? run.inputText : nil
        emit(id, plan.exitedEventType, stored: .stateExited(name: run.name, output: EventPayload(output, text: text)))
        frameCompleted(id, output: output, text: text ?? output.serialized)
    }

    mutating func runFail(_ id: Int, _ run: StateRun, _ st: State, _ fail: FailState) throws(Failure) {
        let env = environment(id, run, state: st, input: run.input)
        let error = try failField(fail.error, field: "ErrorPath", env, run)
        let cause = try failField(fail.cause, field: "CausePath", env, run)
        frameFailed(id, Failure(error: error, cause: cause))
    }

    private mutating func failField(_ source: StringSource?, field: String, _ env: ExpressionEnvironment, _ run: StateRun)
        throws(Failure) -> String?
    {
        guard let source else { return nil }
        switch source {
        case .literal(let text): return text
        case .dynamic(let dynamic):
            let value: JSONValue
            do throws(StatesError) {
                value = try dynamic.evaluate(in: env, fieldName: field, random: &state.random)
            } catch {
                throw runtimeFailure(run, error)
            }
            return Engine.plain(value)
        case .jsonata:
            throw runtimeFailure(run, "States.Runtime", "JSONata expressions are not supported yet.")
        }
    }
}

extension State {
    var enteredEventType: HistoryEventType {
        switch kind {
        case .pass: .passStateEntered
        case .task: .taskStateEntered
        case .choice: .choiceStateEntered
        case .wait: .waitStateEntered
        case .succeed: .succeedStateEntered
        case .fail: .failStateEntered
        case .parallel: .parallelStateEntered
        case .map: .mapStateEntered
        }
    }

    /// The exited event type (Fail states have none; they never exit).
    var exitedEventType: HistoryEventType {
        switch kind {
        case .pass: .passStateExited
        case .task: .taskStateExited
        case .choice: .choiceStateExited
        case .wait: .waitStateExited
        case .succeed, .fail: .succeedStateExited
        case .parallel: .parallelStateExited
        case .map: .mapStateExited
        }
    }
}
