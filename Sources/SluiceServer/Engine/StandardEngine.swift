import Logging
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesLanguage

/// Runs Standard executions durably.
///
/// Every input event (start, timer, task result, stop) is applied to the pure interpreter in
/// memory and recorded — journal entry, history events, timer rows, execution row — in the store.
/// Writes are group-committed: one transaction carries the transitions of many executions, and a
/// caller is answered only once its transitions are durable. After a restart, `recover()` rebuilds
/// every RUNNING execution by replaying its journal; overdue timers then fire at once.
actor StandardEngine {
    let store: Store
    let location: ServiceLocation
    /// 0: virtual time (timers fire at once, in due order); N > 0: timers take N × their time.
    let timeScale: Double
    let logger: Logger
    let wake: WakeSignal

    private var live: [String: LiveExecution] = [:]
    private var interpreters = InterpreterCache()
    private var timers = TimerHeap()
    private var activities = ActivityTaskRegistry()
    /// GetActivityTask calls waiting for work, per activity ARN.
    private var pollers: [String: [(id: Int, continuation: CheckedContinuation<Void, Never>)]] = [:]
    private var nextPollerId = 0
    private var heartbeatGeneration = 0
    /// Work created while another execution was being transitioned (nested executions starting,
    /// children reporting to their parents), done before the turn's writes are committed.
    private enum Deferred {
        case settle(String)
        case deliver(String, InputEvent)
    }
    private var deferred: [Deferred] = []
    /// Nested executions one turn may start before the rest wait for the next turn.
    static let deferredBudget = 10_000

    /// Set on graceful shutdown: GetActivityTask answers at once instead of waiting.
    private var draining = false

    // Group commit.
    private var pending: [TransitionWrite] = []
    private var pendingGeneration = 1
    private var committedGeneration = 0
    private var flushing = false
    private var flushWaiters: [CheckedContinuation<Void, Never>] = []
    private var failedGenerations: Set<Int> = []

    /// Timers a single call fires inline in virtual time before leaving the rest to the timer loop.
    static let inlineTimerBudget = 256
    /// The same for each execution the timer loop visits, so that one looping execution cannot
    /// starve the others.
    static let loopTimerBudget = 16

    init(store: Store, location: ServiceLocation, timeScale: Double, logger: Logger, wake: WakeSignal) {
        self.store = store
        self.location = location
        self.timeScale = timeScale
        self.logger = logger
        self.wake = wake
    }

    var liveCount: Int { live.count }

    // MARK: Recovery

    /// Replays every RUNNING execution of the store into memory and schedules its timers.
    func recover() throws {
        let running = try store.runningExecutions()
        for (record, journal, storedTimers) in running {
            do {
                try restore(record, journal: journal, timers: storedTimers)
            } catch {
                logger.error("cannot recover \(record.executionArn): \(error)")
            }
        }
        try restoreActivityTasks()
        for child in live.values {
            guard let parentArn = child.record.parentArn, let taskId = child.record.parentTaskId else { continue }
            live[parentArn]?.nestedTasks.insert(taskId)
        }
        if !running.isEmpty { logger.info("recovered \(live.count) running executions") }
        wake.signal()
    }

    struct RecoveryError: Error, CustomStringConvertible {
        var description: String
    }

    /// Rebuilds one execution by replaying its journal, and schedules its pending timers.
    private func restore(_ record: ExecutionRecord, journal: [JournalEntry], timers stored: [TimerRecord]) throws {
        guard let revision = try store.revisionSync(arn: record.stateMachineArn, revision: record.revision) else {
            throw RecoveryError(description: "its state machine revision is gone")
        }
        let interpreter = try interpreters.interpreter(for: revision)
        var state = ExecutionState()
        for entry in journal {
            _ = interpreter.apply(try InputEventCodec.decode(entry.event), to: &state, now: entry.nowMs)
        }
        guard state.eventCount == record.eventCount else {
            throw RecoveryError(description: "replay gave \(state.eventCount) events, the store has \(record.eventCount)")
        }
        var execution = LiveExecution(interpreter: interpreter, state: state, record: record, timers: [:])
        for timer in stored {
            execution.timers[timer.timerId] = timer.dueMs
            timers.push(
                deliverAt: deliverAt(due: timer.dueMs, startMs: record.startMs), due: timer.dueMs,
                executionArn: record.executionArn, timerId: timer.timerId)
        }
        live[record.executionArn] = execution
    }

    /// Puts the activity tasks of the live executions back in their queues (started ones wait for
    /// their worker, with a fresh heartbeat period).
    private func restoreActivityTasks() throws {
        for record in try store.taskTokens() {
            guard var execution = live[record.executionArn] else { continue }
            var task = ActivityTask(
                token: record.token, executionArn: record.executionArn, taskId: record.taskId,
                activityArn: record.activityArn, input: record.input, started: record.status == "STARTED",
                heartbeatSeconds: record.heartbeatSeconds)
            if task.started { armHeartbeat(&task) }
            activities.schedule(task)
            execution.activityTokens[record.taskId] = record.token
            live[record.executionArn] = execution
        }
    }

    // MARK: Clock

    /// The execution clock: wall time (scaled), never going back.
    private func now(_ record: ExecutionRecord) -> Int64 {
        let wall = WallClock.now()
        let nominal = timeScale > 0 ? record.startMs + Int64((Double(wall - record.startMs) / timeScale).rounded(.down)) : wall
        return max(record.lastNowMs, nominal)
    }

    /// When (wall time) a timer due at `due` on the execution clock fires.
    private func deliverAt(due: Int64, startMs: Int64) -> Int64 {
        guard timeScale > 0 else { return 0 }
        return startMs + Int64((Double(due - startMs) * timeScale).rounded(.up))
    }

    // MARK: Operations

    struct Started: Sendable {
        var executionArn: String
        var startMs: Int64
    }

    /// StartExecution for a Standard state machine: idempotent while the execution with the same
    /// name and input runs, `ExecutionAlreadyExists` otherwise.
    func start(
        revision: StateMachineRecord, versionArn: String? = nil, aliasArn: String? = nil, name: String, input: JSONValue,
        inputText: String
    ) async throws(AWSError) -> Started {
        let arn = location.executionArn(machine: revision.name, name: name)
        if let existing = live[arn] { return try await idempotent(existing, inputText: inputText) }
        let stored: ExecutionRecord?
        do {
            stored = try await store.execution(arn: arn)
        } catch {
            throw AWSError.internalFailure()
        }
        if let existing = live[arn] { return try await idempotent(existing, inputText: inputText) }
        if stored != nil { throw AWSError.executionAlreadyExists(arn) }

        let interpreter: Interpreter
        do {
            interpreter = try interpreters.interpreter(for: revision)
        } catch {
            throw AWSError.invalidDefinition("Invalid State Machine Definition: '\(error)'")
        }
        let startMs = WallClock.now()
        let record = ExecutionRecord(
            executionArn: arn, stateMachineArn: revision.arn, revision: revision.revision, name: name,
            status: "RUNNING", input: inputText, startMs: startMs, lastNowMs: startMs, journalCount: 0, eventCount: 0,
            versionArn: versionArn, aliasArn: aliasArn)
        var execution = LiveExecution(interpreter: interpreter, state: ExecutionState(), record: record, timers: [:])
        var write = TransitionWrite(insert: record, update: record)
        let metadata = ExecutionMetadata(
            executionArn: arn, executionName: name, stateMachineArn: revision.arn, stateMachineName: revision.name,
            roleArn: revision.roleArn, startTime: startMs)
        var random = SystemRandomNumberGenerator()
        apply(
            .start(input: input, inputText: inputText, metadata: metadata, seed: random.next()), now: startMs,
            to: &execution, write: &write)
        write.insert = execution.record
        settle(&execution, write: &write, budget: Self.inlineTimerBudget)
        let generation = finish(execution, write: write)
        try await commit(through: generation)
        return Started(executionArn: arn, startMs: startMs)
    }

    private func idempotent(_ existing: LiveExecution, inputText: String) async throws(AWSError) -> Started {
        guard existing.record.input == inputText else { throw AWSError.executionAlreadyExists(existing.record.executionArn) }
        try await commit(through: pendingGeneration)
        return Started(executionArn: existing.record.executionArn, startMs: existing.record.startMs)
    }

    /// StopExecution of a running execution; `nil` when it is not running here.
    func stop(executionArn: String, error: String?, cause: String?) async throws(AWSError) -> Int64? {
        guard var execution = live[executionArn] else { return nil }
        var write = TransitionWrite(insert: nil, update: execution.record)
        apply(.stopRequested(error: error, cause: cause), now: now(execution.record), to: &execution, write: &write)
        settle(&execution, write: &write, budget: 0)
        let stopMs = execution.record.stopMs ?? execution.record.lastNowMs
        let generation = finish(execution, write: write)
        try await commit(through: generation)
        return stopMs
    }

    /// Fires the timers that are due; returns when (wall time) the next one is due, or `nil`.
    func fireDueTimers() async -> Int64? {
        var fired = 0
        var lastGeneration = 0
        let wall = WallClock.now()
        while let next = timers.first, next.deliverAt <= wall, fired < Self.inlineTimerBudget {
            _ = timers.pop()
            if next.timerId < 0 {
                if checkHeartbeat(next, wall: wall) { fired += 1 }
                continue
            }
            guard var execution = live[next.executionArn], execution.timers[next.timerId] == next.due else { continue }
            if timeScale == 0, execution.hasTasksInFlight { continue }  // fired once its tasks are done
            fired += 1
            var write = TransitionWrite(insert: nil, update: execution.record)
            fire(timer: next.timerId, due: next.due, execution: &execution, write: &write)
            settle(&execution, write: &write, budget: Self.loopTimerBudget)
            lastGeneration = finish(execution, write: write)
        }
        lastGeneration = max(lastGeneration, heartbeatGeneration)
        heartbeatGeneration = 0
        if !deferred.isEmpty { lastGeneration = pendingGeneration }
        if lastGeneration > 0 {
            do {
                try await commit(through: lastGeneration)
            } catch {
                logger.error("timer transitions were not committed: \(error.message)")
            }
        }
        if fired >= Self.inlineTimerBudget { return WallClock.now() }
        return timers.first?.deliverAt
    }

    // MARK: Activity tasks

    /// A task for an activity: queued for the next GetActivityTask of that activity.
    private func schedule(_ request: TaskRequest, execution: inout LiveExecution, write: inout TransitionWrite, now: Int64) {
        let task = ActivityTask(
            token: request.taskToken, executionArn: execution.record.executionArn, taskId: request.taskId,
            activityArn: request.resource, input: request.input.serialized, started: false,
            heartbeatSeconds: request.heartbeatSeconds)
        activities.schedule(task)
        execution.activityTokens[request.taskId] = task.token
        write.tokensAdded.append(
            TaskTokenRecord(
                token: task.token, executionArn: task.executionArn, taskId: task.taskId, activityArn: task.activityArn,
                input: task.input, status: "SCHEDULED", heartbeatSeconds: task.heartbeatSeconds, scheduledMs: now))
        let waiting = pollers.removeValue(forKey: request.resource) ?? []
        for poller in waiting { poller.continuation.resume() }
    }

    /// GetActivityTask: the oldest scheduled task of the activity, started for `workerName`;
    /// waits up to `waitMs` for one; `nil` when none came.
    func getActivityTask(activityArn: String, workerName: String?, waitMs: Int64) async throws(AWSError) -> (
        token: String, input: String
    )? {
        let deadline = WallClock.now() + waitMs
        while true {
            if var task = activities.next(for: activityArn) {
                guard var execution = live[task.executionArn] else {
                    activities.remove(task.token)
                    continue
                }
                var write = TransitionWrite(insert: nil, update: execution.record)
                task.started = true
                armHeartbeat(&task)
                activities.update(task)
                write.tokensStarted.append(task.token)
                apply(.taskStarted(taskId: task.taskId, workerName: workerName), now: now(execution.record), to: &execution, write: &write)
                settle(&execution, write: &write, budget: Self.inlineTimerBudget)
                let generation = finish(execution, write: write)
                try await commit(through: generation)
                return (task.token, task.input)
            }
            let remaining = deadline - WallClock.now()
            if remaining <= 0 || draining || Task.isCancelled { return nil }
            await waitForActivity(activityArn, upTo: remaining)
        }
    }

    private func waitForActivity(_ activityArn: String, upTo milliseconds: Int64) async {
        nextPollerId += 1
        let id = nextPollerId
        let expiry = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(milliseconds))
            await self?.expirePoller(activityArn, id: id)
        }
        await withCheckedContinuation { continuation in
            pollers[activityArn, default: []].append((id, continuation))
        }
        expiry.cancel()
    }

    /// Graceful shutdown: waiting GetActivityTask calls answer now (with no task), so that the
    /// HTTP server can drain quickly.
    func drain() {
        draining = true
        let waiting = pollers.values.flatMap { $0 }
        pollers.removeAll()
        for poller in waiting { poller.continuation.resume() }
    }

    private func expirePoller(_ activityArn: String, id: Int) {
        guard var waiting = pollers[activityArn], let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        let poller = waiting.remove(at: index)
        pollers[activityArn] = waiting.isEmpty ? nil : waiting
        poller.continuation.resume()
    }

    /// What a worker reports for a task token.
    enum TaskReport: Sendable {
        case success(JSONValue)
        case failure(error: String?, cause: String?)
        case heartbeat
    }

    /// SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
    func report(token: String, _ report: TaskReport) async throws(AWSError) {
        guard var task = activities.byToken[token], var execution = live[task.executionArn] else {
            throw AWSError("TaskDoesNotExist", "Task Does Not Exist: '\(token)'")
        }
        if case .heartbeat = report {
            armHeartbeat(&task)
            activities.update(task)
            return
        }
        var write = TransitionWrite(insert: nil, update: execution.record)
        activities.remove(token)
        execution.activityTokens[task.taskId] = nil
        write.tokensRemoved.append(token)
        let event: InputEvent =
            switch report {
            case .success(let output): .taskSucceeded(taskId: task.taskId, output: output)
            case .failure(let error, let cause): .taskFailed(taskId: task.taskId, error: error, cause: cause)
            case .heartbeat: .heartbeatMissed(taskId: task.taskId)
            }
        apply(event, now: now(execution.record), to: &execution, write: &write)
        settle(&execution, write: &write, budget: Self.inlineTimerBudget)
        let generation = finish(execution, write: write)
        try await commit(through: generation)
    }

    /// Sets the next heartbeat deadline of a started task (real or scaled time only) and
    /// schedules its check.
    private func armHeartbeat(_ task: inout ActivityTask) {
        guard timeScale > 0, let seconds = task.heartbeatSeconds else { return }
        let deadline = WallClock.now() + Int64((Double(seconds) * 1000 * timeScale).rounded(.up))
        task.heartbeatDeadline = deadline
        timers.push(deliverAt: deadline, due: deadline, executionArn: task.executionArn, timerId: -task.taskId)
        wake.signal()
    }

    /// A heartbeat check came due: the task times out unless a later heartbeat moved its deadline.
    private func checkHeartbeat(_ entry: TimerHeap.Entry, wall: Int64) -> Bool {
        let taskId = -entry.timerId
        guard var execution = live[entry.executionArn], let token = execution.activityTokens[taskId],
            let task = activities.byToken[token], task.started, let deadline = task.heartbeatDeadline,
            deadline == entry.deliverAt, deadline <= wall
        else { return false }
        var write = TransitionWrite(insert: nil, update: execution.record)
        activities.remove(token)
        execution.activityTokens[taskId] = nil
        write.tokensRemoved.append(token)
        apply(.heartbeatMissed(taskId: taskId), now: now(execution.record), to: &execution, write: &write)
        settle(&execution, write: &write, budget: Self.loopTimerBudget)
        heartbeatGeneration = finish(execution, write: write)
        return true
    }

    // MARK: Nested executions

    /// `states:startExecution[.sync[:2]]`: starts the child in this turn; the parent's task
    /// succeeds at once (request-response) or is submitted and waits for the child to close.
    private func startNested(
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
            let runner = ExpressRunner(timeScale: timeScale)
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
        let metadata = ExecutionMetadata(
            executionArn: childArn, executionName: name, stateMachineArn: machine.arn, stateMachineName: machine.name,
            roleArn: machine.roleArn, startTime: now)
        var random = SystemRandomNumberGenerator()
        apply(
            .start(input: input, inputText: inputText, metadata: metadata, seed: random.next()), now: now, to: &child,
            write: &childWrite)
        childWrite.insert = child.record
        childWrite.update = child.record
        if !child.state.isClosed { deferred.append(.settle(childArn)) }
        _ = finish(child, write: childWrite)
        if mode == .sync || mode == .sync2 { parent.nestedTasks.insert(request.taskId) }
        if mode == .callback {
            var task = ActivityTask(
                token: request.taskToken, executionArn: parent.record.executionArn, taskId: request.taskId,
                activityArn: "", input: "", started: true, heartbeatSeconds: request.heartbeatSeconds)
            armHeartbeat(&task)
            activities.schedule(task)
            parent.activityTokens[request.taskId] = task.token
            write.tokensAdded.append(
                TaskTokenRecord(
                    token: task.token, executionArn: task.executionArn, taskId: task.taskId, activityArn: "",
                    input: "", status: "STARTED", heartbeatSeconds: task.heartbeatSeconds, scheduledMs: now))
        }

        let response = NestedExecution.startResponse(executionArn: childArn, startMs: now)
        let event: InputEvent =
            mode == .requestResponse
            ? .taskSucceeded(taskId: request.taskId, output: response)
            : .taskSubmitted(taskId: request.taskId, output: response)
        apply(event, now: now, to: &parent, write: &write)
    }

    /// A `.sync` child closed: its parent's task succeeds (or fails) with DescribeExecution's answer.
    private func notifyParent(of child: ExecutionRecord) {
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
    private func drainDeferred() {
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

    // MARK: Transitions

    /// Applies one input event, recording it and everything it produced in `write`.
    private func apply(_ event: InputEvent, now: Int64, to execution: inout LiveExecution, write: inout TransitionWrite) {
        let result = execution.interpreter.apply(event, to: &execution.state, now: now)
        write.journal.append(JournalEntry(seq: execution.record.journalCount, nowMs: now, event: InputEventCodec.encode(event)))
        execution.record.journalCount += 1
        execution.record.lastNowMs = max(execution.record.lastNowMs, now)
        for var historyEvent in result.events {
            if historyEvent.type == .executionStarted {
                if let aliasArn = execution.record.aliasArn {
                    historyEvent.details?["stateMachineAliasArn"] = .string(aliasArn)
                }
                if let versionArn = execution.record.versionArn {
                    historyEvent.details?["stateMachineVersionArn"] = .string(versionArn)
                }
            }
            write.history.append((id: historyEvent.id, text: historyEvent.json.serialized))
        }
        execution.record.eventCount = execution.state.eventCount
        for effect in result.effects {
            switch effect {
            case .invokeTask(let request): execution.invocations.append(request)
            case .startTimer(let id, let due):
                execution.timers[id] = due
                write.timersAdded.append(TimerRecord(executionArn: execution.record.executionArn, timerId: id, dueMs: due))
                timers.push(
                    deliverAt: deliverAt(due: due, startMs: execution.record.startMs), due: due,
                    executionArn: execution.record.executionArn, timerId: id)
            case .cancelTimer(let id):
                if execution.timers.removeValue(forKey: id) != nil { write.timersRemoved.append(id) }
            case .cancelTask(let id):
                execution.invocations.removeAll { $0.taskId == id }
                execution.nestedTasks.remove(id)
                if let token = execution.activityTokens.removeValue(forKey: id) {
                    activities.remove(token)
                    write.tokensRemoved.append(token)
                }
            case .executionClosed(let outcome):
                for token in execution.activityTokens.values { activities.remove(token) }
                execution.activityTokens.removeAll()
                execution.record.status = outcome.status.rawValue
                execution.record.output = outcome.output?.serialized
                execution.record.error = outcome.error
                execution.record.cause = outcome.cause
                execution.record.stopMs = now
            }
        }
    }

    private func fire(timer id: Int, due: Int64, execution: inout LiveExecution, write: inout TransitionWrite) {
        execution.timers[id] = nil
        write.timersRemoved.append(id)
        apply(.timerFired(timerId: id), now: max(now(execution.record), due), to: &execution, write: &write)
    }

    /// Carries out what the transitions asked for that needs no waiting: task invocations (no task
    /// integration is served yet: each fails with `States.TaskFailed`) and, in virtual time, the
    /// execution's timers in due order (up to `budget`).
    private func settle(_ execution: inout LiveExecution, write: inout TransitionWrite, budget: Int) {
        var budget = budget
        while !execution.state.isClosed {
            if !execution.invocations.isEmpty {
                let request = execution.invocations.removeFirst()
                let now = now(execution.record)
                if ActivityTaskRegistry.isActivity(request.resource) {
                    schedule(request, execution: &execution, write: &write, now: now)
                    continue
                }
                if let mode = NestedExecution.mode(of: request.resource) {
                    startNested(request, mode: mode, parent: &execution, write: &write, now: now)
                    continue
                }
                apply(.taskStarted(taskId: request.taskId, workerName: nil), now: now, to: &execution, write: &write)
                apply(
                    .taskFailed(
                        taskId: request.taskId, error: "States.TaskFailed",
                        cause: "Sluice does not serve the resource '\(request.resource)' yet."),
                    now: now, to: &execution, write: &write)
                continue
            }
            // Virtual time: timers wait while a task is in flight (tasks take no time).
            guard timeScale == 0, !execution.hasTasksInFlight,
                let next = execution.timers.min(by: { ($0.value, $0.key) < ($1.value, $1.key) })
            else { break }
            guard budget > 0 else {
                // Leave the rest to the timer loop.
                for (id, due) in execution.timers {
                    timers.push(deliverAt: 0, due: due, executionArn: execution.record.executionArn, timerId: id)
                }
                break
            }
            budget -= 1
            fire(timer: next.key, due: next.value, execution: &execution, write: &write)
        }
        write.update = execution.record
        if write.insert != nil { write.insert = execution.record }
        if execution.state.isClosed { write.timersAdded.removeAll() }
    }

    /// Keeps the execution live (or drops it once closed) and queues its write; returns the
    /// generation to wait for.
    private func finish(_ execution: LiveExecution, write: TransitionWrite) -> Int {
        if execution.state.isClosed {
            live[execution.record.executionArn] = nil
            notifyParent(of: execution.record)
        } else {
            live[execution.record.executionArn] = execution
            if !execution.timers.isEmpty { wake.signal() }
        }
        pending.append(write)
        return pendingGeneration
    }

    // MARK: Group commit

    /// Waits until every write queued up to `generation` is durable.
    private func commit(through generation: Int) async throws(AWSError) {
        drainDeferred()
        while committedGeneration < generation {
            if flushing {
                await withCheckedContinuation { flushWaiters.append($0) }
                continue
            }
            flushing = true
            let batch = pending
            pending = []
            let flushed = pendingGeneration
            pendingGeneration += 1
            do {
                try await store.commit(batch)
            } catch {
                logger.error("commit of \(batch.count) transitions failed: \(error)")
                failedGenerations.insert(flushed)
                await reload(batch.map(\.update.executionArn))
            }
            committedGeneration = flushed
            flushing = false
            let waiters = flushWaiters
            flushWaiters = []
            for waiter in waiters { waiter.resume() }
        }
        if failedGenerations.contains(generation) { throw AWSError.internalFailure("The transition could not be stored.") }
    }

    /// After a failed commit, forgets the in-memory state of these executions and rebuilds it
    /// from the store.
    private func reload(_ arns: [String]) async {
        for arn in Set(arns) { live[arn] = nil }
        do {
            let running = try store.runningExecutions().filter { arns.contains($0.record.executionArn) }
            for (record, journal, storedTimers) in running {
                try restore(record, journal: journal, timers: storedTimers)
            }
        } catch {
            logger.error("reload after a failed commit failed: \(error)")
        }
    }
}
