import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// Task states: scheduling an invocation and handling its outcome.
extension Engine {
    mutating func attemptTask(_ id: Int, _ run: StateRun, _ st: State, _ task: TaskState) throws(Failure) {
        let kind = ResourceKind(resource: task.resource)
        if kind == .activity, state.metadata?.missingActivities.contains(task.resource) == true {
            throw runtimeFailure(run, "States.Runtime", "The activity \(task.resource) does not exist.")
        }
        let token = UUIDText.v4(using: &state.random)
        let input = try effectiveInput(id, run, st, taskToken: kind.usesToken ? token : nil)
        let env = environment(id, run, state: st, input: run.input)
        let timeout = try secondsField(task.timeoutSeconds, name: "TimeoutSeconds", env, id, run, st)
        let heartbeat = try secondsField(task.heartbeatSeconds, name: "HeartbeatSeconds", env, id, run, st)
        var credentials: JSONValue?
        if let template = task.credentials {
            switch template {
            case .jsonPath(let t):
                var credentialsEnv = env
                credentialsEnv.input = try select(st.inputPath, env, run)
                credentials = try evaluate(t, credentialsEnv, run)
            case .jsonata(let value):
                let bindings = jsonataBindings(id, run, st, input: run.input)
                credentials = try evaluateJSONata(value, field: "Credentials", bindings, run)
            }
        }
        let taskId = state.nextTaskId
        state.nextTaskId += 1
        emitScheduled(id, kind, task.resource, input: input, timeout: timeout, heartbeat: heartbeat, credentials: credentials)
        switch kind {
        case .service(let type, let resource, _):
            emit(id, .taskStarted, Engine.resourceDetails(type, resource))
        case .lambdaFunction: emit(id, .lambdaFunctionStarted)
        case .activity: break
        }
        var timer: Int?
        if let timeout {
            let t = newTimer(.taskTimeout(frame: id, taskId: taskId))
            result.effects.append(.startTimer(timerId: t, due: due(afterSeconds: Int64(timeout))))
            timer = t
        }
        state.tasks[taskId] = id
        setActivity(id, .task(run, TaskWait(taskId: taskId, timeoutTimer: timer, kind: kind, token: token)))
        result.effects.append(
            .invokeTask(
                TaskRequest(
                    taskId: taskId, resource: task.resource, input: input, taskToken: token, timeoutSeconds: timeout,
                    heartbeatSeconds: heartbeat, credentials: credentials, stateName: run.name)))
    }

    private mutating func emitScheduled(
        _ id: Int, _ kind: ResourceKind, _ resource: String, input: JSONValue, timeout: Int?, heartbeat: Int?,
        credentials: JSONValue?
    ) {
        var details = JSONObject()
        switch kind {
        case .service(let type, let action, _):
            details.appendUnique(key: "resourceType", value: .string(type))
            details.appendUnique(key: "resource", value: .string(action))
            details.appendUnique(key: "region", value: .string(state.metadata?.region ?? "us-east-1"))
            details.appendUnique(key: "parameters", value: .string(input.serialized))
        case .lambdaFunction, .activity:
            details.appendUnique(key: "resource", value: .string(resource))
            details.appendUnique(key: "input", value: .string(input.serialized))
            details.appendUnique(key: "inputDetails", value: Engine.notTruncated)
        }
        if let timeout { details.appendUnique(key: "timeoutInSeconds", value: .int(timeout)) }
        if let heartbeat, kind != .lambdaFunction { details.appendUnique(key: "heartbeatInSeconds", value: .int(heartbeat)) }
        if let role = credentials?["RoleArn"], kind != .activity {
            details.appendUnique(
                key: "taskCredentials", value: .object(JSONObject(uniqueMembers: [(key: "roleArn", value: role)])))
        }
        let type: HistoryEventType =
            switch kind {
            case .service: .taskScheduled
            case .lambdaFunction: .lambdaFunctionScheduled
            case .activity: .activityScheduled
            }
        emit(id, type, details)
    }

    static func resourceDetails(_ type: String, _ resource: String) -> JSONObject {
        JSONObject(uniqueMembers: [(key: "resourceType", value: .string(type)), (key: "resource", value: .string(resource))])
    }

    /// TimeoutSeconds(Path) / HeartbeatSeconds(Path): a positive integer.
    mutating func secondsField(
        _ source: ValueSource<Int>?, name: String, _ env: ExpressionEnvironment, _ id: Int, _ run: StateRun, _ st: State
    ) throws(Failure) -> Int? {
        guard let source else { return nil }
        switch source {
        case .literal(let value): return value
        case .path(let path):
            let value: JSONValue
            do {
                value = try path.value(in: env)
            } catch {
                throw runtimeFailure(run, error)
            }
            guard case .number(let n) = value, n.isIntegerLiteral, let seconds = n.intValue, seconds > 0 else {
                throw runtimeFailure(
                    run, "States.Runtime",
                    "The \(name)Path parameter does not reference a valid positive integer: \(path.text) == \(Engine.plain(value))"
                )
            }
            return seconds
        case .jsonata(let value):
            let n = try jsonataNumber(value, field: name, id, run, st)
            guard n.isIntegral, let seconds = n.intValue, seconds > 0 else {
                throw queryFailure(run, location: name, "The \(name) field must be a positive integer, but was: \(n)")
            }
            return seconds
        }
    }

