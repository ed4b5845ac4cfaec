import Foundation
import Logging
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import Testing

@testable import SluiceServer

/// The server's pieces without HTTP, on a fresh temporary data folder.
struct TestServer {
    let directory: String
    let parts: SluiceServer.Parts

    init(directory: String? = nil, timeScale: Double = 0, integrations: [any TaskIntegration] = []) throws {
        let dir = directory ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("sluice-test-\(UUID().uuidString)")
        self.directory = dir
        parts = try SluiceServer.Parts(
            ServerConfiguration(dataDirectory: dir, timeScale: timeScale), logger: Logger(label: "test"),
            extraIntegrations: integrations)
    }

    func call(_ operation: String, _ body: JSONValue) async -> Result<JSONValue, AWSError> {
        switch await parts.dispatcher.handle(target: "AWSStepFunctions.\(operation)", body: body.serializedBytes) {
        case .success(let bytes):
            guard let value = try? JSONValue(parsing: bytes) else { return .failure(AWSError.internalFailure("bad JSON")) }
            return .success(value)
        case .failure(let error): return .failure(error)
        }
    }

    func ok(_ operation: String, _ body: JSONValue) async throws -> JSONValue {
        try await call(operation, body).get()
    }
}

let role = "arn:aws:iam::123456789012:role/test"
let passDefinition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":1},"End":true}}}"#
let waitDefinition = #"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#

@Suite("Server operations, in process")
struct ServerTests {
    @Test func unknownOperationAndMissingTarget() async throws {
        let server = try TestServer()
        let unknown = await server.parts.dispatcher.handle(target: "AWSStepFunctions.Nope", body: [])
        #expect(throws: AWSError.unknownOperation(nil)) { try unknown.get() }
        let missing = await server.parts.dispatcher.handle(target: nil, body: [])
        #expect(throws: AWSError.unknownOperation(nil)) { try missing.get() }
    }

    @Test func createStartDescribeHistory() async throws {
        let server = try TestServer()
        let created = try await server.ok(
            "CreateStateMachine", ["name": "m", "definition": .string(passDefinition), "roleArn": .string(role)])
        let machine = try #require(created["stateMachineArn"]?.stringValue)
        #expect(machine == "arn:aws:states:us-east-1:123456789012:stateMachine:m")
        let started = try await server.ok(
            "StartExecution", ["stateMachineArn": .string(machine), "name": "e", "input": #"{"a":1}"#])
        let execution = try #require(started["executionArn"]?.stringValue)
        let described = try await server.ok("DescribeExecution", ["executionArn": .string(execution)])
        #expect(described["status"] == "SUCCEEDED")
        #expect(described["output"] == #"{"ok":1}"#)
        let history = try await server.ok("GetExecutionHistory", ["executionArn": .string(execution)])
        let types = history["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue }
        #expect(types == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
        let again = await server.call(
            "StartExecution", ["stateMachineArn": .string(machine), "name": "e", "input": #"{"a":1}"#])
        #expect(throws: AWSError.executionAlreadyExists(execution)) { try again.get() }
    }

    @Test func invalidDefinitionCarriesTheValidatorMessage() async throws {
        let server = try TestServer()
        let result = await server.call(
            "CreateStateMachine", ["name": "bad", "definition": #"{"StartAt":"X"}"#, "roleArn": .string(role)])
        #expect(
            throws: AWSError.invalidDefinition(
                "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'")
        ) { try result.get() }
    }

    @Test func runningExecutionsSurviveARestart() async throws {
        let first = try TestServer(timeScale: 1)
        let created = try await first.ok(
            "CreateStateMachine", ["name": "w", "definition": .string(waitDefinition), "roleArn": .string(role)])
        let machine = try #require(created["stateMachineArn"]?.stringValue)
        let started = try await first.ok("StartExecution", ["stateMachineArn": .string(machine), "name": "e"])
        let execution = try #require(started["executionArn"]?.stringValue)
        #expect(await first.parts.standard.liveCount == 1)

        // A second process on the same data folder: replay rebuilds the execution.
        let second = try TestServer(directory: first.directory, timeScale: 1)
        try await second.parts.standard.recover()
        #expect(await second.parts.standard.liveCount == 1)
        let stopped = try await second.ok(
            "StopExecution", ["executionArn": .string(execution), "error": "E", "cause": "C"])
        #expect(stopped["stopDate"] != nil)
        let described = try await second.ok("DescribeExecution", ["executionArn": .string(execution)])
        #expect(described["status"] == "ABORTED")
        let history = try await second.ok("GetExecutionHistory", ["executionArn": .string(execution)])
        let ids = history["events"]?.arrayValue?.compactMap { $0["id"]?.numberValue?.intValue }
        #expect(ids == [1, 2, 3])
        #expect(await second.parts.standard.liveCount == 0)
    }

    @Test func inputEventsRoundTripThroughTheJournalCodec() throws {
        let metadata = ExecutionMetadata(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:m:e", executionName: "e",
            stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m", stateMachineName: "m",
            roleArn: role, startTime: 1_700_000_000_123)
        var withMissing = metadata
        withMissing.missingActivities = ["arn:aws:states:us-east-1:123456789012:activity:a", "arn:aws:states:us-east-1:123456789012:activity:b"]
        let events: [InputEvent] = [
            .start(input: ["a": [1, 2.5, "x", nil, true]], inputText: #"{"a": [1, 2.5, "x", null, true]}"#,
                   metadata: metadata, seed: UInt64.max),
            .start(input: [:], inputText: nil, metadata: withMissing, seed: 7),
            .taskStarted(taskId: 3, workerName: "w"), .taskStarted(taskId: 4, workerName: nil),
            .taskSubmitted(taskId: 3, output: ["o": 1]), .taskSucceeded(taskId: 3, output: "done"),
            .taskFailed(taskId: 5, error: "E", cause: nil), .taskTimedOut(taskId: 6), .heartbeatMissed(taskId: 7),
            .timerFired(timerId: 9), .stopRequested(error: nil, cause: "why"),
        ]
        for event in events {
            #expect(try InputEventCodec.decode(InputEventCodec.encode(event)) == event)
        }
        #expect(throws: (any Error).self) { try InputEventCodec.decode(#"{"t":"nope"}"#) }
    }

    @Test func timerHeapOrdersByDeliveryThenDue() {
        var heap = TimerHeap()
        heap.push(deliverAt: 0, due: 50, executionArn: "a", timerId: 1)
        heap.push(deliverAt: 0, due: 10, executionArn: "b", timerId: 2)
        heap.push(deliverAt: 5, due: 1, executionArn: "c", timerId: 3)
        heap.push(deliverAt: 0, due: 10, executionArn: "d", timerId: 4)
        var order: [String] = []
        while let entry = heap.pop() { order.append(entry.executionArn) }
        #expect(order == ["b", "d", "a", "c"])
    }
}
