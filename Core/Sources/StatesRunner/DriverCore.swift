import SluiceJSON
import StatesInterpreter

/// What both drivers share: the execution state, the history so far, and the work the last
/// transitions asked for.
struct DriverCore {
    let interpreter: Interpreter
    var state = ExecutionState()
    var history: [HistoryEvent] = []
    /// Tasks to invoke, in the order the interpreter asked.
    var invocations: [TaskRequest] = []
    /// Pending timers: id → due (epoch milliseconds).
    var timers: [Int: Int64] = [:]
    /// Tasks the interpreter no longer wants.
    var cancelledTasks: Set<Int> = []
    /// Told of the history events of every transition as it is applied (see `LocalRunner.run`).
    let onEvents: HistoryObserver?

    init(interpreter: Interpreter, onEvents: HistoryObserver? = nil) {
        self.interpreter = interpreter
        self.onEvents = onEvents
    }

    mutating func apply(_ event: InputEvent, now: Int64) {
        let result = interpreter.apply(event, to: &state, now: now)
        history.append(contentsOf: result.events)
        if let onEvents, !result.events.isEmpty { onEvents(result.events) }
        for effect in result.effects {
            switch effect {
            case .invokeTask(let request): invocations.append(request)
            case .startTimer(let id, let due): timers[id] = due
            case .cancelTimer(let id): timers[id] = nil
            case .cancelTask(let id):
                invocations.removeAll { $0.taskId == id }
                cancelledTasks.insert(id)
            case .executionClosed: break
            }
        }
    }

    /// The input events an outcome stands for, in order.
    static func events(for outcome: TaskOutcome, taskId: Int) -> [InputEvent] {
        var events: [InputEvent] = []
        var current = outcome
        while true {
            switch current {
            case .succeeded(let output): events.append(.taskSucceeded(taskId: taskId, output: output))
            case .failed(let error, let cause): events.append(.taskFailed(taskId: taskId, error: error, cause: cause))
            case .noAnswer: break
            case .submitted(let response, let then):
                events.append(.taskSubmitted(taskId: taskId, output: response))
                current = then
                continue
            }
            return events
        }
    }

    /// The earliest pending timer (ties by id, the order they were started).
    var nextTimer: (id: Int, due: Int64)? {
        var best: (id: Int, due: Int64)?
        for (id, due) in timers {
            if let b = best, (b.due, b.id) <= (due, id) { continue }
            best = (id, due)
        }
        return best
    }

    func result(executionArn: String) -> RunResult {
        let outcome = state.outcome
        return RunResult(
            status: state.status.rawValue, output: outcome?.output, error: outcome?.error, cause: outcome?.cause,
            history: history, executionArn: executionArn)
    }
}

/// Time scale 0: tasks complete at the instant they are invoked; timers fire one by one in due
/// order and the clock jumps to each due time.
struct VirtualTimeDriver {
    var core: DriverCore
    let handler: any TaskHandler
    var now: Int64

    init(interpreter: Interpreter, handler: any TaskHandler, now: Int64, onEvents: HistoryObserver? = nil) {
        self.core = DriverCore(interpreter: interpreter, onEvents: onEvents)
        self.handler = handler
        self.now = now
    }

    mutating func run(start: InputEvent) async {
        core.apply(start, now: now)
        while !core.state.isClosed {
            if !core.invocations.isEmpty {
                let request = core.invocations.removeFirst()
                core.apply(.taskStarted(taskId: request.taskId, workerName: LocalWorker.name), now: now)
                let outcome = await handler.invoke(request)
                for event in DriverCore.events(for: outcome, taskId: request.taskId) { core.apply(event, now: now) }
                continue
            }
            guard let timer = core.nextTimer else { break }
            core.timers[timer.id] = nil
            now = max(now, timer.due)
            core.apply(.timerFired(timerId: timer.id), now: now)
        }
    }

    func result(executionArn: String) -> RunResult { core.result(executionArn: executionArn) }
}

