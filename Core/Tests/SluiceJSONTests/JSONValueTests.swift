import SluiceJSON
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsKeyOrderAndIntegers() throws {
        let text = #"{"b":1,"a":[true,false,null,"x\n\"y"],"big":123456789012345678901234567890,"f":1.5}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized == text)
        #expect(value["b"] == .int(1))
    }

    @Test func rejectsMalformedText() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "nul", "[1] 2", "\"\u{01}\""] {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: bad) }
        }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }
}
