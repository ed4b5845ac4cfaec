public import Logging
import Hummingbird
import ServiceLifecycle
import UnixSignals
import SluiceAPI
import SluiceDynamoDB
import SluiceStore

/// `sluice serve`: the Step Functions API over AWS JSON 1.0, Standard executions durable in
/// SQLite, Express executions in memory. SIGTERM/SIGINT drain in-flight requests and stop.
public enum SluiceServer {
    /// Opens the store, recovers running executions, and serves until a shutdown signal.
    public static func run(_ configuration: ServerConfiguration, logger: Logger) async throws {
        let parts = try Parts(configuration, logger: logger)
        try await parts.standard.recover()
        let responder = parts.responder
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, context in
                await responder.respond(to: request, context: context)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                logger.info(
                    "sluice serving the Step Functions API on \(channel.localAddress?.description ?? "?") (data: \(configuration.dataDirectory), time scale: \(configuration.timeScale))"
                )
            },
            logger: logger)
        let timers = TimerService(engine: parts.standard, wake: parts.wake)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: app), .init(service: timers)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The server's pieces, wired together (also used by tests, without HTTP).
    struct Parts {
        let store: Store
        let standard: StandardEngine
        let wake: WakeSignal
        let dispatcher: Dispatcher
        let responder: AWSJSONResponder
        let dynamoDB: DynamoDBService

        /// `extraIntegrations` lets tests add task integrations of their own.
        init(_ configuration: ServerConfiguration, logger: Logger, extraIntegrations: [any TaskIntegration] = []) throws {
            store = try Store(directory: configuration.dataDirectory)
            dynamoDB = DynamoDBService(
                store: store, region: configuration.location.region, account: configuration.location.account)
            wake = WakeSignal()
            // The services Task states call; each integration appends itself here.
            let integrations = TaskIntegrations([DynamoDBTaskIntegration(service: dynamoDB)] + extraIntegrations)
            standard = StandardEngine(
                store: store, location: configuration.location, timeScale: configuration.timeScale, logger: logger,
                wake: wake, integrations: integrations)
            let secret = try store.meta("page-token-secret") { RandomID.uuid() + RandomID.uuid() }
            let context = ServiceContext(
                store: store, standard: standard, express: ExpressRunner(timeScale: configuration.timeScale, integrations: integrations),
                location: configuration.location, tokens: PageTokens(secret: secret), interpreters: InterpreterStore(),
                logger: logger, activityPollMilliseconds: configuration.activityPollMilliseconds)
            dispatcher = Dispatcher(context: context, dynamoDB: DynamoDBAdapter(service: dynamoDB))
            responder = AWSJSONResponder(dispatcher: dispatcher, bodyLimit: configuration.bodyLimit)
        }
    }
}

/// Fires due timers: sleeps until the next one (or until a new timer wakes it), fires, repeats.
struct TimerService: Service {
    let engine: StandardEngine
    let wake: WakeSignal

    func run() async throws {
        let engine = self.engine
        await withGracefulShutdownHandler {
            await loop()
        } onGracefulShutdown: {
            Task { await engine.drain() }
        }
    }

    private func loop() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let next = await engine.fireDueTimers()
                let delay = next.map { $0 - WallClock.now() }
                if let delay, delay <= 0 { continue }
                if let delay {
                    await wake.wait(upTo: delay)
                } else {
                    await wake.wait()
                }
            }
        }
    }
}
