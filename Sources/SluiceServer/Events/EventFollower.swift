/// Where a watcher reads what it missed: the store for Standard executions, the in-memory log
/// for Express ones.
struct EventBacklog: Sendable {
    /// Up to `limit` events with ids after `after`, in order.
    let page: @Sendable (_ after: Int, _ limit: Int) async throws -> [StreamedEvent]
    /// Whether the execution has closed (its closing event is then readable through `page`).
    let isClosed: @Sendable () async throws -> Bool
}

/// Follows one execution for one watcher: the backlog after an event id, then the live feed,
/// each event exactly once and in order, until the closing event, a fall behind, or a stop.
enum EventFollower {
    enum End: Sendable, Equatable {
        /// The closing event was sent (or had been sent before `after`).
        case closed
        /// The watcher's buffer overflowed; it resumes after `lastEventId`.
        case fellBehind
        /// The server is stopping (or the watcher went away).
        case stopped
    }

    static let pageSize = 500

    /// `subscription` must have been taken before this call's backlog reads (it is: the caller
    /// subscribes, then calls this). `send` writes events to the watcher. Returns how the feed
    /// ended and the id of the last event sent (or `after`).
    static func follow(
        _ subscription: ExecutionEventHub.Subscription, backlog: EventBacklog, after: Int,
        send: ([StreamedEvent]) async throws -> Void
    ) async throws -> (end: End, lastEventId: Int) {
        var last = max(0, after)

        /// Sends what the backlog has after `last`; true when that included the closing event.
        func catchUp() async throws -> Bool {
            while true {
                let page = try await backlog.page(last, pageSize)
                let fresh = page.drop { $0.id <= last }
                if let final = fresh.last {
                    try await send(Array(fresh))
                    last = final.id
                    if final.closes { return true }
                }
                if page.count < pageSize { return false }
            }
        }

        if try await catchUp() { return (.closed, last) }
        if try await backlog.isClosed() {
            _ = try await catchUp()  // what was committed between the two reads
            return (.closed, last)
        }
        while true {
            switch await subscription.next() {
            case .events(let events):
                var fresh = events.drop { $0.id <= last }
                guard let first = fresh.first else { continue }
                if first.id != last + 1 {
                    // Never expected (the feed starts before the backlog read); fill from the backlog.
                    if try await catchUp() { return (.closed, last) }
                    fresh = fresh.drop { $0.id <= last }
                }
                guard let final = fresh.last else { continue }
                try await send(Array(fresh))
                last = final.id
                if final.closes { return (.closed, last) }
            case .fellBehind: return (.fellBehind, last)
            case .stopped: return (.stopped, last)
            }
        }
    }
}
