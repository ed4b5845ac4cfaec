import DynamoDBExpressions
import Testing

/// Random token soup and random bytes never crash the parsers; they parse or throw.
@Suite struct FuzzTests {
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

    static let pieces = [
        "a", "#n", ":v", ":w", "(", ")", "[", "]", "0", "7", ",", ".", "=", "<>", "<", "<=", ">", ">=", "+", "-", "AND", "OR",
        "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "contains", "begins_with", "attribute_exists",
        "attribute_type", "if_not_exists", "list_append", "data", "!", "é", " ",
    ]

    @Test func tokenSoup() throws {
        var g = Generator(state: 42)
        let doc = try item(#"{"a":{"L":[{"N":"1"},{"S":"x"}]},"n":{"N":"3"}}"#)
        for _ in 0..<3000 {
            let count = Int.random(in: 1...14, using: &g)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &g) ?? "" }.joined(separator: " ")
            var a = try attributes(names: ["#n": "n"], values: #"{":v":{"N":"1"},":w":{"SS":["x"]}}"#)
            if let c = try? ConditionExpression(text, attributes: &a) { _ = c.matches(doc) }
            var b = a
            if let u = try? UpdateExpression(text, attributes: &b) { _ = try? u.apply(to: doc) }
            var c = a
            _ = try? ProjectionExpression(text, attributes: &c)
            var d = a
            _ = try? KeyCondition(text, attributes: &d, partitionKey: ("a", "S"), sortKey: ("n", "N"))
        }
    }

    @Test func randomBytes() throws {
        var g = Generator(state: 7)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...30, using: &g)).map { _ in UInt8.random(in: 0...127, using: &g) }
            let text = String(decoding: bytes, as: UTF8.self)
            var a = ExpressionAttributes()
            _ = try? ConditionExpression(text, attributes: &a)
            _ = try? UpdateExpression(text, attributes: &a)
            _ = try? DynamoNumber(parsing: text)
        }
    }
}
