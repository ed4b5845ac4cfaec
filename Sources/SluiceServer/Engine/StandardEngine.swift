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
    /// The services Task states call, beyond activities and nested executions.
    let integrations: TaskIntegrations
    /// Integration calls waiting for their transition's commit.
    var dispatches: [IntegrationDispatch] = []
    /// Watchers of executions' events; told of each commit's events once durable.
    let eventHub = ExecutionEventHub()

    var live: [String: LiveExecution] = [:]
    var interpreters = InterpreterCache()
    var timers = TimerHeap()
    var activities = ActivityTaskRegistry()
    /// GetActivityTask calls waiting for work, per activity ARN.
    var pollers: [String: [(id: Int, continuation: CheckedContinuation<Void, Never>)]] = [:]
    var nextPollerId = 0
    var heartbeatGeneration = 0
    /// Work created while another execution was being transitioned (nested executions starting,
    /// children reporting to their parents), done before the turn's writes are committed.
    enum Deferred {
        case settle(String)
        case deliver(String, InputEvent)
    }
    var deferred: [Deferred] = []
    /// Nested executions one turn may start before the rest wait for the next turn.
    static let deferredBudget = 10_000

    /// Set on graceful shutdown: GetActivityTask answers at once instead of waiting.
    var draining = false

    // Group commit.
    var pending: [TransitionWrite] = []
    var pendingGeneration = 1
    var committedGeneration = 0
    var flushing = false
    var flushWaiters: [CheckedContinuation<Void, Never>] = []
    var failedGenerations: Set<Int> = []

    /// Timers a single call fires inline in virtual time before leaving the rest to the timer loop.
    static let inlineTimerBudget = 256
    /// The same for each execution the timer loop visits, so that one looping execution cannot
    /// starve the others.
    static let loopTimerBudget = 16

    init(
        store: Store, location: ServiceLocation, timeScale: Double, logger: Logger, wake: WakeSignal,
        integrations: TaskIntegrations = TaskIntegrations()
    ) {
        self.integrations = integrations
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
        launchDispatches(committed: committedGeneration)
        wake.signal()
    }

    struct RecoveryError: Error, CustomStringConvertible {
        var description: String
    }

    /// Rebuilds one execution by replaying its journal, and schedules its pending timers.
    func restore(_ record: ExecutionRecord, journal: [JournalEntry], timers stored: [TimerRecord]) throws {
        guard let revision = try store.revisionSync(arn: record.stateMachineArn, revision: record.revision) else {
            throw RecoveryError(description: "its state machine revision is gone")
        }
        let interpreter = try interpreters.interpreter(for: revision)
        var state = ExecutionState()
        var inFlight = InFlightTasks()
        for entry in journal {
            let event = try InputEventCodec.decode(entry.event)
            let result = interpreter.apply(event, to: &state, now: entry.nowMs)
            inFlight.record(event, effects: result.effects)
        }
        guard state.eventCount == record.eventCount else {
            throw RecoveryError(description: "replay gave \(state.eventCount) events, the store has \(record.eventCount)")
        }
        var execution = LiveExecution(interpreter: interpreter, state: state, record: record, timers: [:])
        redispatch(inFlight.unanswered, execution: &execution)
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
    func restoreActivityTasks() throws {
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
    func now(_ record: ExecutionRecord) -> Int64 {
        let wall = WallClock.now()
        let nominal = timeScale > 0 ? record.startMs + Int64((Double(wall - record.startMs) / timeScale).rounded(.down)) : wall
        return max(record.lastNowMs, nominal)
    }

    /// When (wall time) a timer due at `due` on the execution clock fires.
    func deliverAt(due: Int64, startMs: Int64) -> Int64 {
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
        // A point read on the actor's thread: cheaper than two thread hops for an async read.
        let exists: Bool
        do {
            exists = try store.executionExistsSync(arn: arn)
        } catch {
            throw AWSError.internalFailure()
        }
        if exists { throw AWSError.executionAlreadyExists(arn) }

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
        apply(
            startEvent(revision, executionArn: arn, name: name, input: input, inputText: inputText, now: startMs),
            now: startMs, to: &execution, write: &write)
        write.insert = execution.record
        settle(&execution, write: &write, budget: Self.inlineTimerBudget)
        let generation = finish(execution, write: write)
        try await commit(through: generation)
        return Started(executionArn: arn, startMs: startMs)
    }

    /// The input event that starts an execution of `revision`: who it is, a fresh random seed, and
    /// the activities it names that do not exist now (its Tasks on them fail, as on AWS).
    func startEvent(
        _ revision: StateMachineRecord, executionArn: String, name: String, input: JSONValue, inputText: String,
        now: Int64
    ) -> InputEvent {
        var metadata = ExecutionMetadata(
            executionArn: executionArn, executionName: name, stateMachineArn: revision.arn,
            stateMachineName: revision.name, roleArn: revision.roleArn, startTime: now)
        metadata.missingActivities = Set(
            interpreters.activityArns(of: revision).filter { (try? store.activityExistsSync(arn: $0)) == false })
        var random = SystemRandomNumberGenerator()
        return .start(input: input, inputText: inputText, metadata: metadata, seed: random.next())
    }

    func idempotent(_ existing: LiveExecution, inputText: String) async throws(AWSError) -> Started {
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
}
