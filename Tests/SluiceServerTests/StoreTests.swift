import Foundation
import SluiceStore
import Testing

@Suite("Durable store")
struct StoreTests {
    func freshStore() throws -> (Store, String) {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-store-\(UUID().uuidString)")
        return (try Store(directory: dir), dir)
    }

    func machine(_ name: String) -> StateMachineRecord {
        StateMachineRecord(
            arn: "arn:aws:states:us-east-1:123456789012:stateMachine:\(name)", name: name, type: "STANDARD",
            revision: 0, revisionId: nil, definition: "{}", roleArn: "arn:aws:iam::123456789012:role/r",
            logging: "{}", tracing: "{}", createdMs: 1000, updatedMs: 1000)
    }

    func running(_ arn: String, machine: String) -> ExecutionRecord {
        ExecutionRecord(
            executionArn: arn, stateMachineArn: machine, revision: 0, name: "e", status: "RUNNING", input: "{}",
            startMs: 5, lastNowMs: 5, journalCount: 1, eventCount: 2)
    }

    @Test func stateMachinesAreUniqueByName() async throws {
        let (store, _) = try freshStore()
        #expect(try await store.insertStateMachine(machine("a")) == nil)
        let existing = try await store.insertStateMachine(machine("a"))
        #expect(existing?.name == "a")
        _ = try await store.insertStateMachine(machine("c"))
        _ = try await store.insertStateMachine(machine("b"))
        let page = try await store.listStateMachines(afterName: "a", limit: 10)
        #expect(page.map(\.name) == ["b", "c"])
    }

    @Test func aTransitionIsAllOrNothingAndClosingDropsTheJournal() async throws {
        let (store, dir) = try freshStore()
        let sm = machine("m")
        _ = try await store.insertStateMachine(sm)
        let arn = "arn:aws:states:us-east-1:123456789012:execution:m:e"
        var write = TransitionWrite(insert: running(arn, machine: sm.arn), update: running(arn, machine: sm.arn))
        write.journal = [JournalEntry(seq: 0, nowMs: 5, event: #"{"t":"x"}"#)]
        write.history = [(1, #"{"id":1}"#), (2, #"{"id":2}"#)]
        write.timersAdded = [TimerRecord(executionArn: arn, timerId: 1, dueMs: 99)]
        try await store.commit([write])

        // Another process on the same folder sees the running execution, its journal and timer.
        let reopened = try Store(directory: dir)
        let recovered = try reopened.runningExecutions()
        #expect(recovered.count == 1)
        #expect(recovered.first?.journal.map(\.seq) == [0])
        #expect(recovered.first?.timers.map(\.dueMs) == [99])

        // A failing batch (duplicate history id) leaves nothing behind.
        var bad = TransitionWrite(insert: nil, update: running(arn, machine: sm.arn))
        bad.journal = [JournalEntry(seq: 1, nowMs: 6, event: "{}")]
        bad.history = [(2, "{}")]
        await #expect(throws: (any Error).self) { try await store.commit([bad]) }
        #expect(try store.runningExecutions().first?.journal.count == 1)

        var close = TransitionWrite(insert: nil, update: running(arn, machine: sm.arn))
        close.update.status = "SUCCEEDED"
        close.update.stopMs = 7
        close.history = [(3, #"{"id":3}"#)]
        try await store.commit([close])
        #expect(try store.runningExecutions().isEmpty)
        let history = try await store.history(executionArn: arn, afterId: nil, reverse: false, limit: 10)
        #expect(history.map(\.id) == [1, 2, 3])
        let reversed = try await store.history(executionArn: arn, afterId: 3, reverse: true, limit: 1)
        #expect(reversed.map(\.id) == [2])
        #expect(try await store.execution(arn: arn)?.status == "SUCCEEDED")
    }

    @Test func versionsAreIdempotentPerRevisionAndNeverReused() async throws {
        let (store, _) = try freshStore()
        var sm = machine("v")
        _ = try await store.insertStateMachine(sm)
        let v1 = try #require(try await store.publishVersion(stateMachineArn: sm.arn, description: "d", now: 10))
        #expect(v1.version.version == 1)
        let again = try #require(try await store.publishVersion(stateMachineArn: sm.arn, description: nil, now: 11))
        #expect(again.version.version == 1)
        sm.revision = 1
        sm.definition = #"{"x":1}"#
        try await store.updateStateMachine(sm)
        try await store.deleteVersion(stateMachineArn: sm.arn, version: 1)
        let v2 = try #require(try await store.publishVersion(stateMachineArn: sm.arn, description: nil, now: 12))
        #expect(v2.version.version == 2)
        #expect(try await store.revision(arn: sm.arn, revision: 0)?.definition == "{}")
    }

    @Test func tagsKeepTheirOrderAndRespectTheLimit() async throws {
        let (store, _) = try freshStore()
        let arn = "arn:aws:states:us-east-1:123456789012:activity:a"
        #expect(try await store.tag(resourceArn: arn, [("k1", "v1"), ("k2", "v2")], limit: 3))
        #expect(try await store.tag(resourceArn: arn, [("k1", "new")], limit: 3))
        #expect(try await !store.tag(resourceArn: arn, [("k3", "x"), ("k4", "y")], limit: 3))
        let tags = try await store.tags(resourceArn: arn)
        #expect(tags.map(\.key) == ["k1", "k2"] && tags.first?.value == "new")
    }
}
