import Dispatch
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// What `/next` hands to the runtime.
struct RuntimeInvocation: Sendable {
    let requestId: String
    let request: InvocationRequest
    let deadlineMs: Int64
    let traceId: String
}

/// One execution environment: a runtime process, its own Runtime API listener
/// (`AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT`) and the state of the invocation it is running.
///
/// Every transition happens under one lock, so the runtime's requests (on NIO threads), the deadline
/// timer and the process's exit can race safely; each invocation is completed exactly once.
final class ExecutionEnvironment: Sendable {
    enum Phase: Sendable, Equatable {
        /// Binding the listener and spawning the process.
        case launching
        /// The process runs but has not asked for its first event yet.
        case initializing
        /// Waiting for work (its `/next` may be parked).
        case ready
        /// Running an invocation.
        case busy
        /// Gone: exited, killed or never started. Never reused.
        case dead
    }

    /// The invocation this environment owes a result for.
    struct Current: Sendable {
        let requestId: String
        let request: InvocationRequest
        let continuation: AsyncStream<InvocationEvent>.Continuation
        let assignedAt: ContinuousClock.Instant
        var deliveredAt: ContinuousClock.Instant?
        var responseStarted = false
        var streaming = false
        var responseBytes = 0
        var preStartOutput: [UInt8] = []
    }

    struct ParkedNext: Sendable {
        let token: UInt64
        let respond: @Sendable (RuntimeInvocation) -> Void
    }

    struct State: Sendable {
        var phase: Phase = .launching
        var current: Current?
        var lastCompletedRequestId: String?
        var parkedNext: ParkedNext?
        var timer: Scheduled<Void>?
        var retiring = false
        var pid: Int32 = 0
        var serverChannel: (any Channel)?
        var initDurationMs: Double?
        var initError: InvocationOutcome?
        var exitHandled = false
        var idleSince: ContinuousClock.Instant?
        var idleCheckScheduled = false
    }

    let function: LambdaFunction
    let region: String
    let logger: Logger
    let eventLoop: any EventLoop
    let launchedAt = ContinuousClock.now
    private let state = Mutex(State())
    private let output = ProcessOutput()
    private let processHolder = ProcessHolder()

    /// How long a warm environment may wait for work before it is stopped.
    let idleTimeout: Duration
    /// How long the process may take to ask for its first event.
    let initTimeoutSeconds: Int

    init(
        function: LambdaFunction, region: String, logger: Logger, eventLoop: any EventLoop, idleTimeout: Duration,
        initTimeoutSeconds: Int = ExecutionEnvironment.defaultInitTimeoutSeconds
    ) {
        self.function = function
        self.idleTimeout = idleTimeout
        self.initTimeoutSeconds = min(max(1, initTimeoutSeconds), 3600)
        self.region = region
        self.logger = logger
        self.eventLoop = eventLoop
    }

    deinit {
        // Never leave a consumer waiting: an invocation still owed ends as a crash would.
        state.withLock { state in
            guard let current = state.current else { return }
            state.current = nil
            let end = ProcessEnd.signaled(9)
            current.continuation.yield(
                .completed(
                    InvocationResult(
                        outcome: LambdaErrorDocuments.exit(requestId: current.requestId, status: end), log: [],
                        requestId: current.requestId)))
            current.continuation.finish()
        }
    }

    var phase: Phase { state.withLock { $0.phase } }
    var isDead: Bool { phase == .dead }
    var processIdentifier: Int32 { state.withLock { $0.pid } }

    // MARK: Host side

    /// Starts an invocation on this environment if it is idle (or still starting without work).
    func assign(_ current: Current) -> Bool {
        let (assigned, delivery) = state.withLock { state -> (Bool, (ParkedNext, RuntimeInvocation)?) in
            guard !state.retiring, state.current == nil else { return (false, nil) }
            switch state.phase {
            case .ready: state.phase = .busy
            case .launching, .initializing: break
            case .busy, .dead: return (false, nil)
            }
            state.current = current
            guard let parked = state.parkedNext else { return (true, nil) }
            state.parkedNext = nil
            return (true, (parked, deliverLocked(&state)))
        }
        if let (parked, invocation) = delivery { parked.respond(invocation) }
        return assigned
    }

    /// Marks the environment for retirement: stopped now if idle, else after its invocation.
    func retire() {
        let killNow = state.withLock { state -> Bool in
            state.retiring = true
            guard state.current == nil, state.phase != .dead else { return false }
            state.phase = .dead
            return true
        }
        if killNow { terminateProcess() }
    }

