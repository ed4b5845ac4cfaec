import SluiceJSON
import SluiceJSONata
import StatesJSONPath
import StatesJSONata
import StatesLanguage

/// JSONata-mode data flow: `Arguments` → (work) → `Output` and `Assign`, with `$states`
/// (`input`, `result`, `errorOutput`, `context`) and the variables in scope. Every `Assign` of a
/// state and its `Output` see the variables from before the state.
extension Engine {
    // MARK: Scope and evaluation

    /// The JSONata scope of a state from its JSONPath-style environment (input, context, variables).
    func jsonataScope(_ env: ExpressionEnvironment, result: JSONValue? = nil, errorOutput: JSONValue? = nil)
        -> JSONataScope
    {
        // A seed derived from the execution's generator without drawing from it, so that JSONata
        // states do not shift the random values of later states.
        let seed = state.random.state &+ UInt64(truncatingIfNeeded: state.eventCount) &* 0x9E37_79B9_7F4A_7C15
        return JSONataScope(
            input: env.input, result: result, errorOutput: errorOutput, context: env.context, variables: env.variables,
            options: JSONataScope.options(now: now, seed: seed))
    }

    func evaluateJSONata(_ template: JSONataTemplate, field: String, _ scope: JSONataScope, _ run: StateRun)
        throws(Failure) -> JSONValue
    {
        do throws(StatesError) {
            return try template.evaluate(field: field, in: scope)
        } catch {
            throw runtimeFailure(run, error)
        }
    }

    /// `Output`, or `fallback` when the state has none.
    func jsonataOutput(_ output: JSONataTemplate?, fallback: JSONValue, _ scope: JSONataScope, _ run: StateRun)
        throws(Failure) -> JSONValue
    {
        guard let output else { return fallback }
        return try evaluateJSONata(output, field: "Output", scope, run)
    }

    /// `Assign`: each member evaluated against the variables from before the state.
    func jsonataAssign(_ assign: VariableAssignment?, _ scope: JSONataScope, _ run: StateRun) throws(Failure)
        -> [Assignment]
    {
        guard let assign else { return [] }
        switch assign {
        case .jsonata(let template):
            guard case .object(let object) = try evaluateJSONata(template, field: "Assign", scope, run) else { return [] }
            return object.map { Assignment(name: $0.key, value: $0.value) }
        case .jsonPath(let template):
            var random = state.random
            do throws(StatesError) {
                let env = ExpressionEnvironment(input: scope.input, context: scope.context, variables: scope.variables)
                guard case .object(let object) = try template.evaluate(in: env, random: &random) else { return [] }
                return object.map { Assignment(name: $0.key, value: $0.value) }
            } catch {
                throw runtimeFailure(run, error)
            }
        }
    }

    /// A JSONata expression that must produce an integer (`Seconds`, `MaxConcurrency`, …).
    func jsonataInteger(_ template: JSONataTemplate, field: String, _ env: ExpressionEnvironment, _ run: StateRun)
        throws(Failure) -> Int
    {
        let value = try evaluateJSONata(template, field: field, jsonataScope(env), run)
        guard case .number(let n) = value, n.isIntegerLiteral || n.doubleValue == n.doubleValue.rounded(),
            let int = n.intValue ?? Int(exactly: n.doubleValue.rounded())
        else {
            throw runtimeFailure(
                run,
                JSONataFailure.unexpectedType(
                    template.expressionText ?? template.source.serialized, field: field, expected: "integer", value: value))
        }
        return int
    }

    /// A JSONata expression that must produce a number (`ToleratedFailurePercentage`).
    func jsonataNumber(_ template: JSONataTemplate, field: String, _ env: ExpressionEnvironment, _ run: StateRun)
        throws(Failure) -> Double
    {
        let value = try evaluateJSONata(template, field: field, jsonataScope(env), run)
        guard case .number(let n) = value else {
            throw runtimeFailure(
                run,
                JSONataFailure.unexpectedType(
                    template.expressionText ?? template.source.serialized, field: field, expected: "number", value: value))
        }
        return n.doubleValue
    }

    // MARK: States that complete on entry