/// The worker name local activity tasks report.
enum LocalWorker {
    static let name = "sluice-local"
}

/// Time scale N > 0: tasks run concurrently; every timer, and the heartbeat deadline of every
/// task, takes N times its nominal real time. The history clock shows nominal time.
struct ScaledTimeDriver {
    enum Arrival: Sendable {
        case task(Int, TaskOutcome)
        case timer(Int)
        case heartbeat(Int)
    }

    var core: DriverCore
    let handler: any TaskHandler
    let startTime: Int64
    let scale: Double
    let clock: ContinuousClock
    let origin: ContinuousClock.Instant
    var sleepers: [Int: Task<Void, Never>] = [:]
    var workers: [Task<Void, Never>] = []

    init(
        interpreter: Interpreter, handler: any TaskHandler, startTime: Int64, scale: Double, clock: ContinuousClock,
        onEvents: HistoryObserver? = nil
    ) {
        self.core = DriverCore(interpreter: interpreter, onEvents: onEvents)
        self.handler = handler
        self.startTime = startTime
        self.scale = scale
        self.clock = clock
        self.origin = clock.now
    }

    /// Nominal time: real time elapsed since the start, divided by the scale.
    var now: Int64 {
        let elapsed = origin.duration(to: clock.now)
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return startTime &+ ScaledTimeDriver.millis(ms / scale)
    }

    /// Milliseconds as a sleepable integer: negative and NaN give 0, huge values a century.
    static func millis(_ value: Double) -> Int64 {
        guard value.isFinite, value > 0 else { return 0 }
        return Int64(min(value, 3_155_760_000_000).rounded())
    }

    mutating func run(start: InputEvent) async {
        core.apply(start, now: now)
        // An execution can close in its first transition (Pass, Succeed, Fail, a runtime error):
        // then nothing will ever arrive.
        if core.state.isClosed { return }
        let (stream, continuation) = AsyncStream<Arrival>.makeStream()
        dispatch(continuation)
        for await arrival in stream {
            switch arrival {
            case .task(let id, let outcome):
                for event in DriverCore.events(for: outcome, taskId: id) { core.apply(event, now: now) }
            case .timer(let id):
                guard core.timers.removeValue(forKey: id) != nil else { continue }
                core.apply(.timerFired(timerId: id), now: now)
            case .heartbeat(let id): core.apply(.heartbeatMissed(taskId: id), now: now)
            }
            if core.state.isClosed { break }
            dispatch(continuation)
        }
        continuation.finish()
        for sleeper in sleepers.values { sleeper.cancel() }
        for worker in workers { worker.cancel() }
    }

    /// Starts the tasks and timers the last transition asked for.
    mutating func dispatch(_ continuation: AsyncStream<Arrival>.Continuation) {
        for (id, sleeper) in sleepers where core.timers[id] == nil {
            sleeper.cancel()
            sleepers[id] = nil
        }
        for (id, due) in core.timers where sleepers[id] == nil {
            let delay = ScaledTimeDriver.millis(Double(due) * scale - Double(now) * scale)
            sleepers[id] = Task {
                try? await Task.sleep(for: .milliseconds(delay))
                if !Task.isCancelled { continuation.yield(.timer(id)) }
            }
        }
        let requests = core.invocations
        core.invocations.removeAll()
        for request in requests {
            core.apply(.taskStarted(taskId: request.taskId, workerName: LocalWorker.name), now: now)
            let handler = self.handler
            workers.append(
                Task {
                    let outcome = await handler.invoke(request)
                    continuation.yield(.task(request.taskId, outcome))
                })
            if let heartbeat = request.heartbeatSeconds {
                let delay = ScaledTimeDriver.millis(Double(heartbeat) * 1000 * scale)
                workers.append(
                    Task {
                        try? await Task.sleep(for: .milliseconds(delay))
                        if !Task.isCancelled { continuation.yield(.heartbeat(request.taskId)) }
                    })
            }
        }
    }

    func result(executionArn: String) -> RunResult { core.result(executionArn: executionArn) }
}
