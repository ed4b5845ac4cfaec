import SluiceAPI
import SluiceJSON
import Testing

@testable import SluiceServer

@Suite("Bad input never crashes the server")
struct RobustnessTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let samples: [JSONValue] = [
        .null, true, 0, -1, 1001, 1.5, "", "x", "arn:aws:states:us-east-1:123456789012:stateMachine:m",
        "arn:aws:states:us-east-1:123456789012:execution:m:e", "arn:aws:states:us-east-1:123456789012:express:m:e:1",
        "arn:aws:states:us-east-1:123456789012:stateMachine:m:1", "arn:aws:states:us-east-1:123456789012:activity:a",
        "arn:", "arn:aws:states", #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#, "{", "[]",
        .string(String(repeating: "a", count: 300)), [], [["key": "k", "value": "v"]], [["stateMachineVersionArn": 1]],
        ["level": "ALL"], ["enabled": "yes"],
    ]

    static let members = [
        "name", "definition", "roleArn", "type", "stateMachineArn", "executionArn", "input", "maxResults", "nextToken",
        "statusFilter", "reverseOrder", "includeExecutionData", "error", "cause", "activityArn", "taskToken", "output",
        "tags", "tagKeys", "resourceArn", "publish", "versionDescription", "revisionId", "routingConfiguration",
        "stateMachineVersionArn", "stateMachineAliasArn", "loggingConfiguration", "tracingConfiguration", "severity",
        "workerName",
    ]

    @Test func randomRequestsToEveryOperationAnswerOrFail() async throws {
        let server = try TestServer(timeScale: 0)
        var random = Random(state: 42)
        let operations = Array(Dispatcher.operations).sorted()
        for _ in 0..<3000 {
            var body = JSONObject()
            for _ in 0..<random.below(5) {
                body[Self.members[random.below(Self.members.count)]] = Self.samples[random.below(Self.samples.count)]
            }
            let operation = operations[random.below(operations.count)]
            // GetActivityTask would wait for work: keep its polls out of this loop.
            if operation == "GetActivityTask" { continue }
            let result = await server.parts.dispatcher.handle(
                target: "AWSStepFunctions.\(operation)", body: JSONValue.object(body).serializedBytes)
            if case .failure(let error) = result {
                #expect(error.status < 500, "\(operation) \(JSONValue.object(body).serialized): \(error)")
            }
        }
    }

    @Test func arbitraryBytesAreRefusedCleanly() async throws {
        let server = try TestServer(timeScale: 0)
        var random = Random(state: 7)
        for _ in 0..<500 {
            let bytes = (0..<random.below(64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let result = await server.parts.dispatcher.handle(target: "AWSStepFunctions.CreateStateMachine", body: bytes)
            if case .failure(let error) = result { #expect(error.status == 400) }
        }
    }
}
