import Foundation
import NIOCore
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesRunner
import Synchronization
import Testing

@testable import SluiceServer

/// Events numbered `range`, the last one closing when `closing`.
private func events(_ range: ClosedRange<Int>, closingAt closing: Int? = nil) -> [StreamedEvent] {
    range.map { id in
        let type = id == closing ? "ExecutionSucceeded" : "PassStateEntered"
        return StreamedEvent(id: id, text: #"{"timestamp":1,"type":"\#(type)","id":\#(id)}"#, type: type)
    }
}

/// A backlog over an array that grows as the test "commits".
private final class ArrayBacklog: Sendable {
    let stored = Mutex<[StreamedEvent]>([])
    func commit(_ new: [StreamedEvent]) { stored.withLock { $0.append(contentsOf: new) } }
    var source: EventBacklog {
        EventBacklog(
            page: { after, limit in self.stored.withLock { Array($0.filter { $0.id > after }.prefix(limit)) } },
            isClosed: { self.stored.withLock { $0.last?.closes ?? false } })
    }
}

/// Collects what a follower sends.
private final class Received: Sendable {
    let ids = Mutex<[Int]>([])
    func add(_ events: [StreamedEvent]) { ids.withLock { $0.append(contentsOf: events.map(\.id)) } }
    var all: [Int] { ids.withLock { $0 } }
}

@Suite("Execution event hub and followers")
struct EventHubTests {
    let arn = "arn:aws:states:us-east-1:123456789012:execution:m:e"

    @Test func deliversInOrderToEveryWatcher() async {
        let hub = ExecutionEventHub()
        let a = hub.subscribe(arn)
        let b = hub.subscribe(arn)
        let other = hub.subscribe(arn + "x")
        hub.publish(arn, events: events(1...3))
        hub.publish(arn, events: events(4...5))
        #expect(await a.next() == .events(events(1...5)))
        #expect(await b.next() == .events(events(1...5)))
        a.cancel()
        b.cancel()
        hub.publish(arn + "x", events: events(1...1))
        #expect(await other.next() == .events(events(1...1)))
        other.cancel()
        #expect(hub.watcherCount == 0)
    }

    @Test func aWaitingWatcherIsWokenByAPublish() async {
        let hub = ExecutionEventHub()
        let watcher = hub.subscribe(arn)
        async let delivery = watcher.next()
        try? await Task.sleep(for: .milliseconds(20))
        hub.publish(arn, events: events(1...2))
        #expect(await delivery == .events(events(1...2)))
        watcher.cancel()
    }

    @Test func anOverflowingWatcherFallsBehindAndOthersDoNot() async {
        let hub = ExecutionEventHub(capacity: 4)
        let slow = hub.subscribe(arn)
        let fast = hub.subscribe(arn)
        hub.publish(arn, events: events(1...3))
        #expect(await fast.next() == .events(events(1...3)))
        hub.publish(arn, events: events(4...5))  // slow now holds 5 > 4
        #expect(await slow.next() == .fellBehind)
        #expect(await slow.next() == .fellBehind)
        #expect(await fast.next() == .events(events(4...5)))
        slow.cancel()
        fast.cancel()
    }

    @Test func publishingWithoutWatchersKeepsNothing() async {
        let hub = ExecutionEventHub()
        hub.publish(arn, events: events(1...3))
        let late = hub.subscribe(arn)
        hub.publish(arn, events: events(4...4))
        #expect(await late.next() == .events(events(4...4)))
        late.cancel()
    }

    @Test func stopEndsWaitingAndLaterWatchers() async {
        let hub = ExecutionEventHub()
        let watcher = hub.subscribe(arn)
        async let delivery = watcher.next()
        try? await Task.sleep(for: .milliseconds(20))
        hub.stop()
        #expect(await delivery == .stopped)
        let late = hub.subscribe(arn)
        #expect(await late.next() == .stopped)
    }

    @Test func cancellingTheWatcherTaskEndsItsWait() async {
        let hub = ExecutionEventHub()
        let watcher = hub.subscribe(arn)
        let task = Task { await watcher.next() }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        #expect(await task.value == .stopped)
        watcher.cancel()
    }

    @Test func followerSendsBacklogThenLiveExactlyOnceInOrder() async throws {
        let hub = ExecutionEventHub()
        let backlog = ArrayBacklog()
        backlog.commit(events(1...4))
        let received = Received()
        let subscription = hub.subscribe(arn)
        // Events 3–4 were committed but published only now: the follower sees them twice
        // (backlog and feed) and must send them once.
        hub.publish(arn, events: events(3...4))
        let follower = Task {
            try await EventFollower.follow(subscription, backlog: backlog.source, after: 0) { received.add($0) }
        }
        try await Task.sleep(for: .milliseconds(20))
        for range in [5...6, 7...7, 8...9] {
            let new = events(range, closingAt: 9)
            backlog.commit(new)
            hub.publish(arn, events: new)
        }
        let (end, last) = try await follower.value
        subscription.cancel()
        #expect(end == .closed)
        #expect(last == 9)
        #expect(received.all == Array(1...9))
    }

    @Test func followerStartsAfterAnId() async throws {
        let hub = ExecutionEventHub()
        let backlog = ArrayBacklog()
        backlog.commit(events(1...6, closingAt: 6))
        let received = Received()
        let subscription = hub.subscribe(arn)
        let (end, last) = try await EventFollower.follow(subscription, backlog: backlog.source, after: 4) { received.add($0) }
        #expect(end == .closed && last == 6)
        #expect(received.all == [5, 6])
        // After the closing event: nothing to send, the feed ends at once.
        let again = Received()
        let (end2, last2) = try await EventFollower.follow(subscription, backlog: backlog.source, after: 6) { again.add($0) }
        #expect(end2 == .closed && last2 == 6)
        #expect(again.all.isEmpty)
        subscription.cancel()
    }

    @Test func followerThatFallsBehindResumesFromTheBacklog() async throws {
        let hub = ExecutionEventHub(capacity: 2)
        let backlog = ArrayBacklog()
        let received = Received()
        let subscription = hub.subscribe(arn)
        let gate = Mutex(false)
        let follower = Task {
            try await EventFollower.follow(subscription, backlog: backlog.source, after: 0) { sent in
                received.add(sent)
                // A slow client: the first write blocks until the test has published more.
                while !gate.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            }
        }
        try await Task.sleep(for: .milliseconds(20))  // the follower is on the live feed now
        for id in 1...5 {
            let new = events(id...id, closingAt: 5)
            backlog.commit(new)
            hub.publish(arn, events: new)
            if id == 1 { try await Task.sleep(for: .milliseconds(20)) }  // taken, being written
        }
        gate.withLock { $0 = true }
        let (end, last) = try await follower.value
        subscription.cancel()
        #expect(end == .fellBehind)
        #expect(last == 1)
        // Reconnect after the last id received: the rest exactly once.
        let resumed = hub.subscribe(arn)
        let (end2, last2) = try await EventFollower.follow(resumed, backlog: backlog.source, after: last) { received.add($0) }
        resumed.cancel()
        #expect(end2 == .closed && last2 == 5)
        #expect(received.all == [1, 2, 3, 4, 5])
    }

    @Test func eventTypeIsReadFromTheWireText() {
        let text = #"{"timestamp":1.5,"type":"ExecutionFailed","id":7,"previousEventId":6,"executionFailedEventDetails":{"cause":"\"type\":\"x\""}}"#
        let event = StreamedEvent(id: 7, text: text)
        #expect(event.type == "ExecutionFailed")
        #expect(event.closes)
        #expect(!StreamedEvent(id: 1, text: #"{"timestamp":1,"type":"WaitStateEntered","id":1}"#).closes)
        #expect(StreamedEvent.type(of: "{}") == "")
    }

    @Test func framesJSONLinesAndServerSentEvents() {
        let sample = events(1...2)
        let lines = String(buffer: EventStreamFormat.jsonLines.frame(sample))
        #expect(lines == sample.map { $0.text + "\n" }.joined())
        let sse = String(buffer: EventStreamFormat.serverSentEvents.frame(Array(sample.prefix(1))))
        #expect(sse == "id: 1\nevent: PassStateEntered\ndata: \(sample[0].text)\n\n")
        #expect(String(buffer: EventStreamFormat.jsonLines.notice("fell-behind", lastEventId: 3))
            == #"{"sluice":"fell-behind","lastEventId":3}"# + "\n")
        #expect(EventStreamFormat(accept: "text/event-stream") == .serverSentEvents)
        #expect(EventStreamFormat(accept: "application/json, */*") == .jsonLines)
        #expect(EventStreamFormat(accept: nil) == .jsonLines)
    }

    @Test func routeTakesRawAndPercentEncodedArns() {
        #expect(EventStreamResponder.executionArn(path: "/executions/\(arn)/events") == arn)
        let encoded = arn.replacingOccurrences(of: ":", with: "%3A")
        #expect(EventStreamResponder.executionArn(path: "/executions/\(encoded)/events") == arn)
        #expect(EventStreamResponder.executionArn(path: "/executions//events") == nil)
        #expect(EventStreamResponder.executionArn(path: "/") == nil)
        #expect(PercentDecoding.decode(Array("a%2fb%zz%4".utf8)) == "a/b%zz%4")
    }

    @Test func expressLogKeepsRecentRunsWithinItsLimits() {
        let hub = ExecutionEventHub()
        let log = ExpressEventLog(hub: hub, maxRuns: 2, maxEvents: 100)
        let arns = (1...3).map { "arn:aws:states:us-east-1:123456789012:express:m:e\($0):u" }
        for arn in arns { log.register(arn) }
        #expect(log.isClosed(arns[0]) == nil)  // the oldest is forgotten
        #expect(log.isClosed(arns[1]) == false)
        #expect(log.events(arns[2], after: 0, limit: 10) == [])
    }
}

@Suite("Event streams of real executions")
struct EventStreamServerTests {
    @Test func standardBacklogEqualsGetExecutionHistory() async throws {
        let server = try TestServer()
        let created = try await server.ok(
            "CreateStateMachine", ["name": "m", "definition": .string(passDefinition), "roleArn": .string(role)])
        let machine = try #require(created["stateMachineArn"]?.stringValue)
        let started = try await server.ok("StartExecution", ["stateMachineArn": .string(machine), "name": "e"])
        let arn = try #require(started["executionArn"]?.stringValue)
        let backlog = try await server.parts.router.events.backlogSource(arn).get()
        let received = Received()
        let subscription = server.parts.router.events.hub.subscribe(arn)
        let (end, _) = try await EventFollower.follow(subscription, backlog: backlog, after: 0) { received.add($0) }
        subscription.cancel()
        #expect(end == .closed)
        let history = try await server.ok("GetExecutionHistory", ["executionArn": .string(arn)])
        #expect(received.all == (history["events"]?.arrayValue ?? []).compactMap { $0["id"]?.numberValue?.intValue })
        #expect(received.all.count == 4)
        let missing = await server.parts.router.events.backlogSource(arn + "x")
        #expect(throws: AWSError.executionDoesNotExist(arn + "x")) { try missing.get() }
    }

    @Test func standardCommitsArePublishedToWatchers() async throws {
        let server = try TestServer()
        let created = try await server.ok(
            "CreateStateMachine", ["name": "w", "definition": .string(waitDefinition), "roleArn": .string(role)])
        let machine = try #require(created["stateMachineArn"]?.stringValue)
        let arn = "arn:aws:states:us-east-1:123456789012:execution:w:e"
        let subscription = server.parts.router.events.hub.subscribe(arn)
        _ = try await server.ok("StartExecution", ["stateMachineArn": .string(machine), "name": "e"])
        guard case .events(let published) = await subscription.next() else {
            Issue.record("expected events")
            return
        }
        subscription.cancel()
        // Virtual time: the whole run (wait included) is one transition, committed at once.
        #expect(published.map(\.type).first == "ExecutionStarted")
        #expect(published.last?.closes == true)
        #expect(published.map(\.id) == Array(1...published.count))
    }

    @Test func expressRunsAreRecordedAndPublished() async throws {
        let hub = ExecutionEventHub()
        let log = ExpressEventLog(hub: hub)
        let runner = ExpressRunner(timeScale: 0, events: log)
        let server = try TestServer()
        let created = try await server.ok(
            "CreateStateMachine",
            ["name": "x", "definition": .string(passDefinition), "roleArn": .string(role), "type": "EXPRESS"])
        let machineArn = try #require(created["stateMachineArn"]?.stringValue)
        let revision = try #require(try await server.parts.store.stateMachine(arn: machineArn))
        let interpreter = try InterpreterStore().interpreter(for: revision)
        let arn = "arn:aws:states:us-east-1:123456789012:express:x:n:u"
        log.register(arn)
        let subscription = hub.subscribe(arn)
        let result = await runner.run(
            interpreter: interpreter, revision: revision, executionArn: arn, name: "n", input: [:], inputText: "{}",
            startMs: 1_700_000_000_000)
        guard case .events(let published) = await subscription.next() else {
            Issue.record("expected events")
            return
        }
        subscription.cancel()
        #expect(published.map(\.text) == result.history.map(\.json.serialized))
        #expect(log.isClosed(arn) == true)
        #expect(log.events(arn, after: 2, limit: 10)?.map(\.id) == [3, 4])
    }
}
