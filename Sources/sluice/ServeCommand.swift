import ArgumentParser
import Foundation
import Logging
import SluiceAPI
import SluiceServer

/// `sluice serve`: the Step Functions API on HTTP (AWS JSON 1.0), for boto3, the AWS CLI and SDKs.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Step Functions API (AWS JSON 1.0) with a durable SQLite store.",
        discussion: """
            Point any AWS SDK at it with an endpoint URL, e.g.
              aws stepfunctions --endpoint-url http://127.0.0.1:8083 list-state-machines
            Any credentials are accepted. Environment: SLUICE_HOST, SLUICE_PORT, SLUICE_DATA,
            SLUICE_ACCOUNT, SLUICE_REGION (options win).
            """)

    @Option(name: .long, help: "The address to listen on (default 127.0.0.1, or $SLUICE_HOST).")
    var host: String?

    @Option(name: .long, help: "The port to listen on (default 8083, or $SLUICE_PORT).")
    var port: Int?

    @Option(name: .long, help: "The data folder, created on first start (default ./.sluice, or $SLUICE_DATA).")
    var data: String?

    @Option(name: .customLong("time-scale"), help: "Scale every timer by N; 0 runs on virtual time (default 1).")
    var timeScale: Double = 1

    @Option(name: .long, help: "The account id in ARNs (default 123456789012, or $SLUICE_ACCOUNT).")
    var account: String?

    @Option(name: .long, help: "The region in ARNs (default us-east-1, or $SLUICE_REGION).")
    var region: String?

    @Option(name: .customLong("activity-poll-seconds"), help: "How long GetActivityTask waits for a task (default 60).")
    var activityPollSeconds: Double = 60

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    mutating func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard timeScale >= 0, timeScale.isFinite else { throw ValidationError("--time-scale must be 0 or more") }
        guard activityPollSeconds >= 0, activityPollSeconds <= 3600 else {
            throw ValidationError("--activity-poll-seconds must be 0…3600")
        }
        let portValue = port ?? environment["SLUICE_PORT"].flatMap { Int($0) } ?? 8083
        guard (0...65535).contains(portValue) else { throw ValidationError("--port must be 0…65535") }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level \(logLevel)") }
        let accountValue = account ?? environment["SLUICE_ACCOUNT"] ?? "123456789012"
        guard accountValue.count == 12, accountValue.allSatisfy(\.isNumber) else {
            throw ValidationError("--account must be 12 digits")
        }
        let configuration = ServerConfiguration(
            host: host ?? environment["SLUICE_HOST"] ?? "127.0.0.1", port: portValue,
            dataDirectory: data ?? environment["SLUICE_DATA"] ?? ".sluice", timeScale: timeScale,
            location: ServiceLocation(region: region ?? environment["SLUICE_REGION"] ?? "us-east-1", account: accountValue),
            activityPollMilliseconds: Int64((activityPollSeconds * 1000).rounded()))
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        try await SluiceServer.run(configuration, logger: Logger(label: "sluice"))
    }
}
