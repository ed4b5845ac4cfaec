import SluiceJSON
import Testing

/// RFC 8259 strictness, UTF-8 validation, numbers, duplicate keys and the depth limit.
@Suite struct ParserStrictnessTests {
    func parse(_ bytes: [UInt8], maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: bytes, maxDepth: maxDepth)
    }

    func reason(_ bytes: [UInt8]) -> JSONParseError.Reason? {
        do {
            _ = try parse(bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    func quoted(_ content: [UInt8]) -> [UInt8] { [0x22] + content + [0x22] }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSONValue(parsing: #""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue(parsing: #""\uD834\uDD1E x""#) == .string("𝄞 x"))
        #expect(try JSONValue(parsing: #""\u0000""#) == .string("\u{0}"))
        #expect(try JSONValue(parsing: #""\uFFFF""#) == .string("\u{FFFF}"))
    }

    @Test(arguments: [#""\ud83d""#, #""\ude00""#, #""\ud83d\u0041""#, #""\ud83dx""#, #""\ud83d\""#, #""\ude00\ud83d""#])
    func loneSurrogatesAreRejected(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test(arguments: [
        [0xC0, 0xAF], [0xC1, 0xBF],  // overlong 2-byte
        [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF],  // overlong 3-byte
        [0xF0, 0x80, 0x80, 0xAF], [0xF0, 0x8F, 0xBF, 0xBF],  // overlong 4-byte
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // encoded surrogates
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xFE],  // beyond U+10FFFF
        [0x80], [0xBF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],  // stray / truncated
        [0x41, 0xC3, 0x41], [0x5C, 0x6E, 0xC0, 0xAF],  // in the middle, and after an escape
    ] as [[UInt8]])
    func invalidUTF8IsRejected(_ content: [UInt8]) {
        #expect(reason(quoted(content)) == .invalidUTF8)
        // Also as a key.
        #expect(reason([0x7B] + quoted(content) + Array(":1}".utf8)) == .invalidUTF8)
    }

    @Test func validUTF8IsAccepted() throws {
        let text = "é ß € 😀 \u{10FFFF} \u{7FF} \u{800} \u{FFFD}"
        #expect(try parse(quoted(Array(text.utf8))) == .string(text))
    }

    @Test func controlCharactersMustBeEscaped() {
        for c: UInt8 in 0..<0x20 {
            #expect(reason(quoted([0x61, c])) == .controlCharacterInString)
        }
        // DEL needs no escape.
        #expect(reason(quoted([0x7F])) == nil)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{,}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{a:1}",
        "01", "-01", "00", "1.", ".1", "-", "+1", "1e", "1e+", "1.e5", "0x10", "Infinity", "NaN", "-Infinity",
        "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"", "\"abc", "\"\\", "nul", "tru", "falsE", "True",
        "null null", "[1] 2", "{} {}", "[1 2]", "{\"a\":1 \"b\":2}", "'a'", "[\u{00A0}]", "\u{FEFF}1", "/* */1", "1 //",
    ])
    func malformedTextIsRejected(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func whitespaceIsOnlyTheFourRFCCharacters() throws {
        #expect(try JSONValue(parsing: " \t\r\n[ 1 , { \"a\" : null } ]\n ") == [1, ["a": nil]])
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "\u{0B}1") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "\u{0C}1") }
    }

    @Test func bigIntegersKeepAllDigits() throws {
        let digits = "12345678901234567890123456789012345678901234567890"
        let value = try JSONValue(parsing: "[\(digits),-\(digits),18446744073709551616]")
        #expect(value.serialized == "[\(digits),-\(digits),18446744073709551616]")
        #expect(value.arrayValue?.first?.numberValue?.isIntegerLiteral == true)
        #expect(value.arrayValue?.first?.numberValue?.int64Value == nil)
        #expect(try JSONValue(parsing: "9223372036854775807").numberValue?.int64Value == Int64.max)
        #expect(try JSONValue(parsing: "-9223372036854775808").numberValue?.int64Value == Int64.min)
        #expect(try JSONValue(parsing: "9223372036854775808").numberValue?.int64Value == nil)
    }

    @Test func negativeZero() throws {
        let intZero = try JSONValue(parsing: "-0")
        #expect(intZero.numberValue?.isIntegerLiteral == true)
        #expect(intZero.serialized == "0")
        let doubleZero = try JSONValue(parsing: "-0.0")
        #expect(doubleZero.numberValue?.isIntegerLiteral == false)
        #expect(doubleZero.numberValue?.doubleValue.sign == .minus)
        #expect(doubleZero.serialized == "-0.0")
        #expect(intZero == doubleZero)  // numerically equal
    }

    @Test func exponentsAreDoubles() throws {
        for (text, value) in [("1e2", 100.0), ("1E2", 100), ("1e+2", 100), ("1e-2", 0.01), ("-1.5E3", -1500), ("0e0", 0)] {
            let n = try JSONValue(parsing: text).numberValue
            #expect(n?.isIntegerLiteral == false, "\(text)")
            #expect(n?.doubleValue == value, "\(text)")
        }
        // Many digits and huge exponents take the slow path and still round correctly.
        #expect(try JSONValue(parsing: "0.1000000000000000055511151231257827").numberValue?.doubleValue == 0.1)
        // Next to the smallest normal double (a literal would warn about underflow): compare with the
        // standard library's correctly rounded conversion.
        #expect(
            try JSONValue(parsing: "2.2250738585072011e-308").numberValue?.doubleValue
                == Double("2.2250738585072011e-308"))
        #expect(try JSONValue(parsing: "1e-99999").numberValue?.doubleValue == 0)
        #expect(try JSONValue(parsing: "123456789012345678901234567890e-10").numberValue?.doubleValue == 12345678901234567890.1234567890)
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"a":3,"\u0062":4}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
        #expect(value["b"] == 4)
        #expect(value.serialized == #"{"a":3,"b":4}"#)
        // Escaped and plain spellings of the same key are the same key, short or long, anywhere
        // in the buffer (the key hash reads whole words when it can).
        for text in [#"{"abcdefghijk":1,"abcdefghij\u006b":2}"#, #"{"abc\u0064":1,"abcd":2}"#, #"{"k":1,"\u006b":2}"#,
                     #"{"\u00e9t\u00e9":1,"été":2}"#, #"{"":1,"":2}"#] {
            let v = try JSONValue(parsing: text)
            #expect(v.objectValue?.count == 1, "\(text)")
            #expect(v.objectValue?.first?.value == 2, "\(text)")
        }
        // Past the linear-search limit the parser switches to a dictionary: same rule.
        var text = "{"
        for i in 0..<100 { text += "\"k\(i)\":\(i)," }
        text += "\"k7\":\"seven\",\"k99\":null,\"k100\":100}"
        let big = try JSONValue(parsing: text)
        #expect(big.objectValue?.count == 101)
        #expect(big.objectValue?.keys.first == "k0")
        #expect(big.objectValue?.keys.last == "k100")
        #expect(big["k7"] == "seven")
        #expect(big.objectValue?.index(forKey: "k7") == 7)
        #expect(big["k99"] == JSONValue.null)
    }

    @Test func keysWithSameHashStayDistinct() throws {
        // Same length, same first and last eight bytes: only the middle differs.
        let a = "abcdefgh_X_ijklmnop"
        let b = "abcdefgh_Y_ijklmnop"
        let value = try JSONValue(parsing: "{\"\(a)\":1,\"\(b)\":2}")
        #expect(value.objectValue?.keys == [a, b])
    }

    @Test func depthLimit() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        #expect(try JSONValue(parsing: nested(JSONValue.defaultMaxDepth)).arrayValue != nil)
        do {
            _ = try JSONValue(parsing: nested(JSONValue.defaultMaxDepth + 1))
            Issue.record("expected tooDeep")
        } catch {
            #expect(error.reason == .tooDeep(limit: JSONValue.defaultMaxDepth))
        }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: nested(3), maxDepth: 2) }
        #expect(try JSONValue(parsing: nested(2), maxDepth: 2) == [[]])
        // Objects count too, and a deep unterminated document fails without recursing past the limit.
        let objects = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: objects) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: String(repeating: "[", count: 1_000_000)) }
    }

    @Test func errorOffsets() {
        for (text, offset) in [("[1,]", 3), ("{\"a\" 1}", 5), ("[1] 2", 4), ("\"ab\u{01}\"", 3)] {
            do {
                _ = try JSONValue(parsing: text)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.offset == offset, "\(text): \(error)")
            }
        }
    }

    @Test func stringAndByteEntryPointsAgree() throws {
        let text = #"{"k":[1,2.5,"é\n",true,null,{"x":{}}],"e":[]}"#
        let fromString = try JSONValue(parsing: text)
        #expect(try JSONValue(parsing: Array(text.utf8)) == fromString)
        #expect(try JSONValue(parsing: text.utf8) == fromString)
        #expect(try JSONValue(parsing: Array(text.utf8)[...]) == fromString)
        #expect(fromString.serialized == text)
        #expect(fromString.serializedBytes == Array(text.utf8))
        var appended = Array("x=".utf8)
        fromString.appendSerialized(to: &appended)
        #expect(appended == Array(("x=" + text).utf8))
    }

    @Test func prettyPrinting() throws {
        let value = try JSONValue(parsing: #"{"a":[1,{"b":null}],"c":{},"d":[]}"#)
        #expect(value.prettyPrinted == "{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}")
        #expect(try JSONValue(parsing: value.prettyPrinted) == value)
    }
}
