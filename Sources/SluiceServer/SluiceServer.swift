public import Logging
import Hummingbird
import ServiceLifecycle
import UnixSignals
import SluiceAPI
import SluiceLambda
import SluiceDynamoDB
import SluiceStore

/// `sluice serve`: on one port, the Step Functions and DynamoDB APIs over AWS JSON 1.0, the Lambda
/// REST API and function URLs, and live execution events; Standard executions and DynamoDB items
/// durable in SQLite, Express executions in memory, functions in local processes. SIGTERM/SIGINT
/// drain in-flight requests, end live streams, stop function processes and stop.
public enum SluiceServer {
    /// Opens the store, recovers running executions, and serves until a shutdown signal.
    public static func run(_ configuration: ServerConfiguration, logger: Logger) async throws {
        let parts = try Parts(configuration, logger: logger)
        try await parts.standard.recover()
        let responder = parts.router
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, context in
                await responder.respond(to: request, context: context)
            },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                logger.info(
                    "sluice serving the Step Functions, Lambda and DynamoDB APIs on \(channel.localAddress?.description ?? "?") (data: \(configuration.dataDirectory), time scale: \(configuration.timeScale))"
                )
            },
            logger: logger)
        let timers = TimerService(engine: parts.standard, wake: parts.wake)
        let lambdaHost = LambdaHostService(host: parts.lambdaHost)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // Shut down last to first: live event feeds end before the HTTP server drains.
                services: [
                    .init(service: lambdaHost), .init(service: app), .init(service: timers),
                    .init(service: EventHubService(hub: parts.standard.eventHub)),
                ],
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
        /// Runs Lambda functions (warm processes through the Runtime API).
        let lambdaHost: LambdaHost
        let lambda: LambdaResponder
        /// Sends each request to the Lambda API or the Step Functions protocol by its path.
        let router: FrontRouter
        let dynamoDB: DynamoDBService

        /// `extraIntegrations` lets tests add task integrations of their own.
        init(_ configuration: ServerConfiguration, logger: Logger, extraIntegrations: [any TaskIntegration] = []) throws {
            store = try Store(directory: configuration.dataDirectory)
            dynamoDB = DynamoDBService(
                store: store, region: configuration.location.region, account: configuration.location.account)
            wake = WakeSignal()
            lambdaHost = LambdaHost(region: configuration.location.region, logger: logger)
            let publicHost = configuration.host == "0.0.0.0" || configuration.host == "::" ? "127.0.0.1" : configuration.host
            let lambdaService = LambdaService(
                registry: try FunctionRegistry(
                    store: store, location: configuration.location, dataDirectory: configuration.dataDirectory, logger: logger),
                host: lambdaHost, location: configuration.location, baseURL: "http://\(publicHost):\(configuration.port)",
                timeScale: configuration.timeScale, logger: logger)
            // The services Task states call; each integration appends itself here.
            let integrations = TaskIntegrations(
                [LambdaTaskIntegration(service: lambdaService), DynamoDBTaskIntegration(service: dynamoDB)]
                    + extraIntegrations)
            standard = StandardEngine(
                store: store, location: configuration.location, timeScale: configuration.timeScale, logger: logger,
                wake: wake, integrations: integrations)
            let expressEvents = ExpressEventLog(hub: standard.eventHub)
            let secret = try store.meta("page-token-secret") { RandomID.uuid() + RandomID.uuid() }
            let context = ServiceContext(
                store: store, standard: standard,
                express: ExpressRunner(timeScale: configuration.timeScale, integrations: integrations, events: expressEvents),
                location: configuration.location, tokens: PageTokens(secret: secret), interpreters: InterpreterStore(),
                logger: logger, activityPollMilliseconds: configuration.activityPollMilliseconds)
            dispatcher = Dispatcher(context: context, dynamoDB: DynamoDBAdapter(service: dynamoDB))
            responder = AWSJSONResponder(dispatcher: dispatcher, bodyLimit: configuration.bodyLimit)
            let events = EventStreamResponder(store: store, hub: standard.eventHub, express: expressEvents)
            lambda = LambdaResponder(service: lambdaService)
            router = FrontRouter(awsJSON: responder, lambda: lambda, events: events)
        }
    }
}

/// Starts the Lambda host with the server and stops its processes at graceful shutdown.
struct LambdaHostService: Service {
    let host: LambdaHost

    func run() async throws {
        try await host.start()
        try? await gracefulShutdown()
        await host.shutdown()
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
