public import SluiceAPI

/// How `sluice serve` runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The data folder (created on first start); the database is `sluice.sqlite` inside.
    public var dataDirectory: String
    /// 0: virtual time; N > 0: every timer takes N times its nominal duration.
    public var timeScale: Double
    public var location: ServiceLocation
    /// Requests with a larger body are refused with an AWS error.
    public var bodyLimit: Int
    /// How long GetActivityTask waits for a task before answering with none (AWS: 60 s).
    public var activityPollMilliseconds: Int64

    public init(
        host: String = "127.0.0.1", port: Int = 8083, dataDirectory: String = ".sluice", timeScale: Double = 1,
        location: ServiceLocation = ServiceLocation(), bodyLimit: Int = 10 * 1024 * 1024,
        activityPollMilliseconds: Int64 = 60_000
    ) {
        self.activityPollMilliseconds = activityPollMilliseconds
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.timeScale = timeScale
        self.location = location
        self.bodyLimit = bodyLimit
    }
}