    /// The frame, state and wait of a pending task.
    func pendingTask(_ taskId: Int) -> (frame: Int, run: StateRun, state: State, wait: TaskWait, resource: String)? {
        guard let frameId = state.tasks[taskId], let frame = state.frames[frameId],
            case .task(let run, let wait) = frame.activity, wait.taskId == taskId,
            let st = interpreter.graphs[frame.graph].state(named: run.name), case .task(let task) = st.kind
        else { return nil }
        return (frameId, run, st, wait, task.resource)
    }

    // MARK: Outcomes

    mutating func taskStarted(taskId: Int, workerName: String?) {
        guard let task = pendingTask(taskId), task.wait.kind == .activity else { return }
        var details = JSONObject()
        if let workerName { details.appendUnique(key: "workerName", value: .string(workerName)) }
        emit(task.frame, .activityStarted, details)
    }

    mutating func taskSubmitted(taskId: Int, output: JSONValue) {
        guard let task = pendingTask(taskId), case .service(let type, let resource, _) = task.wait.kind else { return }
        var details = Engine.resourceDetails(type, resource)
        details.appendUnique(key: "output", value: .string(output.serialized))
        details.appendUnique(key: "outputDetails", value: Engine.notTruncated)
        emit(task.frame, .taskSubmitted, details)
    }

    mutating func taskSucceeded(taskId: Int, output: JSONValue) {
        guard let task = pendingTask(taskId) else { return }
        state.tasks[taskId] = nil
        cancelTimer(task.wait.timeoutTimer)
        let text = output.serialized
        if text.utf8.count > Engine.payloadLimit {
            let subject: String =
                switch task.wait.kind {
                case .service(let type, _, _): type
                case .lambdaFunction, .activity: task.resource
                }
            let failure = Failure(
                error: "States.DataLimitExceeded",
                cause: "The state/task '\(subject)' returned a result with a size exceeding the maximum number of bytes service limit."
            )
            emitTaskFailure(task.frame, task.wait.kind, failure)
            stateFailed(task.frame, task.run, task.state, failure)
            return
        }
        var details = JSONObject()
        let type: HistoryEventType
        switch task.wait.kind {
        case .service(let resourceType, let resource, _):
            details = Engine.resourceDetails(resourceType, resource)
            type = .taskSucceeded
        case .lambdaFunction: type = .lambdaFunctionSucceeded
        case .activity: type = .activitySucceeded
        }
        details.appendUnique(key: "output", value: .string(text))
        details.appendUnique(key: "outputDetails", value: Engine.notTruncated)
        emit(task.frame, type, details)
        complete(task.frame, task.run, task.state, result: output, resultText: text)
    }

    mutating func taskFailed(taskId: Int, failure: Failure) {
        guard let task = pendingTask(taskId) else { return }
        state.tasks[taskId] = nil
        cancelTimer(task.wait.timeoutTimer)
        emitTaskFailure(task.frame, task.wait.kind, failure)
        stateFailed(task.frame, task.run, task.state, failure)
    }

    mutating func taskTimedOut(taskId: Int) {
        guard let task = pendingTask(taskId) else { return }
        state.tasks[taskId] = nil
        cancelTimer(task.wait.timeoutTimer)
        result.effects.append(.cancelTask(taskId: taskId))
        let failure = Failure(error: "States.Timeout", cause: nil)
        var details = Engine.errorDetails(failure)
        let type: HistoryEventType
        switch task.wait.kind {
        case .service(let resourceType, let resource, _):
            details = Engine.resourceDetails(resourceType, resource)
            details.appendUnique(key: "error", value: .string("States.Timeout"))
            type = .taskTimedOut
        case .lambdaFunction: type = .lambdaFunctionTimedOut
        case .activity: type = .activityTimedOut
        }
        emit(task.frame, type, details)
        stateFailed(task.frame, task.run, task.state, failure)
    }

    private mutating func emitTaskFailure(_ frame: Int, _ kind: ResourceKind, _ failure: Failure) {
        var details = Engine.errorDetails(failure)
        let type: HistoryEventType
        switch kind {
        case .service(let resourceType, let resource, _):
            for (key, value) in Engine.resourceDetails(resourceType, resource) { details[key] = value }
            type = .taskFailed
        case .lambdaFunction: type = .lambdaFunctionFailed
        case .activity: type = .activityFailed
        }
        emit(frame, type, details)
    }

    // MARK: Timers

    mutating func timerFired(_ timerId: Int) {
        guard let purpose = state.timers.removeValue(forKey: timerId) else { return }
        switch purpose {
        case .wait(let frame): waitEnded(frame: frame)
        case .retry(let frame): retryTimerFired(frame: frame)
        case .taskTimeout(_, let taskId): taskTimedOut(taskId: taskId)
        case .executionTimeout:
            guard let root = state.frames.firstId else { return }
            closeExecution(frame: root, status: .timedOut, failure: Failure(error: nil, cause: nil))
        }
    }
}