    /// Pass, Choice, Wait, Succeed and Fail in JSONata mode; Task, Parallel and Map start their work.
    mutating func enterJSONata(_ id: Int, _ run: StateRun, _ st: State) {
        do throws(Failure) {
            switch st.kind {
            case .pass:
                let scope = jsonataScope(environment(id, run, state: st, input: run.input))
                let assigned = try jsonataAssign(st.assign, scope, run)
                let output = try jsonataOutput(st.output, fallback: run.input, scope, run)
                finish(id, run, st, output: output, assigned: assigned)
            case .choice(let choice): try runChoiceJSONata(id, run, st, choice)
            case .wait(let wait): try runWaitJSONata(id, run, st, wait)
            case .succeed:
                let scope = jsonataScope(environment(id, run, state: st, input: run.input))
                let output = try jsonataOutput(st.output, fallback: run.input, scope, run)
                emit(id, st.exitedEventType, Engine.exitedDetails(name: run.name, output: output, assigned: []))
                frameCompleted(id, output: output)
            case .fail(let fail):
                let env = environment(id, run, state: st, input: run.input)
                let error = try jsonataFailField(fail.error, field: "Error", env, run)
                let cause = try jsonataFailField(fail.cause, field: "Cause", env, run)
                frameFailed(id, Failure(error: error, cause: cause))
            case .task, .parallel, .map: attempt(frame: id, run: run)
            }
        } catch {
            stateFailed(id, run, st, error)
        }
    }

    private mutating func runChoiceJSONata(_ id: Int, _ run: StateRun, _ st: State, _ choice: ChoiceState) throws(Failure) {
        let scope = jsonataScope(environment(id, run, state: st, input: run.input))
        var matched: ChoiceRule?
        for rule in choice.choices {
            guard case .jsonata(let condition) = rule.condition else { continue }
            let value = try evaluateJSONata(condition, field: "Condition", scope, run)
            guard case .bool(let holds) = value else {
                throw runtimeFailure(
                    run,
                    JSONataFailure.unexpectedType(
                        condition.expressionText ?? condition.source.serialized, field: "Condition", expected: "boolean",
                        value: value))
            }
            if holds {
                matched = rule
                break
            }
        }
        let target: String
        let assign: VariableAssignment?
        let output: JSONataTemplate?
        if let matched {
            target = matched.next
            assign = matched.assign
            output = matched.output ?? st.output
        } else if let fallback = choice.defaultState {
            target = fallback
            assign = st.assign
            output = st.output
        } else {
            throw runtimeFailure(
                run, "States.NoChoiceMatched", "No Choice Rules matched and no Default Choice was specified.")
        }
        let assigned = try jsonataAssign(assign, scope, run)
        let value = try jsonataOutput(output, fallback: run.input, scope, run)
        finish(id, run, st, output: value, assigned: assigned, next: target)
    }

    private mutating func runWaitJSONata(_ id: Int, _ run: StateRun, _ st: State, _ wait: WaitState) throws(Failure) {
        let env = environment(id, run, state: st, input: run.input)
        let due: Int64
        switch wait.duration {
        case .seconds(.literal(let seconds)): due = now + Int64(seconds) * 1000
        case .seconds(.jsonata(let template)):
            let seconds = try jsonataInteger(template, field: "Seconds", env, run)
            if seconds < 0 {
                throw runtimeFailure(
                    run, JSONataFailure.errorName, "The Seconds field references a negative value: \(seconds)")
            }
            due = now + Int64(seconds) * 1000
        case .timestamp(.literal(let timestamp)): due = timestamp.millisecondsSinceEpoch
        case .timestamp(.jsonata(let template)):
            let value = try evaluateJSONata(template, field: "Timestamp", jsonataScope(env), run)
            guard case .string(let text) = value, let timestamp = Timestamp(iso8601: text) else {
                throw runtimeFailure(
                    run, JSONataFailure.errorName,
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(Engine.plain(value))"
                )
            }
            due = timestamp.millisecondsSinceEpoch
        case .seconds(.path), .timestamp(.path):
            throw runtimeFailure(run, "States.Runtime", "SecondsPath and TimestampPath are not allowed in JSONata mode.")
        }
        if due - now > 2_147_483_647_000 {
            throw runtimeFailure(run, "States.Runtime", "Wait state delay is too long.")
        }
        let scope = jsonataScope(env)
        let assigned = try jsonataAssign(st.assign, scope, run)
        let output = try jsonataOutput(st.output, fallback: run.input, scope, run)
        let timer = newTimer(.wait(frame: id))
        result.effects.append(.startTimer(timerId: timer, due: due))
        setActivity(id, .waiting(run, timerId: timer, output: output, assigned: assigned))
    }

