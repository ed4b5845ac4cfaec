import SluiceJSON
import StatesJSONPath
import StatesLanguage
import StatesValidation

/// JSONata-mode states: `{% %}` expressions in Arguments, Output, Assign, Items, ItemSelector,
/// Condition, Seconds/Timestamp, Error/Cause and the numeric fields, with `$states` bound to
/// `{input, context, result, errorOutput}`. The expressions run on the injected
/// `JSONataEvaluator`.
extension Engine {
    /// Whether a JSONata message starts with an error code such as `T1006:`.
    static func hasJSONataCode(_ message: String) -> Bool {
        let chars = Array(message.prefix(6))
        guard chars.count == 6, let first = chars.first, first.isLetter, first.isUppercase, chars[5] == ":" else {
            return false
        }
        return chars[1...4].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Variables visible to the state plus `$states`.
    mutating func jsonataBindings(
        _ id: Int, _ run: StateRun, _ st: State?, input: JSONValue, result: JSONValue? = nil,
        errorOutput: JSONValue? = nil, taskToken: String? = nil
    ) -> [String: JSONValue] {
        var bindings = visibleVariables(id)
        var states = JSONObject()
        states.appendUnique(key: "input", value: input)
        states.appendUnique(key: "context", value: contextObject(id, run, state: st, taskToken: taskToken))
        if let result { states.appendUnique(key: "result", value: result) }
        if let errorOutput { states.appendUnique(key: "errorOutput", value: errorOutput) }
        bindings["states"] = .object(states)
        return bindings
    }

    /// A States.QueryEvaluationError of the state, recorded with an `EvaluationFailed` event.
    func queryFailure(_ run: StateRun, location: String, _ tail: String) -> Failure {
        Failure(error: "States.QueryEvaluationError", cause: Engine.prefixed(run, tail), evaluationLocation: location)
    }

    /// Evaluates one `{% %}` expression; `field` names it in error messages.
    mutating func evaluateExpression(
        _ expression: String, field: String, _ bindings: [String: JSONValue], _ run: StateRun
    ) throws(Failure) -> JSONValue {
        guard let evaluator = interpreter.jsonata else {
            throw runtimeFailure(run, "States.Runtime", "JSONata is not enabled in this interpreter.")
        }
        let seed = state.random.next()
        let outcome: JSONValue?
        do throws(JSONataEvaluationError) {
            outcome = try evaluator.evaluate(expression, bindings: bindings, nowMilliseconds: now, seed: seed)
        } catch {
            switch error {
            case .failed(let message):
                // AWS ends the sentence with ". CODE: message" for coded JSONata errors and with
                // ": message" otherwise.
                let separator = Engine.hasJSONataCode(message) ? ". " : ": "
                throw queryFailure(
                    run, location: field,
                    "The JSONata expression '\(expression)' specified for the field '\(field)' threw an error during evaluation\(separator)\(message)"
                )
            case .functionResult:
                throw queryFailure(
                    run, location: field,
                    "The JSONata expression '\(expression)' specified for the field '\(field)' returned an unsupported result type."
                )
            }
        }
        guard let outcome else {
            throw queryFailure(
                run, location: field,
                "The JSONata expression '\(expression)' specified for the field '\(field)' returned nothing (undefined).")
        }
        return outcome
    }

    /// Evaluates a JSONata-mode field: every `{% %}` string in it, at any depth.
    mutating func evaluateJSONata(
        _ value: JSONValue, field: String, _ bindings: [String: JSONValue], _ run: StateRun, depth: Int = 0
    ) throws(Failure) -> JSONValue {
        guard depth < 512 else { throw runtimeFailure(run, "States.Runtime", "The field '\(field)' is nested too deeply.") }
        switch value {
        case .string(let text):
            guard let expression = JSONataText.body(text) else { return value }
            return try evaluateExpression(expression, field: field, bindings, run)
        case .object(let object):
            var out = JSONObject()
            out.reserveCapacity(object.count)
            for member in object {
                let v = try evaluateJSONata(member.value, field: "\(field)/\(member.key)", bindings, run, depth: depth + 1)
                out.appendUnique(key: member.key, value: v)
            }
            return .object(out)
        case .array(let array):
            var out: [JSONValue] = []
            out.reserveCapacity(array.count)
            for (i, element) in array.enumerated() {
                out.append(try evaluateJSONata(element, field: "\(field)[\(i)]", bindings, run, depth: depth + 1))
            }
            return .array(out)
        default: return value
        }
    }

    /// `Assign` in JSONata mode.
    mutating func evaluateJSONataAssign(
        _ assign: VariableAssignment?, _ bindings: [String: JSONValue], _ run: StateRun, field: String = "Assign"
    ) throws(Failure) -> [Assignment] {
        guard let assign else { return [] }
        let object: JSONValue
        switch assign {
        case .jsonata(let value): object = value
        case .jsonPath(let template):
            var env = ExpressionEnvironment(input: bindings["states"]?["input"] ?? .null)
            env.variables = bindings
            object = try evaluate(template, env, run)
        }
        guard case .object(let members) = object else { return [] }
        var out: [Assignment] = []
        for member in members {
            let value = try evaluateJSONata(member.value, field: "\(field)/\(member.key)", bindings, run)
            out.append(Assignment(name: member.key, value: value))
        }
        return out
    }

    /// Output (default `fallback`) and Assign, both against the variables before the state.
    /// `prefix` names where the fields sit (`Choices[1]/` for a Choice rule's own).
    mutating func jsonataOutput(
        _ output: JSONValue?, _ assign: VariableAssignment?, fallback: JSONValue, _ bindings: [String: JSONValue],
        _ run: StateRun, prefix: String = ""
    ) throws(Failure) -> (JSONValue, [Assignment]) {
        let assigned = try evaluateJSONataAssign(assign, bindings, run, field: prefix + "Assign")
        let value =
            try output.map { (o) throws(Failure) in try evaluateJSONata(o, field: prefix + "Output", bindings, run) }
            ?? fallback
        return (value, assigned)
    }

    // MARK: States

    mutating func enterJSONata(frame id: Int, run: StateRun, state st: State) {
        do throws(Failure) {
            let bindings = jsonataBindings(id, run, st, input: run.input)
            switch st.kind {
            case .pass:
                let (output, assigned) = try jsonataOutput(st.output, st.assign, fallback: run.input, bindings, run)
                finish(id, run, st, output: output, assigned: assigned)
            case .succeed:
                let (output, _) = try jsonataOutput(st.output, nil, fallback: run.input, bindings, run)
                let text = output.serialized
                emit(id, st.exitedEventType, Engine.exitedDetails(name: run.name, output: output, assigned: [], text: text))
                frameCompleted(id, output: output, text: text)
            case .fail(let fail):
                let error = try jsonataString(fail.error, field: "Error", bindings, run)
                let cause = try jsonataString(fail.cause, field: "Cause", bindings, run)
                frameFailed(id, Failure(error: error, cause: cause))
            case .choice(let choice):
                var next = choice.defaultState
                var output = st.output
                var ruleAssign: VariableAssignment?
                var outputPrefix = ""
                var assignPrefix = ""
                for (index, rule) in choice.choices.enumerated() {
                    if try jsonataCondition(rule.condition, field: "Choices[\(index)]/Condition", bindings, run) {
                        next = rule.next
                        if let own = rule.output {
                            output = own
                            outputPrefix = "Choices[\(index)]/"
                        }
                        if let own = rule.assign {
                            ruleAssign = own
                            assignPrefix = "Choices[\(index)]/"
                        }
                        break
                    }
                }
                guard let target = next else {
                    throw runtimeFailure(
                        run, "States.NoChoiceMatched", "No Choice Rules matched and no Default Choice was specified.")
                }
                let assigned = Engine.merge(
                    try evaluateJSONataAssign(st.assign, bindings, run),
                    try evaluateJSONataAssign(ruleAssign, bindings, run, field: assignPrefix + "Assign"))
                let (value, _) = try jsonataOutput(output, nil, fallback: run.input, bindings, run, prefix: outputPrefix)
                finish(id, run, st, output: value, assigned: assigned, next: target)
            case .wait(let wait):
                let due = try jsonataDue(wait.duration, bindings, run)
                if Engine.saturatingSubtract(due, now) > 2_147_483_647_000 {
                    throw runtimeFailure(run, "States.Runtime", "Wait state delay is too long.")
                }
                let (output, assigned) = try jsonataOutput(st.output, st.assign, fallback: run.input, bindings, run)
                let timer = newTimer(.wait(frame: id))
                result.effects.append(.startTimer(timerId: timer, due: due))
                setActivity(id, .waiting(run, timerId: timer, output: output, assigned: assigned))
            case .task, .parallel, .map:
                attempt(frame: id, run: run)
            }
        } catch {
            stateFailed(id, run, st, error)
        }
    }

    private mutating func jsonataString(_ source: StringSource?, field: String, _ bindings: [String: JSONValue], _ run: StateRun)
        throws(Failure) -> String?
    {
        guard let source else { return nil }
        switch source {
        case .literal(let text): return text
        case .jsonata(let value):
            let v = try evaluateJSONata(value, field: field, bindings, run)
            return Engine.plain(v)
        case .dynamic(let dynamic):
            var env = ExpressionEnvironment(input: run.input)
            env.variables = bindings
            do throws(StatesError) {
                return Engine.plain(try dynamic.evaluate(in: env, fieldName: field, random: &state.random))
            } catch {
                throw runtimeFailure(run, error)
            }
        }
    }

    private mutating func jsonataCondition(
        _ condition: ChoiceCondition, field: String, _ bindings: [String: JSONValue], _ run: StateRun
    ) throws(Failure) -> Bool {
        guard case .jsonata(let value) = condition else {
            throw runtimeFailure(run, "States.Runtime", "A JSONata Choice rule needs a Condition.")
        }
        let result = try evaluateJSONata(value, field: field, bindings, run)
        guard case .bool(let b) = result else {
            let expression = value.stringValue.flatMap(JSONataText.body) ?? value.serialized
            throw queryFailure(
                run, location: field,
                "The JSONata expression '\(expression)' specified for the field '\(field)' returned an unexpected result type. Expected 'boolean', but was '\(result.typeName)' for value: \(result.serialized)"
            )
        }
        return b
    }

    private mutating func jsonataDue(_ duration: WaitDuration, _ bindings: [String: JSONValue], _ run: StateRun)
        throws(Failure) -> Int64
    {
        switch duration {
        case .seconds(.literal(let seconds)): return due(afterSeconds: Int64(seconds))
        case .timestamp(.literal(let timestamp)): return timestamp.millisecondsSinceEpoch
        case .seconds(.jsonata(let value)):
            let v = try evaluateJSONata(value, field: "Seconds", bindings, run)
            guard case .number(let n) = v, n.isIntegral, let seconds = n.int64Value, seconds >= 0 else {
                throw queryFailure(
                    run, location: "Seconds",
                    "The Seconds field must be a non-negative integer, but was: \(v.serialized)")
            }
            return due(afterSeconds: seconds)
        case .timestamp(.jsonata(let value)):
            let v = try evaluateJSONata(value, field: "Timestamp", bindings, run)
            guard case .string(let text) = v, let timestamp = Timestamp(iso8601: text) else {
                throw queryFailure(
                    run, location: "Timestamp",
                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(Engine.plain(v))"
                )
            }
            return timestamp.millisecondsSinceEpoch
        case .seconds(.path), .timestamp(.path):
            throw runtimeFailure(run, "States.Runtime", "SecondsPath and TimestampPath are JSONPath fields.")
        }
    }

    // MARK: Hooks for Task, Parallel and Map

    /// The effective input of a JSONata Task or Parallel state: `Arguments`, else the input.
    mutating func jsonataArguments(_ id: Int, _ run: StateRun, _ st: State, taskToken: String?) throws(Failure) -> JSONValue {
        guard let arguments = st.arguments else { return run.input }
        let bindings = jsonataBindings(id, run, st, input: run.input, taskToken: taskToken)
        return try evaluateJSONata(arguments, field: "Arguments", bindings, run)
    }

    /// Output/Assign of a JSONata Task, Parallel or Map state from its result.
    mutating func completeJSONata(_ id: Int, _ run: StateRun, _ st: State, result: JSONValue, resultText: String?) {
        do throws(Failure) {
            let bindings = jsonataBindings(id, run, st, input: run.input, result: result)
            let (output, assigned) = try jsonataOutput(st.output, st.assign, fallback: result, bindings, run)
            finish(id, run, st, output: output, assigned: assigned, outputText: st.output == nil ? resultText : nil)
        } catch {
            stateFailed(id, run, st, error)
        }
    }

    /// A numeric JSONata field (`MaxConcurrency`, `TimeoutSeconds`, …).
    mutating func jsonataNumber(_ value: JSONValue, field: String, _ id: Int, _ run: StateRun, _ st: State) throws(Failure)
        -> JSONNumber
    {
        let bindings = jsonataBindings(id, run, st, input: run.input)
        let v = try evaluateJSONata(value, field: field, bindings, run)
        guard case .number(let n) = v else {
            throw queryFailure(
                run, location: field,
                "The \(field) field must be a number, but was '\(v.typeName)' for value: \(v.serialized)")
        }
        return n
    }

    /// The items of a JSONata Map state: `Items`, else the input; both must be arrays.
    mutating func jsonataItems(_ id: Int, _ run: StateRun, _ st: State, _ map: MapState) throws(Failure) -> [JSONValue] {
        guard let items = map.items else {
            guard case .array(let array) = run.input else {
                throw queryFailure(
                    run, location: "", "Map state input must be an array but was: \(run.input.serialized)")
            }
            return array
        }
        let bindings = jsonataBindings(id, run, st, input: run.input)
        let value = try evaluateJSONata(items, field: "Items", bindings, run)
        guard case .array(let array) = value else {
            let expression = items.stringValue.flatMap(JSONataText.body) ?? items.serialized
            throw queryFailure(
                run, location: "Items",
                "The JSONata expression '\(expression)' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '\(value.typeName)' for value: \(value.serialized)"
            )
        }
        return array
    }
}
