import Foundation
import Logging
import SluiceAPI
import SluiceJSON
import Synchronization
import Testing

@testable import SluiceServer

/// A test integration for `arn:aws:states:::test:*`: `echo` answers its input, `fail` fails,
/// `hold` answers only when the test releases it. It counts its calls.
final class FakeIntegration: TaskIntegration {
    let calls = Mutex<[TaskCall]>([])
    let held = Mutex<[CheckedContinuation<Void, Never>]>([])

    func serves(_ resource: String) -> Bool { resource.hasPrefix("arn:aws:states:::test:") }

    func call(_ call: TaskCall) async -> TaskCallResult {
        calls.withLock { $0.append(call) }
        switch call.resource {
        case "arn:aws:states:::test:fail": return .failed(error: "Test.Boom", cause: "it failed")
        case "arn:aws:states:::test:hold":
            await withCheckedContinuation { continuation in held.withLock { $0.append(continuation) } }
            return .succeeded(call.input)
        default: return .succeeded(["echo": call.input])
        }
    }

    var callCount: Int { calls.withLock { $0.count } }
    func release() { for c in held.withLock({ h in defer { h = [] }; return h }) { c.resume() } }
}

private func definition(_ resource: String, extra: String = "") -> String {
    #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"\#(resource)",\#(extra)"End":true}}}"#
}

private func run(_ server: TestServer, _ definitionText: String, type: String = "STANDARD", input: String = #"{"x":1}"#)
    async throws -> (machine: String, execution: String)
{
    let created = try await server.ok(
        "CreateStateMachine",
        ["name": .string("m\(UUID().uuidString.prefix(8))"), "definition": .string(definitionText), "roleArn": .string(role),
         "type": .string(type)])
    let machine = try #require(created["stateMachineArn"]?.stringValue)
    let started = try await server.ok("StartExecution", ["stateMachineArn": .string(machine), "input": .string(input)])
    return (machine, try #require(started["executionArn"]?.stringValue))
}

private func waitClosed(_ server: TestServer, _ execution: String) async throws -> JSONValue {
    for _ in 0..<500 {
        let described = try await server.ok("DescribeExecution", ["executionArn": .string(execution)])
        if described["status"] != "RUNNING" { return described }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("execution did not close")
    return .null
}

private func eventTypes(_ server: TestServer, _ execution: String) async throws -> [String] {
    let history = try await server.ok("GetExecutionHistory", ["executionArn": .string(execution)])
    return history["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
}

@Suite("Task integrations in the engines")
struct TaskIntegrationTests {
    @Test func requestResponseSucceedsWithTheAnswer() async throws {
        let fake = FakeIntegration()
        let server = try TestServer(integrations: [fake])
        let (_, execution) = try await run(server, definition("arn:aws:states:::test:echo"))
        let described = try await waitClosed(server, execution)
        #expect(described["status"] == "SUCCEEDED")
        #expect(described["output"] == #"{"echo":{"x":1}}"#)
        #expect(
            try await eventTypes(server, execution) == [
                "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                "TaskStateExited", "ExecutionSucceeded",
            ])
        #expect(fake.calls.withLock { $0.first?.resource } == "arn:aws:states:::test:echo")
    }

    @Test func failuresCarryTheIntegrationsErrorAndCause() async throws {
        let server = try TestServer(integrations: [FakeIntegration()])
        let (_, execution) = try await run(server, definition("arn:aws:states:::test:fail"))
        let described = try await waitClosed(server, execution)
        #expect(described["status"] == "FAILED")
        #expect(described["error"] == "Test.Boom")
        #expect(described["cause"] == "it failed")
    }

    @Test func waitForTaskTokenWaitsForSendTaskSuccess() async throws {
        let fake = FakeIntegration()
        let server = try TestServer(integrations: [fake])
        let text = definition(
            "arn:aws:states:::test:echo.waitForTaskToken", extra: #""Parameters":{"token.$":"$$.Task.Token"},"#)
        let (_, execution) = try await run(server, text)
        var token: String?
        for _ in 0..<200 where token == nil {
            if try await eventTypes(server, execution).contains("TaskSubmitted") {
                token = fake.calls.withLock { $0.first?.taskToken }
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let taskToken = try #require(token)
        #expect(fake.calls.withLock { $0.first?.resource } == "arn:aws:states:::test:echo")
        _ = try await server.ok("SendTaskSuccess", ["taskToken": .string(taskToken), "output": #"{"done":true}"#])
        let described = try await waitClosed(server, execution)
        #expect(described["output"] == #"{"done":true}"#)
    }

    @Test func aTokenIsValidBeforeTheCallReturns() async throws {
        let fake = FakeIntegration()
        let server = try TestServer(integrations: [fake])
        let (_, execution) = try await run(server, definition("arn:aws:states:::test:hold.waitForTaskToken"))
        for _ in 0..<200 where fake.callCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let token = try #require(fake.calls.withLock { $0.first?.taskToken })
        // The service answers the token while its own call is still under way.
        _ = try await server.ok("SendTaskSuccess", ["taskToken": .string(token), "output": #"{"early":true}"#])
        fake.release()
        let described = try await waitClosed(server, execution)
        #expect(described["status"] == "SUCCEEDED")
        #expect(described["output"] == #"{"early":true}"#)
        #expect(!(try await eventTypes(server, execution).contains("TaskSubmitted")))
    }

    @Test func aCallInFlightAtACrashIsMadeAgainAfterRecovery() async throws {
        let fake = FakeIntegration()
        let first = try TestServer(timeScale: 1, integrations: [fake])
        let (_, execution) = try await run(first, definition("arn:aws:states:::test:hold"))
        for _ in 0..<200 where fake.callCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(fake.callCount == 1)

        // A second server on the same data: the answer of the first call was never recorded.
        let again = FakeIntegration()
        let second = try TestServer(directory: first.directory, timeScale: 1, integrations: [again])
        try await second.parts.standard.recover()
        for _ in 0..<200 where again.callCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(again.callCount == 1)
        again.release()
        let described = try await waitClosed(second, execution)
        #expect(described["status"] == "SUCCEEDED")
        #expect(described["output"] == #"{"x":1}"#)
        #expect(try await eventTypes(second, execution).filter { $0 == "TaskStarted" }.count == 1)
        // The first server's call stays held: that process is the one that "crashed".
    }

    @Test func expressExecutionsCallIntegrationsToo() async throws {
        let server = try TestServer(integrations: [FakeIntegration()])
        let created = try await server.ok(
            "CreateStateMachine",
            ["name": "x", "definition": .string(definition("arn:aws:states:::test:echo")), "roleArn": .string(role),
             "type": "EXPRESS"])
        let machine = try #require(created["stateMachineArn"]?.stringValue)
        let result = try await server.ok("StartSyncExecution", ["stateMachineArn": .string(machine), "input": #"{"y":2}"#])
        #expect(result["status"] == "SUCCEEDED")
        #expect(result["output"] == #"{"echo":{"y":2}}"#)
    }
}
