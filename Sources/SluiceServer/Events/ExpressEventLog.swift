import StatesInterpreter
import Synchronization

/// The history events of recent Express executions, kept in memory so that they can be followed
/// (AWS keeps no history for Express executions; Sluice keeps a bounded window of them in this
/// process only, lost on restart).
///
/// Limits: the last `maxRuns` executions started (default 1,000) and at most `maxEvents` events
/// in all (default 200,000); past either, the oldest executions are forgotten first.
final class ExpressEventLog: Sendable {
    static let defaultMaxRuns = 1_000
    static let defaultMaxEvents = 200_000

    let maxRuns: Int
    let maxEvents: Int
    let hub: ExecutionEventHub
    private let state = Mutex(State())

    struct Run {
        /// Kept as built; serialised only when a watcher reads them.
        var events: [HistoryEvent] = []
        var closed = false
    }

    struct State {
        var runs: [String: Run] = [:]
        /// ARNs in the order their executions started (oldest first), for eviction.
        var order: [String] = []
        var orderStart = 0
        var eventCount = 0
    }

    init(hub: ExecutionEventHub, maxRuns: Int = ExpressEventLog.defaultMaxRuns, maxEvents: Int = ExpressEventLog.defaultMaxEvents) {
        self.hub = hub
        self.maxRuns = max(1, maxRuns)
        self.maxEvents = max(1, maxEvents)
    }

    /// Makes an execution known before it runs, so that a watcher may connect at once.
    func register(_ executionArn: String) {
        state.withLock { state in
            guard state.runs[executionArn] == nil else { return }
            state.runs[executionArn] = Run()
            state.order.append(executionArn)
            evict(&state)
        }
    }

    /// Records a transition's events and hands them to the execution's watchers.
    func record(_ executionArn: String, events: [HistoryEvent]) {
        guard !events.isEmpty else { return }
        state.withLock { state in
            // A run already forgotten (evicted) is still followed live, but no longer recorded.
            guard state.runs[executionArn] != nil else { return }
            state.runs[executionArn]?.events.append(contentsOf: events)
            if let last = events.last, StreamedEvent.closingTypes.contains(last.type.rawValue) {
                state.runs[executionArn]?.closed = true
            }
            state.eventCount += events.count
            evict(&state)
        }
        // Appended before this check: a watcher subscribing after it reads them as backlog.
        guard hub.isWatched(executionArn) else { return }
        hub.publish(executionArn, events: events.map(StreamedEvent.init))
    }

    /// Whether the execution is known here; `nil` when it is not, else whether it has closed.
    func isClosed(_ executionArn: String) -> Bool? {
        state.withLock { $0.runs[executionArn]?.closed }
    }

    /// Up to `limit` events after event id `after`; `nil` when the execution is not known.
    func events(_ executionArn: String, after: Int, limit: Int) -> [StreamedEvent]? {
        state.withLock { state in
            guard let run = state.runs[executionArn] else { return nil }
            // Ids are 1-based and sequential: event N is at index N - 1.
            let start = min(max(0, after), run.events.count)
            return run.events[start..<min(run.events.count, start + max(0, limit))].map(StreamedEvent.init)
        }
    }

    private func evict(_ state: inout State) {
        while state.runs.count > maxRuns || state.eventCount > maxEvents,
            state.orderStart < state.order.count
        {
            let arn = state.order[state.orderStart]
            state.orderStart += 1
            if let run = state.runs.removeValue(forKey: arn) { state.eventCount -= run.events.count }
        }
        if state.orderStart > 1024, state.orderStart * 2 > state.order.count {
            state.order.removeFirst(state.orderStart)
            state.orderStart = 0
        }
    }
}
