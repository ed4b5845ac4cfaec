import SluiceDynamoDB
import SluiceJSON
import Testing

/// Random requests to every operation answer or fail with a DynamoDB error; nothing traps.
@Suite struct FuzzRequestTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let members = [
        "TableName", "Key", "Item", "KeyConditionExpression", "FilterExpression", "ConditionExpression", "UpdateExpression",
        "ProjectionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues", "Limit", "ExclusiveStartKey",
        "ReturnValues", "Select", "IndexName", "ScanIndexForward", "RequestItems", "TransactItems", "KeySchema",
        "AttributeDefinitions", "BillingMode", "Segment", "TotalSegments", "TimeToLiveSpecification",
    ]

    static func value(_ g: inout Generator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 9), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .int(Int.random(in: -3...30, using: &g))
        case 3: return .string(["tbl", "pk", "sk", "pk = :v", "SET a = :v", "#n", ":v", "", "N", "S", "1e999", "x"].randomElement(using: &g) ?? "")
        case 4: return ["S": "a"]
        case 5: return ["N": .string(["1", "-0.5", "abc", "1e200"].randomElement(using: &g) ?? "1")]
        case 6: return .array((0..<Int.random(in: 0...3, using: &g)).map { _ in value(&g, depth: depth + 1) })
        default:
            var o = JSONObject()
            for _ in 0..<Int.random(in: 0...3, using: &g) {
                let key = (members + ["pk", "sk", ":v", "#n", "S", "N", "M", "L", "SS"]).randomElement(using: &g) ?? "pk"
                o[key] = value(&g, depth: depth + 1)
            }
            return .object(o)
        }
    }

    @Test func randomRequests() async throws {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        var g = Generator(state: 99)
        for _ in 0..<1500 {
            var request = JSONObject()
            request["TableName"] = Bool.random(using: &g) ? "tbl" : Self.value(&g, depth: 2)
            for _ in 0..<Int.random(in: 0...5, using: &g) {
                request[Self.members.randomElement(using: &g) ?? "Key"] = Self.value(&g, depth: 0)
            }
            let operation = DynamoDBService.operations.sorted().randomElement(using: &g) ?? "GetItem"
            do {
                _ = try await s.handle(operation: operation, request: request)
            } catch {
                #expect(!error.code.isEmpty)
            }
        }
    }
}