    private func jsonataFailField(_ source: StringSource?, field: String, _ env: ExpressionEnvironment, _ run: StateRun)
        throws(Failure) -> String?
    {
        guard let source else { return nil }
        switch source {
        case .literal(let text): return text
        case .jsonata(let template):
            return Engine.plain(try evaluateJSONata(template, field: field, jsonataScope(env), run))
        case .dynamic:
            throw runtimeFailure(run, "States.Runtime", "ErrorPath and CausePath are not allowed in JSONata mode.")
        }
    }

    // MARK: Task, Parallel and Map

    /// `Arguments` of a Task or Parallel state; the state's input when absent.
    func jsonataArguments(_ st: State, _ env: ExpressionEnvironment, _ run: StateRun) throws(Failure) -> JSONValue {
        guard let arguments = st.arguments else { return env.input }
        return try evaluateJSONata(arguments, field: "Arguments", jsonataScope(env), run)
    }

    /// A Task, Parallel or Map state's result: `Assign` and `Output` with `$states.result`.
    mutating func completeJSONata(_ id: Int, _ run: StateRun, _ st: State, result: JSONValue) {
        do throws(Failure) {
            let scope = jsonataScope(environment(id, run, state: st, input: run.input), result: result)
            let assigned = try jsonataAssign(st.assign, scope, run)
            let output = try jsonataOutput(st.output, fallback: result, scope, run)
            finish(id, run, st, output: output, assigned: assigned)
        } catch {
            stateFailed(id, run, st, error)
        }
    }

    /// A catcher took the error: its `Assign` and `Output` with `$states.errorOutput`.
    mutating func catchJSONata(_ id: Int, _ run: StateRun, _ st: State, _ catcher: Catcher, errorOutput: JSONValue) {
        do throws(Failure) {
            let scope = jsonataScope(environment(id, run, state: st, input: run.input), errorOutput: errorOutput)
            let assigned = try jsonataAssign(catcher.assign, scope, run)
            let output = try jsonataOutput(catcher.output, fallback: errorOutput, scope, run)
            finish(id, run, st, output: output, assigned: assigned, next: catcher.next)
        } catch {
            frameFailed(id, error)
        }
    }

    /// A Map state's items: `Items`, else its input; either must be an array.
    func jsonataItems(_ map: MapState, _ env: ExpressionEnvironment, _ run: StateRun) throws(Failure) -> [JSONValue] {
        guard let template = map.items else {
            guard case .array(let items) = env.input else {
                throw runtimeFailure(
                    run, JSONataFailure.errorName, "Map state input must be an array but was: \(env.input.serialized)")
            }
            return items
        }
        let value = try evaluateJSONata(template, field: "Items", jsonataScope(env), run)
        guard case .array(let items) = value else {
            throw runtimeFailure(
                run,
                JSONataFailure.unexpectedType(
                    template.expressionText ?? template.source.serialized, field: "Items", expected: "array", value: value))
        }
        return items
    }
}

// MARK: EvaluationFailed

extension Engine {
    /// Whether `failure` is a JSONata state's own evaluation error, which AWS records with an
    /// `EvaluationFailed` event.
    func isEvaluationFailure(_ st: State, _ failure: Failure) -> Bool {
        st.queryLanguage == .jsonata && failure.error == JSONataFailure.errorName
    }

    /// `EvaluationFailed`: error, cause, the field (`location`) when the cause names one, and the
    /// state. It follows the event before the state was entered (a Wait state's: the entered event).
    mutating func emitEvaluationFailed(_ id: Int, _ run: StateRun, _ st: State, _ failure: Failure) {
        var details = Engine.errorDetails(failure)
        if let location = Engine.evaluationLocation(failure.cause ?? "") {
            details.appendUnique(key: "location", value: .string(location))
        }
        details.appendUnique(key: "state", value: .string(run.name))
        if case .wait = st.kind {} else if let entered = result.events.last(where: { $0.id == run.enteredEventId }) {
            state.frames[id]?.cursor.source = entered.previousEventId
        }
        emit(id, .evaluationFailed, details)
    }

    /// The field an evaluation error names: `… specified for the field 'Output/x' …` or
    /// `The Timestamp field …`.
    static func evaluationLocation(_ cause: String) -> String? {
        let marker = Array("' specified for the field '".utf8)
        let bytes = Array(cause.utf8)
        var i = bytes.count - marker.count
        while i >= 0 {
            if bytes[i..<(i + marker.count)].elementsEqual(marker) {
                let start = i + marker.count
                guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "'")) else { return nil }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            i -= 1
        }
        for field in ["Timestamp", "Seconds"] where cause.contains("). The \(field) field ") { return field }
        return nil
    }
}
