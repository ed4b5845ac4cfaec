import ServiceLifecycle

/// Ends every live event feed when the server starts shutting down, so that the HTTP server's
/// graceful shutdown does not wait for watchers of long-running executions.
struct EventHubService: Service {
    let hub: ExecutionEventHub

    func run() async throws {
        try? await gracefulShutdown()
        hub.stop()
    }
}
