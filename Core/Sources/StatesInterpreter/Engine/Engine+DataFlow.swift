import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// The JSONPath-mode data flow of a state: InputPath → Parameters → (work) → ResultSelector →
/// ResultPath → OutputPath, the context object, variables and `Assign`.
extension Engine {
    /// AWS's payload limit: 256 KiB of UTF-8.
    static let payloadLimit = 262_144

    /// A runtime error of the state `run`, with AWS's prefix.
    func runtimeFailure(_ run: StateRun, _ error: StatesError) -> Failure {
        Failure(error: error.error, cause: Engine.prefixed(run, error.cause))
    }

    func runtimeFailure(_ run: StateRun, _ error: String, _ cause: String) -> Failure {
        Failure(error: error, cause: Engine.prefixed(run, cause))
    }

    static func prefixed(_ run: StateRun, _ cause: String) -> String {
        "An error occurred while executing the state '\(run.name)' (entered at the event id #\(run.enteredEventId)). \(cause)"
    }

    // MARK: Context and variables

    /// The variables visible to a frame: its own, then its ancestors' (no shadowing in ASL).
    func visibleVariables(_ frameId: Int) -> [String: JSONValue] {
        guard let own = state.frames[frameId] else { return [:] }
        if own.parent == nil { return own.variables }
        var vars: [String: JSONValue] = [:]
        var next: Int? = frameId
        var depth = 0
        while let id = next, let frame = state.frames[id], depth < 10_000 {
            for (k, v) in frame.variables where vars[k] == nil { vars[k] = v }
            next = frame.parent
            depth += 1
        }
        return vars
    }

    /// The context object (`$$`) for a state of a frame.
    mutating func contextObject(_ frameId: Int, _ run: StateRun, state st: State? = nil, taskToken: String? = nil)
        -> JSONValue
    {
        guard let metadata = state.metadata else { return .object(JSONObject()) }
        let (execution, machine) = contextCache.base(metadata, input: state.input)
        var stateObject = JSONObject(uniqueMembers: [
            (key: "Name", value: .string(run.name)),
            (key: "EnteredTime", value: .string(contextCache.format(run.enteredTime))),
        ])
        if let st {
            switch st.kind {
            case .task, .parallel, .map: stateObject.appendUnique(key: "RetryCount", value: .int(run.retryCount))
            default: break
            }
        }
        var context = JSONObject(uniqueMembers: [
            (key: "Execution", value: execution), (key: "StateMachine", value: machine),
            (key: "State", value: .object(stateObject)),
        ])
        if let taskToken {
            context.appendUnique(
                key: "Task", value: .object(JSONObject(uniqueMembers: [(key: "Token", value: .string(taskToken))])))
        }
        if let item = state.frames[frameId]?.mapItem {
            let itemObject = JSONObject(uniqueMembers: [(key: "Index", value: .int(item.index)), (key: "Value", value: item.value)])
            context.appendUnique(
                key: "Map", value: .object(JSONObject(uniqueMembers: [(key: "Item", value: .object(itemObject))])))
        }
        return .object(context)
    }

    mutating func environment(_ frameId: Int, _ run: StateRun, state st: State?, input: JSONValue, taskToken: String? = nil)
        -> ExpressionEnvironment
    {
        ExpressionEnvironment(
            input: input, context: contextObject(frameId, run, state: st, taskToken: taskToken),
            variables: visibleVariables(frameId))
    }

    // MARK: Paths

    /// InputPath / OutputPath / ItemsPath: `null` gives `{}`, a path that matches nothing fails.
    func select(_ path: InputOutputPath, _ env: ExpressionEnvironment, _ run: StateRun) throws(Failure) -> JSONValue {
        switch path {
        case .identity: return env.input
        case .null: return .object(JSONObject())
        case .path(let p):
            do {
                return try p.value(in: env)
            } catch {
                throw runtimeFailure(run, error)
            }
        }
    }

    mutating func evaluate(_ template: PayloadTemplate, _ env: ExpressionEnvironment, _ run: StateRun) throws(Failure) -> JSONValue {
        do throws(StatesError) {
            return try template.evaluate(in: env, random: &state.random)
        } catch {
            throw runtimeFailure(run, error)
        }
    }

    /// The ResultPath step: `result` placed into the state's raw input.
    func applyResultPath(_ resultPath: ResultPath, result: JSONValue, input: JSONValue, _ run: StateRun) throws(Failure)
        -> JSONValue
    {
        do {
            return try resultPath.apply(result: result, to: input)
        } catch {
            throw runtimeFailure(run, error)
        }
    }

    /// `Assign` evaluated against `input` (the state's result, or its input for Choice/Wait).
    mutating func evaluateAssign(_ assign: VariableAssignment?, _ env: ExpressionEnvironment, _ run: StateRun) throws(Failure)
        -> [Assignment]
    {
        guard let assign else { return [] }
        switch assign {
        case .jsonPath(let template):
            let value = try evaluate(template, env, run)
            guard case .object(let object) = value else { return [] }
            return object.map { Assignment(name: $0.key, value: $0.value) }
        case .jsonata:
            throw runtimeFailure(run, "States.Runtime", "JSONata expressions are not supported yet.")
        }
    }

    mutating func commit(_ assignments: [Assignment], to frameId: Int) {
        for a in assignments { state.frames[frameId]?.variables[a.name] = a.value }
    }

    /// States.DataLimitExceeded when a state's result is larger than AWS allows.
    func checkSize(_ value: JSONValue, _ run: StateRun, subject: String? = nil) throws(Failure) {
        if value.serialized.utf8.count > Engine.payloadLimit {
            throw Failure(
                error: "States.DataLimitExceeded",
                cause:
                    "The state/task '\(subject ?? run.name)' returned a result with a size exceeding the maximum number of bytes service limit."
            )
        }
    }
}
