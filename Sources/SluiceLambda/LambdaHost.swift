import Foundation
import Logging
import NIOCore
import NIOPosix

/// Runs functions in warm processes through the Lambda Runtime API.
///
/// Each function has a pool of execution environments (one process and one Runtime API listener
/// each), at most `concurrencyLimit`. An invocation takes an idle environment or starts a new one;
/// when every environment is busy and the limit is reached, `invoke` throws `tooManyRequests`.
/// Environments that time out, crash or belong to an older `revision` are removed; the next
/// invocation starts a fresh process.
public actor LambdaHost {
    let region: String
    let logger: Logger
    let group: any EventLoopGroup
    private var pools: [String: [ExecutionEnvironment]] = [:]

    /// How long a warm process may wait for work before it is stopped (AWS reclaims idle
    /// environments after some minutes).
    let idleTimeout: Duration

    /// How long a new process may take to ask for its first event (Lambda: 10 s).
    let initTimeoutSeconds: Int

    public init(
        region: String, logger: Logger, idleTimeout: Duration = .seconds(600), initTimeoutSeconds: Int = 10
    ) {
        self.region = region
        self.logger = logger
        self.idleTimeout = idleTimeout
        self.initTimeoutSeconds = initTimeoutSeconds
        self.group = MultiThreadedEventLoopGroup.singleton
    }

    /// Starts what it needs (Runtime API listeners); call once. (Listeners are per environment and
    /// opened on demand, so there is nothing to start up front.)
    public func start() async throws {}

    /// Starts an invocation; its events arrive on the returned stream.
    public func invoke(_ function: LambdaFunction, _ request: InvocationRequest) throws(LambdaInvokeError)
        -> AsyncStream<InvocationEvent>
    {
        guard RuntimeLauncher.supports(function.runtime) else {
            throw .serviceError("The runtime \(function.runtime) is not supported by this Lambda host.")
        }
        guard request.payload.count <= RuntimeAPILimits.maxRequestPayload else {
            throw .requestTooLarge(
                "Request must be smaller than \(RuntimeAPILimits.maxRequestPayload) bytes for the Invoke operation")
        }
        var pool = (pools[function.name] ?? []).filter { environment in
            if environment.isDead { return false }
            if !Self.sameConfiguration(environment.function, function) {
                environment.retire()
                return false
            }
            return true
        }
        defer { pools[function.name] = pool }

        let (stream, continuation) = AsyncStream<InvocationEvent>.makeStream(bufferingPolicy: .unbounded)
        let current = ExecutionEnvironment.Current(
            requestId: request.requestId ?? UUID().uuidString.lowercased(), request: request,
            continuation: continuation, assignedAt: .now)
        for environment in pool where environment.assign(current) {
            return stream
        }
        guard pool.count < max(1, function.concurrencyLimit) else {
            continuation.finish()
            throw .tooManyRequests("Rate Exceeded.")
        }
        let environment = ExecutionEnvironment(
            function: function, region: region, logger: logger, eventLoop: group.next(), idleTimeout: idleTimeout,
            initTimeoutSeconds: initTimeoutSeconds)
        _ = environment.assign(current)
        pool.append(environment)
        let group = self.group
        Task {
            await environment.launch(group: group)
            environment.armInitTimer()
        }
        return stream
    }

    /// Whether a process started for `old` can serve `new` (the concurrency limit may change freely).
    static func sameConfiguration(_ old: LambdaFunction, _ new: LambdaFunction) -> Bool {
        var old = old
        old.concurrencyLimit = new.concurrencyLimit
        return old == new
    }

    /// The process ids of a function's live environments (for tests and diagnostics).
    public func processIdentifiers(functionName: String) -> [Int32] {
        (pools[functionName] ?? []).filter { !$0.isDead }.map(\.processIdentifier).filter { $0 > 0 }
    }

    /// Stops the warm processes of a function (deleted, or code/configuration updated).
    public func retire(functionName: String) async {
        for environment in pools.removeValue(forKey: functionName) ?? [] { environment.retire() }
    }

    /// Stops every process (server shutdown).
    public func shutdown() async {
        let all = pools.values.flatMap { $0 }
        pools = [:]
        for environment in all { environment.terminate() }
    }
}