    /// Kills the process now; an invocation in flight ends as the process's exit reports it.
    func terminate() {
        state.withLock { $0.retiring = true }
        terminateProcess()
        // A process that never started has no exit to report.
        let neverStarted = state.withLock { $0.pid == 0 }
        if neverStarted {
            let document = LambdaErrorDocuments.document(
                type: "Runtime.ExitError", message: "The execution environment was shut down.")
            launchFailed(.functionError(type: "Runtime.ExitError", document: document))
        }
    }

    // MARK: Launch

    /// Binds the Runtime API listener and spawns the runtime process.
    func launch(group: any EventLoopGroup) async {
        let serverChannel: any Channel
        do {
            serverChannel = try await RuntimeAPIServer.bind(environment: self, group: group, eventLoop: eventLoop)
        } catch {
            launchFailed(serviceFailure("Cannot start the Runtime API listener: \(error)"))
            return
        }
        let port = serverChannel.localAddress?.port ?? 0
        let stillWanted = state.withLock { state -> Bool in
            state.serverChannel = serverChannel
            return state.phase != .dead
        }
        guard stillWanted else {
            serverChannel.close(promise: nil)
            return
        }
        let tools = RuntimeLauncher.HostTools(searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        guard let command = RuntimeLauncher.command(for: function, tools: tools) else {
            launchFailed(serviceFailure("The runtime \(function.runtime) is not supported."))
            return
        }
        if RuntimeLauncher.usesBootstrap(function.runtime) {
            let path = command.executable
            if !FileManager.default.fileExists(atPath: path) {
                launchFailed(
                    LambdaErrorDocuments.invalidEntrypoint(
                        requestId: currentRequestId,
                        detail: "Couldn't find valid bootstrap(s): [\(path) /opt/bootstrap]"))
                return
            }
            if !FileManager.default.isExecutableFile(atPath: path) {
                launchFailed(
                    LambdaErrorDocuments.invalidEntrypoint(
                        requestId: currentRequestId, detail: "fork/exec \(path): permission denied"))
                return
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.executable)
        process.arguments = command.arguments
        process.currentDirectoryURL = URL(fileURLWithPath: function.codeDirectory)
        process.environment = LambdaEnvironment.variables(
            for: function, region: region, runtimeAPI: "127.0.0.1:\(port)", extra: command.environment,
            host: ProcessInfo.processInfo.environment)
        process.standardInput = FileHandle.nullDevice
        // Strong references: a running process keeps its environment alive until its exit is handled,
        // even after the host has let go of it (shutdown, retire), so its invocation always ends.
        process.terminationHandler = { process in
            let end: ProcessEnd =
                process.terminationReason == .uncaughtSignal
                ? .signaled(process.terminationStatus) : .exited(process.terminationStatus)
            self.processExited(end)
        }
        let spawned = ProcessSpawner.spawn(process, output: output)
        let pid: Int32
        switch spawned {
        case .success(let spawnedPid):
            pid = spawnedPid
        case .failure(.pipe):
            launchFailed(serviceFailure("Cannot create the output pipe of the runtime process."))
            return
        case .failure(.spawn(let message)):
            let detail = "fork/exec \(command.executable): \(message)"
            launchFailed(LambdaErrorDocuments.invalidEntrypoint(requestId: currentRequestId, detail: detail))
            return
        }
        processHolder.set(process)
        // The pipe's end of file means the process is gone: reap it here too, since Foundation's own
        // exit notice can be held up by a descriptor leaked into a process spawned at the same time.
        output.startReading(queue: DispatchQueue.global()) {
            ProcessSpawner.reapInBackground(pid) { end in self.processExited(end) }
        }
        let killAfterAll = state.withLock { state -> Bool in
            state.pid = pid
            if state.phase == .launching { state.phase = .initializing }
            return state.phase == .dead
        }
        if killAfterAll { terminateProcess() }
        logger.debug("lambda environment started", metadata: ["function": "\(function.name)", "pid": "\(pid)", "port": "\(port)"])
    }

    private var currentRequestId: String { state.withLock { $0.current?.requestId ?? "" } }

    private func serviceFailure(_ message: String) -> InvocationOutcome {
        .functionError(type: "ServiceException", document: LambdaErrorDocuments.document(type: "ServiceException", message: message))
    }

    /// The environment could not start: fail its invocation and close what was opened.
    private func launchFailed(_ outcome: InvocationOutcome) {
        let channel = state.withLock { state -> (any Channel)? in
            state.phase = .dead
            completeLocked(&state, outcome, extraLog: [], status: "error")
            return state.serverChannel
        }
        channel?.close(promise: nil)
        output.stopReading()
    }

    // MARK: Runtime side (called from the Runtime API handlers)

    /// A runtime's `GET /next`: the invocation to answer with now, or parked until one is assigned.
    func nextRequested(token: UInt64, respond: @escaping @Sendable (RuntimeInvocation) -> Void) -> Result<
        RuntimeInvocation?, RuntimeAPIError
    > {
        state.withLock { state in
            switch state.phase {
            case .dead: return .failure(.environmentGone)
            case .launching, .initializing:
                state.initDurationMs = milliseconds(ContinuousClock.now - launchedAt)
                state.phase = state.current == nil ? .ready : .busy
            case .ready, .busy: break
            }
            if let current = state.current {
                guard current.deliveredAt == nil else { return .failure(.invalidStateTransition) }
                return .success(deliverLocked(&state))
            }
            state.parkedNext = ParkedNext(token: token, respond: respond)
            return .success(nil)
        }
    }

    /// The connection of a parked `/next` closed.
    func nextAbandoned(token: UInt64) {
        state.withLock { state in
            if state.parkedNext?.token == token { state.parkedNext = nil }
        }
    }

    /// The head of a `POST /{id}/response`: validates it and reports the response start.
    func beginResponse(requestId: String, mode: String?, contentType: String?, contentLength: Int?) -> Result<
        Void, RuntimeAPIError
    > {
        var retired = false
        defer { if retired { terminateProcess() } }
        return state.withLock { state in
            if let failure = validateCompletionLocked(state, requestId: requestId) { return .failure(failure) }
            let streaming: Bool
            switch mode {
            case nil, "": streaming = false
            case "streaming": streaming = true
            case let other?:
                retired = completeLocked(
                    &state, LambdaErrorDocuments.invalidResponseMode(other), extraLog: [], status: "error")
                return .failure(.invalidResponseMode)
            }
            if !streaming, let contentLength, contentLength > RuntimeAPILimits.maxBufferedPayload {
                retired = completeLocked(&state, LambdaErrorDocuments.responseTooLarge(), extraLog: [], status: "error")
                return .failure(.entityTooLarge)
            }
            state.current?.responseStarted = true
            state.current?.streaming = streaming
            state.current?.continuation.yield(.responseStarted(contentType: contentType, streaming: streaming))
            return .success(())
        }
    }

    /// Body bytes of a `/response`: forwarded at once. Fails when a buffered response grows too large.
    func responseChunk(requestId: String, _ bytes: [UInt8]) -> Result<Void, RuntimeAPIError> {
        var retired = false
        defer { if retired { terminateProcess() } }
        return state.withLock { state in
            guard let current = state.current, current.requestId == requestId, current.responseStarted else {
                return .success(())  // The invocation already ended (timeout): drop the bytes.
            }
            let total = current.responseBytes + bytes.count
            state.current?.responseBytes = total
            if !current.streaming, total > RuntimeAPILimits.maxBufferedPayload {
                retired = completeLocked(&state, LambdaErrorDocuments.responseTooLarge(), extraLog: [], status: "error")
                return .failure(.entityTooLarge)
            }
            if !bytes.isEmpty { current.continuation.yield(.chunk(bytes)) }
            return .success(())
        }
    }

    /// The end of a `/response` (with its trailers): completes the invocation.
    func finishResponse(requestId: String, trailers: HTTPHeaders?) {
        let outcome: InvocationOutcome
        if let trailers, let errorType = trailers.first(name: "Lambda-Runtime-Function-Error-Type"), !errorType.isEmpty {
            let body = trailers.first(name: "Lambda-Runtime-Function-Error-Body").map(LenientBase64.decode) ?? []
            outcome = .functionError(
                type: errorType,
                document: body.isEmpty ? LambdaErrorDocuments.document(type: errorType, message: "") : body)
        } else {
            outcome = .success
        }
        let retired = state.withLock { state -> Bool in
            guard let current = state.current, current.requestId == requestId, current.responseStarted else { return false }
            return completeLocked(&state, outcome, extraLog: [], status: nil)
        }
        if retired { terminateProcess() }
    }

    /// Checks a `/error` before its body is read.
    func validateError(requestId: String) -> RuntimeAPIError? {
        state.withLock { validateCompletionLocked($0, requestId: requestId) }
    }

    /// A runtime's `POST /{id}/error`.
    func postError(requestId: String, headerType: String?, body: [UInt8]) -> RuntimeAPIError? {
        let outcome = LambdaErrorDocuments.posted(body: body, headerType: headerType, fallback: "Unhandled")
        let (failure, retired) = state.withLock { state -> (RuntimeAPIError?, Bool) in
            if let failure = validateCompletionLocked(state, requestId: requestId) { return (failure, false) }
            return (nil, completeLocked(&state, outcome, extraLog: [], status: nil))
        }
        if retired { terminateProcess() }
        return failure
    }

    /// A runtime's `POST /init/error`: the environment fails its pending invocation and is stopped.
    func postInitError(headerType: String?, body: [UInt8]) -> RuntimeAPIError? {
        let outcome = LambdaErrorDocuments.posted(body: body, headerType: headerType, fallback: "Runtime.Unknown")
        let accepted = state.withLock { state -> Bool in
            guard state.phase == .initializing || state.phase == .launching else { return false }
            state.phase = .dead
            state.initError = outcome
            completeLocked(&state, outcome, extraLog: [], status: "error")
            return true
        }
        guard accepted else { return .invalidStateTransition }
        // Let the 202 reach the runtime before the process goes.
        eventLoop.scheduleTask(in: .milliseconds(50)) { [weak self] in
            self?.terminateProcess()
            return
        }
        return nil
    }

    // MARK: Timer and process end

    private func timedOut(requestId: String) {
        let fired = state.withLock { state -> Bool in
            guard state.current?.requestId == requestId, state.phase != .dead else { return false }
            state.phase = .dead
            completeLocked(
                &state, LambdaErrorDocuments.timeout(requestId: requestId, seconds: effectiveTimeoutSeconds),
                extraLog: [], status: "timeout")
            return true
        }
        if fired { terminateProcess() }
    }

    private func initTimedOut() {
        let fired = state.withLock { state -> Bool in
            guard state.phase == .initializing || state.phase == .launching else { return false }
            state.phase = .dead
            let requestId = state.current?.requestId ?? ""
            completeLocked(
                &state, LambdaErrorDocuments.timeout(requestId: requestId, seconds: initTimeoutSeconds),
                extraLog: [], status: "timeout")
            return true
        }
        if fired { terminateProcess() }
    }

    /// The function's timeout, kept within 1 s … 1 day (AWS allows 1 … 900).
    var effectiveTimeoutSeconds: Int { min(max(1, function.timeoutSeconds), 86_400) }

    /// Lambda's limit on the init phase: 10 s.
    static let defaultInitTimeoutSeconds = 10

    func armInitTimer() {
        let timer = eventLoop.scheduleTask(in: .seconds(Int64(initTimeoutSeconds))) { [weak self] in
            self?.initTimedOut()
            return
        }
        state.withLock { state in
            if state.phase == .launching || state.phase == .initializing, state.timer == nil {
                state.timer = timer
            } else {
                timer.cancel()
            }
        }
    }

    private func processExited(_ end: ProcessEnd) {
        let channel = state.withLock { state -> (any Channel)?? in
            guard !state.exitHandled else { return .none }
            state.exitHandled = true
            state.phase = .dead
            state.parkedNext = nil
            if let current = state.current {
                if let initError = state.initError {
                    completeLocked(&state, initError, extraLog: [], status: "error")
                } else {
                    let message = LambdaErrorDocuments.exitMessage(requestId: current.requestId, status: end)
                    completeLocked(
                        &state, LambdaErrorDocuments.exit(requestId: current.requestId, status: end),
                        extraLog: Array("\(message)\nRuntime.ExitError\n".utf8), status: "error")
                }
            }
            return .some(state.serverChannel)
        }
        guard let channel else { return }
        channel?.close(promise: nil)
        output.stopReading()
        processHolder.clear()
        logger.debug("lambda environment ended", metadata: ["function": "\(function.name)", "end": "\(end)"])
    }

    private func terminateProcess() {
        let (pid, channel) = state.withLock { state in
            state.phase = .dead
            return (state.pid, state.serverChannel)
        }
        if pid > 0 {
            if getpgid(pid) == pid { kill(-pid, SIGKILL) }
            kill(pid, SIGKILL)
        } else {
            channel?.close(promise: nil)
            output.stopReading()
        }
    }

    // MARK: Locked helpers

    private func validateCompletionLocked(_ state: State, requestId: String) -> RuntimeAPIError? {
        guard let current = state.current, current.requestId == requestId, current.deliveredAt != nil else {
            return state.lastCompletedRequestId == requestId ? .invalidStateTransition : .invalidRequestID
        }
        return current.responseStarted ? .invalidStateTransition : nil
    }

    /// Hands the assigned invocation to the runtime: stamps it, arms the deadline.
    private func deliverLocked(_ state: inout State) -> RuntimeInvocation {
        let now = ContinuousClock.now
        state.timer?.cancel()
        guard var current = state.current else {
            return RuntimeInvocation(requestId: "", request: InvocationRequest(payload: [], invokedFunctionArn: ""), deadlineMs: 0, traceId: "")
        }
        current.deliveredAt = now
        current.preStartOutput = output.take()
        state.current = current
        state.phase = .busy
        let requestId = current.requestId
        let timeout = effectiveTimeoutSeconds
        state.timer = eventLoop.scheduleTask(in: .seconds(Int64(timeout))) { [weak self] in
            self?.timedOut(requestId: requestId)
            return
        }
        let deadlineMs = Int64(Date().timeIntervalSince1970 * 1000) + Int64(timeout) * 1000
        return RuntimeInvocation(
            requestId: requestId, request: current.request, deadlineMs: deadlineMs,
            traceId: current.request.traceId ?? TraceID.generate())
    }

    /// Ends the current invocation with `outcome`: builds its log, emits `.completed`, frees the
    /// environment. Returns true when the environment is retiring and its process must stop.
    @discardableResult
    private func completeLocked(_ state: inout State, _ outcome: InvocationOutcome, extraLog: [UInt8], status: String?)
        -> Bool
    {
        guard let current = state.current else { return false }
        state.current = nil
        state.lastCompletedRequestId = current.requestId
        state.timer?.cancel()
        state.timer = nil
        let started = current.deliveredAt ?? current.assignedAt
        let duration = milliseconds(ContinuousClock.now - started)
        let printed = output.take()
        let version = "$LATEST"
        var log = current.preStartOutput
        log.reserveCapacity(log.count + printed.count + 256)
        log.append(contentsOf: InvocationLog.start(requestId: current.requestId, version: version).utf8)
        log.append(contentsOf: printed)
        log.append(contentsOf: extraLog)
        log.append(contentsOf: InvocationLog.end(requestId: current.requestId).utf8)
        log.append(
            contentsOf: InvocationLog.report(
                requestId: current.requestId, durationMs: duration, memorySizeMB: function.memorySizeMB,
                maxMemoryUsedMB: MemoryUsage.maxResidentMB(pid: state.pid), initDurationMs: state.initDurationMs,
                status: status
            ).utf8)
        state.initDurationMs = nil
        current.continuation.yield(
            .completed(InvocationResult(outcome: outcome, log: log, executedVersion: version, requestId: current.requestId)))
        current.continuation.finish()
        if state.phase == .busy || state.phase == .ready {
            if state.retiring {
                state.phase = .dead
                return true
            }
            state.phase = .ready
            state.idleSince = .now
            if !state.idleCheckScheduled {
                state.idleCheckScheduled = true
                scheduleIdleCheck(after: idleTimeout)
            }
        }
        return false
    }

    // MARK: Idle reclaim

    /// Stops the environment once it has been idle for `idleTimeout` (AWS reclaims idle
    /// environments too); one check is outstanding at a time and re-arms for the remainder.
    private func scheduleIdleCheck(after delay: Duration) {
        let nanoseconds = max(Int64(1_000_000), Int64(delay.components.seconds) * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
        eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { [weak self] in
            self?.idleCheck()
            return
        }
    }

    private func idleCheck() {
        let (stop, remaining) = state.withLock { state -> (Bool, Duration?) in
            guard state.phase == .ready, state.current == nil, let idleSince = state.idleSince else {
                state.idleCheckScheduled = false
                return (false, nil)
            }
            let idle = ContinuousClock.now - idleSince
            if idle >= idleTimeout {
                state.phase = .dead
                state.idleCheckScheduled = false
                return (true, nil)
            }
            return (false, idleTimeout - idle)
        }
        if stop {
            logger.debug("lambda environment reclaimed after idling", metadata: ["function": "\(function.name)"])
            terminateProcess()
        } else if let remaining {
            scheduleIdleCheck(after: remaining)
        }
    }

    private func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Keeps the `Process` object alive while it runs.
private final class ProcessHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var process: Process?

    func set(_ process: Process) {
        lock.lock()
        self.process = process
        lock.unlock()
    }

    func clear() {
        lock.lock()
        process = nil
        lock.unlock()
    }
}
