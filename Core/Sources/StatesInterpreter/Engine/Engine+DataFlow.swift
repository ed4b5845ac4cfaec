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
        guard let (parent, own) = state.frames.read(frameId, { ($0.parent, $0.variables) }) else { return [:] }
        if parent == nil { return own }
        var vars = own
        var next = parent
        var depth = 0
        while let id = next, let (grandparent, scope) = state.frames.read(id, { ($0.parent, $0.variables) }),
            depth < 10_000
        {
            if vars.isEmpty {
                vars = scope
            } else {
                for (k, v) in scope where vars[k] == nil { vars[k] = v }
            }
            next = grandparent
            depth += 1
        }
        return vars
    }

    /// The context object (`$$`) for a state of a frame.
    mutating func contextObject(_ frameId: Int, _ run: StateRun, state st: State? = nil, taskToken: String? = nil)
        -> JSONValue
    {
        var retryCount = false
        if let st {
            switch st.kind {
            case .task, .parallel, .map: retryCount = true
            default: break
            }
        }
        return contextObject(frameId, run, retryCount: retryCount, taskToken: taskToken)
    }

    /// The context object; `retryCount` adds `State.RetryCount` (Task, Parallel and Map states).
    mutating func contextObject(_ frameId: Int, _ run: StateRun, retryCount: Bool, taskToken: String?) -> JSONValue {
        guard let (execution, machine) = contextCache.base(state.metadata, input: state.input) else {
            return .object(JSONObject())
        }
        var stateObject = JSONObject()
        stateObject.reserveCapacity(3)
        stateObject.appendUnique(key: "Name", value: .string(run.name))
        stateObject.appendUnique(key: "EnteredTime", value: .string(contextCache.format(run.enteredTime)))
        if retryCount { stateObject.appendUnique(key: "RetryCount", value: .int(run.retryCount)) }
        var context = JSONObject()
        context.reserveCapacity(5)
        context.appendUnique(key: "Execution", value: execution)
        context.appendUnique(key: "StateMachine", value: machine)
        context.appendUnique(key: "State", value: .object(stateObject))
        if let taskToken {
            context.appendUnique(
                key: "Task", value: .object(JSONObject(uniqueMembers: [(key: "Token", value: .string(taskToken))])))
        }
        if let item = state.frames.read(frameId, { $0.mapItem }) ?? nil {
            let itemObject = JSONObject(uniqueMembers: [(key: "Index", value: .int(item.index)), (key: "Value", value: item.value)])
            context.appendUnique(
                key: "Map", value: .object(JSONObject(uniqueMembers: [(key: "Item", value: .object(itemObject))])))
        }
        return .object(context)
    }

    /// What the state's expressions see. Without `context` (the state cannot read `$$`, see
    /// `State.readsContext`) the context object is left empty rather than built.
    mutating func environment(
        _ frameId: Int, _ run: StateRun, state st: State?, input: JSONValue, taskToken: String? = nil,
        context: Bool = true
    ) -> ExpressionEnvironment {
        ExpressionEnvironment(
            input: input,
            context: context ? contextObject(frameId, run, state: st, taskToken: taskToken) : .object(JSONObject()),
            variables: visibleVariables(frameId))
    }

    /// What the expressions of a Pass, Choice or Succeed state see (no `RetryCount` in `$$`,
    /// which is built only when the state can read it). No `State` value is passed around.
    mutating func environment(_ frameId: Int, _ run: StateRun, plan: StatePlan) -> ExpressionEnvironment {
        ExpressionEnvironment(
            input: run.input,
            context: plan.readsContext
                ? contextObject(frameId, run, retryCount: false, taskToken: nil) : .object(JSONObject()),
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
        for a in assignments { state.frames.update(frameId) { $0.variables[a.name] = a.value } }
    }

    /// States.DataLimitExceeded when a state's result is larger than AWS allows.
    func checkSize(_ value: JSONValue, _ run: StateRun, subject: String? = nil) throws(Failure) {
        if !value.serializedSize(atMost: Engine.payloadLimit) {
            throw Failure(
                error: "States.DataLimitExceeded",
                cause:
                    "The state/task '\(subject ?? run.name)' returned a result with a size exceeding the maximum number of bytes service limit."
            )
        }
    }
}
