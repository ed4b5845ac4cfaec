import Logging
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesLanguage

/// `states:startExecution`: starting children and reporting to waiting parents.
extension StandardEngine {
    // MARK: Nested executions

    /// `states:startExecution[.sync[:2]]`: starts the child in this turn; the parent's task
    /// succeeds at once (request-response) or is submitted and waits for the child to close.
    func startNested(
        _ request: TaskRequest, mode: NestedExecution.Mode, parent: inout LiveExecution, write: inout TransitionWrite,
        now: Int64
    ) {
        func fail(_ error: AWSError) {
            let failure = NestedExecution.failure(error)
            apply(
                .taskFailed(taskId: request.taskId, error: failure.error, cause: failure.cause), now: now, to: &parent,
                write: &write)
        }
        let parameters = request.input.objectValue ?? JSONObject()
        guard let machineArn = parameters["StateMachineArn"]?.stringValue else {
            return fail(AWSError.missingField("stateMachineArn"))
        }
        let inputText: String
        switch parameters["Input"] ?? .null {
        case .null: inputText = "{}"
        case .string(let text): inputText = text
        case let value: inputText = value.serialized
        }
        let name = parameters["Name"]?.stringValue ?? RandomID.uuid()
        let machine: StateMachineRecord
        let input: JSONValue
        do throws(AWSError) {
            try ResourceName.validate(name)
            _ = try ResourceArn.stateMachine(machineArn)
            input = try ExecutionInput.parse(inputText)
            guard let found = try? store.stateMachineSync(arn: machineArn) else {
                throw AWSError.stateMachineDoesNotExist(machineArn)
            }
            guard found.type == "STANDARD" || mode == .requestResponse else {
                throw AWSError.stateMachineTypeNotSupported()
            }
            machine = found
        } catch {
            return fail(error)
        }
        if machine.type == "EXPRESS" {
            // An Express child runs in memory, as any Express execution; request-response only.
            guard let interpreter = try? interpreters.interpreter(for: machine) else {
                return fail(AWSError.internalFailure("The state machine cannot be compiled."))
            }
            let expressArn = location.expressExecutionArn(machine: machine.name, name: name, id: RandomID.uuid())
            let runner = ExpressRunner(timeScale: timeScale, integrations: integrations)
            Task {
                _ = await runner.run(
                    interpreter: interpreter, revision: machine, executionArn: expressArn, name: name, input: input,
                    inputText: inputText, startMs: now)
            }
            apply(
                .taskSucceeded(
                    taskId: request.taskId, output: NestedExecution.startResponse(executionArn: expressArn, startMs: now)),
                now: now, to: &parent, write: &write)
            return
        }
        let childArn = location.executionArn(machine: machine.name, name: name)
        if live[childArn] != nil || (try? store.executionExistsSync(arn: childArn)) != false {
            return fail(AWSError.executionAlreadyExists(childArn))
        }
        guard deferred.count < Self.deferredBudget, let interpreter = try? interpreters.interpreter(for: machine) else {
            return fail(AWSError.internalFailure("Too many nested executions started at once."))
        }
        var record = ExecutionRecord(
            executionArn: childArn, stateMachineArn: machine.arn, revision: machine.revision, name: name,
            status: "RUNNING", input: inputText, startMs: now, lastNowMs: now, journalCount: 0, eventCount: 0)
        if mode == .sync || mode == .sync2 {
            record.parentArn = parent.record.executionArn
            record.parentTaskId = request.taskId
            record.parentMode = mode.rawValue
        }
        var child = LiveExecution(interpreter: interpreter, state: ExecutionState(), record: record, timers: [:])
        var childWrite = TransitionWrite(insert: record, update: record)
        apply(
            startEvent(machine, executionArn: childArn, name: name, input: input, inputText: inputText, now: now),
            now: now, to: &child, write: &childWrite)
        childWrite.insert = child.record
        childWrite.update = child.record
        if !child.state.isClosed { deferred.append(.settle(childArn)) }
        _ = finish(child, write: childWrite)
        if mode == .sync || mode == .sync2 { parent.nestedTasks.insert(request.taskId) }
        if mode == .callback {
            registerCallback(
                token: request.taskToken, taskId: request.taskId, heartbeatSeconds: request.heartbeatSeconds,
                execution: &parent, write: &write, now: now)
        }

        let response = NestedExecution.startResponse(executionArn: childArn, startMs: now)
        let event: InputEvent =
            mode == .requestResponse
            ? .taskSucceeded(taskId: request.taskId, output: response)
            : .taskSubmitted(taskId: request.taskId, output: response)
        apply(event, now: now, to: &parent, write: &write)
    }

    /// A `.sync` child closed: its parent's task succeeds (or fails) with DescribeExecution's answer.
    func notifyParent(of child: ExecutionRecord) {
        guard let parentArn = child.parentArn, let taskId = child.parentTaskId,
            let mode = child.parentMode.flatMap(NestedExecution.Mode.init(rawValue:))
        else { return }
        let description = NestedExecution.describe(child, mode: mode)
        let event: InputEvent =
            child.status == "SUCCEEDED"
            ? .taskSucceeded(taskId: taskId, output: description)
            : .taskFailed(taskId: taskId, error: "States.TaskFailed", cause: description.serialized)
        deferred.append(.deliver(parentArn, event))
    }

    /// Does the deferred work of this turn (it joins the turn's batch of writes).
    func drainDeferred() {
        var done = 0
        while !deferred.isEmpty, done < Self.deferredBudget * 2 {
            let item = deferred.removeFirst()
            done += 1
            switch item {
            case .settle(let arn):
                guard var execution = live[arn] else { continue }
                var write = TransitionWrite(insert: nil, update: execution.record)
                settle(&execution, write: &write, budget: Self.inlineTimerBudget)
                _ = finish(execution, write: write)
            case .deliver(let arn, let event):
                guard var execution = live[arn] else { continue }
                switch event {
                case .taskSucceeded(let taskId, _), .taskFailed(let taskId, _, _): execution.nestedTasks.remove(taskId)
                default: break
                }
                var write = TransitionWrite(insert: nil, update: execution.record)
                apply(event, now: now(execution.record), to: &execution, write: &write)
                settle(&execution, write: &write, budget: Self.inlineTimerBudget)
                _ = finish(execution, write: write)
            }
        }
        if !deferred.isEmpty { wake.signal() }
    }
}
