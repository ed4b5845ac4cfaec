import SluiceJSON
import Testing

/// `serializedSize(atMost:)` answers as `serialized.utf8.count <= limit` does, and texts longer
/// than the serializer's stack buffer come out whole.
@Suite struct SerializedSizeTests {
    static let samples: [JSONValue] = [
        .null, true, .int(-123_456_789), .double(1.5e-300), "", "plain", "quote \" back \\ tab \t nul \u{0}",
        .string(String(repeating: "\u{1}", count: 300)), .string(String(repeating: "é", count: 700)),
        ["a": [1, 2, ["b": "c"]], "d": .null], .array((0..<500).map { .int($0) }),
        .number(JSONNumber(integerDigits: "123456789012345678901234567890")),
    ]

    @Test func agreesWithTheSerializedText() {
        for value in SerializedSizeTests.samples {
            let size = value.serialized.utf8.count
            for limit in [0, 1, size - 1, size, size + 1, size * 6 + 10] where limit >= 0 {
                #expect(value.serializedSize(atMost: limit) == (size <= limit), "\(value) limit \(limit)")
            }
        }
    }

    @Test func longTextsOutgrowTheStackBuffer() {
        let long = String(repeating: "x\"", count: 2000)
        let value: JSONValue = ["k": .string(long), "n": .array([1, 2])]
        let expected = "{\"k\":\"" + String(repeating: "x\\\"", count: 2000) + "\",\"n\":[1,2]}"
        #expect(value.serialized == expected)
        #expect(value.serializedBytes == Array(expected.utf8))
    }
}
