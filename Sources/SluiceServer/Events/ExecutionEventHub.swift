import SluiceStore
import Synchronization

/// Hands the history events of every execution to the watchers following it, live.
///
/// The Standard engine publishes each group commit's events once they are durable; the Express
/// runner publishes each transition's events as they are applied. Each watcher has its own
/// bounded buffer: publishing never waits for a watcher. A watcher whose buffer overflows is
/// dropped from the live feed and told it fell behind (it resumes from the store by event id).
///
/// Lock-based (a `Mutex`): publishing is a synchronous call from the engine's actor, with no
/// hop to another executor; a continuation is resumed outside the lock.
final class ExecutionEventHub: Sendable {
    /// Events a watcher may have waiting before it falls behind.
    static let defaultCapacity = 4096

    let capacity: Int
    private let state = Mutex(State())

    /// What a watcher's `next()` gives.
    enum Delivery: Sendable, Equatable {
        /// Events in order (possibly some the watcher already has: it skips ids it has sent).
        case events([StreamedEvent])
        /// The buffer overflowed; events were dropped.
        case fellBehind
        /// The server is stopping, or the watcher was cancelled.
        case stopped
    }

    struct Watcher {
        var buffer: [StreamedEvent] = []
        var overflowed = false
        var cancelled = false
        var waiting: CheckedContinuation<Delivery, Never>?
    }

    struct State {
        /// execution ARN → watcher id → watcher.
        var watchers: [String: [Int: Watcher]] = [:]
        var nextId = 0
        var stopped = false
    }

    init(capacity: Int = ExecutionEventHub.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// How many watchers are subscribed (all executions).
    var watcherCount: Int { state.withLock { $0.watchers.values.reduce(0) { $0 + $1.count } } }

    // MARK: Watchers

    /// Starts buffering the events of `executionArn` for a new watcher. Subscribe before reading
    /// the backlog, so that nothing committed in between is missed.
    func subscribe(_ executionArn: String) -> Subscription {
        let id = state.withLock { state in
            state.nextId += 1
            state.watchers[executionArn, default: [:]][state.nextId] = Watcher()
            return state.nextId
        }
        return Subscription(hub: self, executionArn: executionArn, id: id)
    }

    /// One watcher's feed. `cancel()` it when done.
    struct Subscription: Sendable {
        let hub: ExecutionEventHub
        let executionArn: String
        let id: Int

        /// Waits for the next events (all that are buffered), or for the end of the feed.
        func next() async -> Delivery {
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if let ready = hub.take(executionArn, id, orWait: continuation) { continuation.resume(returning: ready) }
                }
            } onCancel: {
                hub.cancel(executionArn, id)
            }
        }

        /// Unsubscribes.
        func cancel() { hub.remove(executionArn, id) }
    }

    private func take(_ arn: String, _ id: Int, orWait continuation: CheckedContinuation<Delivery, Never>) -> Delivery? {
        state.withLock { state in
            guard var watcher = state.watchers[arn]?[id] else { return .stopped }
            if watcher.overflowed { return .fellBehind }
            if !watcher.buffer.isEmpty {
                let events = watcher.buffer
                watcher.buffer = []
                state.watchers[arn]?[id] = watcher
                return .events(events)
            }
            if state.stopped || watcher.cancelled { return .stopped }
            watcher.waiting = continuation
            state.watchers[arn]?[id] = watcher
            return nil
        }
    }

    private func cancel(_ arn: String, _ id: Int) {
        let waiting = state.withLock { state -> CheckedContinuation<Delivery, Never>? in
            guard var watcher = state.watchers[arn]?[id] else { return nil }
            watcher.cancelled = true
            let waiting = watcher.waiting
            watcher.waiting = nil
            state.watchers[arn]?[id] = watcher
            return waiting
        }
        waiting?.resume(returning: .stopped)
    }

    private func remove(_ arn: String, _ id: Int) {
        let waiting = state.withLock { state -> CheckedContinuation<Delivery, Never>? in
            let watcher = state.watchers[arn]?.removeValue(forKey: id)
            if state.watchers[arn]?.isEmpty == true { state.watchers[arn] = nil }
            return watcher?.waiting
        }
        waiting?.resume(returning: .stopped)
    }

    // MARK: Publishing

    /// After a group commit: the events of every write, now durable. Cheap when nobody watches.
    func publish(_ batch: [TransitionWrite]) {
        var ready: [(CheckedContinuation<Delivery, Never>, Delivery)] = []
        state.withLock { state in
            guard !state.watchers.isEmpty else { return }
            for write in batch where !write.history.isEmpty {
                let arn = write.update.executionArn
                guard state.watchers[arn] != nil else { continue }
                let events = write.history.map { StreamedEvent(id: $0.id, text: $0.text) }
                deliver(events, to: arn, in: &state, ready: &ready)
            }
        }
        for (continuation, delivery) in ready { continuation.resume(returning: delivery) }
    }

    /// Events of one execution, in order (the Express runner's path).
    func publish(_ executionArn: String, events: [StreamedEvent]) {
        guard !events.isEmpty else { return }
        var ready: [(CheckedContinuation<Delivery, Never>, Delivery)] = []
        state.withLock { state in
            guard state.watchers[executionArn] != nil else { return }
            deliver(events, to: executionArn, in: &state, ready: &ready)
        }
        for (continuation, delivery) in ready { continuation.resume(returning: delivery) }
    }

    /// Whether anybody follows this execution (lets a publisher skip building events).
    func isWatched(_ executionArn: String) -> Bool {
        state.withLock { $0.watchers[executionArn] != nil }
    }

    private func deliver(
        _ events: [StreamedEvent], to arn: String, in state: inout State,
        ready: inout [(CheckedContinuation<Delivery, Never>, Delivery)]
    ) {
        guard var group = state.watchers[arn] else { return }
        for (id, var watcher) in group where !watcher.overflowed {
            if watcher.buffer.count + events.count > capacity {
                watcher.overflowed = true
                watcher.buffer = []
                if let waiting = watcher.waiting { ready.append((waiting, .fellBehind)) }
            } else if let waiting = watcher.waiting {
                ready.append((waiting, .events(events)))
            } else {
                watcher.buffer.append(contentsOf: events)
            }
            watcher.waiting = nil
            group[id] = watcher
        }
        state.watchers[arn] = group
    }

    // MARK: Shutdown

    /// Ends every feed (after the events already buffered) and every feed started later: the
    /// server is stopping and must not wait for watchers of long executions.
    func stop() {
        let waiting = state.withLock { state -> [CheckedContinuation<Delivery, Never>] in
            state.stopped = true
            var waiting: [CheckedContinuation<Delivery, Never>] = []
            for (arn, group) in state.watchers {
                for (id, watcher) in group {
                    if let continuation = watcher.waiting { waiting.append(continuation) }
                    state.watchers[arn]?[id]?.waiting = nil
                }
            }
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: .stopped) }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }
}
