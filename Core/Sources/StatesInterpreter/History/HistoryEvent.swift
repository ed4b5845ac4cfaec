public import SluiceJSON

/// One event of an execution's history, as `GetExecutionHistory` returns it.
///
/// `details` is the type's details object (`stateEnteredEventDetails`, `taskScheduledEventDetails`, …)
/// already in wire shape: inputs and outputs are serialised JSON strings.
public struct HistoryEvent: Sendable, Hashable {
    /// 1-based, sequential within the execution.
    public var id: Int
    /// The event this one follows, with AWS's quirks (0 for the first state entered).
    public var previousEventId: Int
    /// When the event happened, in milliseconds since the Unix epoch.
    public var timestamp: Int64
    public var type: HistoryEventType
    /// The details object, or `nil` for types without one (`ParallelStateStarted`, …).
    /// State entered/exited details are built (and their payload serialised) when read.
    public var details: JSONObject? {
        get { storedDetails.object }
        set { storedDetails = .built(newValue) }
    }

    /// The details as recorded (see `EventDetails`).
    var storedDetails: EventDetails

    public init(id: Int, previousEventId: Int, timestamp: Int64, type: HistoryEventType, details: JSONObject?) {
        self.init(id: id, previousEventId: previousEventId, timestamp: timestamp, type: type, stored: .built(details))
    }

    init(id: Int, previousEventId: Int, timestamp: Int64, type: HistoryEventType, stored: EventDetails) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.storedDetails = stored
    }

    public static func == (lhs: HistoryEvent, rhs: HistoryEvent) -> Bool {
        lhs.id == rhs.id && lhs.previousEventId == rhs.previousEventId && lhs.timestamp == rhs.timestamp
            && lhs.type == rhs.type && lhs.details == rhs.details
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(previousEventId)
        hasher.combine(timestamp)
        hasher.combine(type)
        hasher.combine(details)
    }

    /// The event in the AWS JSON protocol's shape: `timestamp` as epoch seconds with a fraction,
    /// `type`, `id`, `previousEventId` and the details under the type's key.
    public var json: JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        object.appendUnique(key: "timestamp", value: .number(HistoryEvent.epochSeconds(timestamp)))
        object.appendUnique(key: "type", value: .string(type.rawValue))
        object.appendUnique(key: "id", value: .int(id))
        object.appendUnique(key: "previousEventId", value: .int(previousEventId))
        if let details { object.appendUnique(key: type.detailsKey, value: .object(details)) }
        return .object(object)
    }

    /// Milliseconds as epoch seconds; whole seconds stay integers.
    static func epochSeconds(_ millis: Int64) -> JSONNumber {
        if millis % 1000 == 0 { return JSONNumber(millis / 1000) }
        return JSONNumber(Double(millis) / 1000)
    }
}
