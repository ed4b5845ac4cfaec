import SluiceJSON
import Testing

/// AWS (Jackson) number and string formatting; the rule and its evidence are written down on
/// `JSONNumberFormatting` and `JSONWriter`.
@Suite struct AWSFormattingTests {
    /// Serializes the JSON text `text` after parsing it.
    func reserialized(_ text: String) throws -> String {
        try JSONValue(parsing: text).serialized
    }

    @Test(arguments: [
        // Integers keep every digit; -0 is the integer 0.
        ("0", "0"), ("-0", "0"), ("42", "42"), ("-42", "-42"),
        ("9223372036854775807", "9223372036854775807"), ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775808", "9223372036854775808"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("-123456789012345678901234567890", "-123456789012345678901234567890"),
        // Doubles: Java's Double.toString.
        ("1.0", "1.0"), ("1.50", "1.5"), ("-1.5", "-1.5"), ("0.0", "0.0"), ("-0.0", "-0.0"), ("1e2", "100.0"),
        ("0.1", "0.1"), ("0.30000000000000004", "0.30000000000000004"), ("100.0", "100.0"), ("0.001", "0.001"),
        ("0.0001", "1.0E-4"), ("0.00012345", "1.2345E-4"), ("1234567.0", "1234567.0"), ("9999999.0", "9999999.0"),
        ("1e7", "1.0E7"), ("12345678.9", "1.23456789E7"), ("1e21", "1.0E21"), ("1E+21", "1.0E21"),
        ("1.5e300", "1.5E300"), ("-2.5e-10", "-2.5E-10"), ("4.35", "4.35"), ("123.456", "123.456"),
        ("1.7976931348623157e308", "1.7976931348623157E308"), ("2.2250738585072014E-308", "2.2250738585072014E-308"),
        ("9007199254740993.0", "9.007199254740992E15"), ("3.3", "3.3"), ("44.51", "44.51"), ("-1.49", "-1.49"),
        ("100.1", "100.1"), ("0.5", "0.5"), ("1234567.125", "1234567.125"), ("0.1e1", "1.0"),
        ("1.0000000000000002", "1.0000000000000002"), ("123456789012345678.5", "1.2345678901234568E17"),
        ("1e400", "\"Infinity\""), ("-1e400", "\"-Infinity\""), ("1e-400", "0.0"),
    ])
    func numbers(_ input: String, _ expected: String) throws {
        #expect(try reserialized(input) == expected)
        #expect(try reserialized("[\(input)]") == "[\(expected)]")
    }

    @Test func computedDoubles() {
        #expect(JSONValue.double(0.1 + 0.2).serialized == "0.30000000000000004")
        #expect(JSONValue.double(1e21).serialized == "1.0E21")
        #expect(JSONValue.double(1.0).serialized == "1.0")
        #expect(JSONNumber(2.5).description == "2.5")
        #expect(JSONNumber(1e-7).description == "1.0E-7")
        #expect(JSONNumber(Double.nan).description == "\"NaN\"")
        #expect(JSONValue.int(7).serialized == "7")
    }

    @Test func normalizedComputedNumbers() {
        #expect(JSONNumber(normalizing: 7.0).description == "7")
        #expect(JSONNumber(normalizing: -0.0).description == "0")
        #expect(JSONNumber(normalizing: 2.5).description == "2.5")
        #expect(JSONNumber(normalizing: 1e18).description == "1000000000000000000")
        #expect(JSONNumber(normalizing: 1e19).description == "1.0E19")  // beyond Int64: stays a double
        #expect(JSONNumber(normalizing: .infinity).description == "\"Infinity\"")
    }

    /// Every double's text parses back to the same double (shortest round trip).
    @Test func doublesRoundTrip() throws {
        var g = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let bits = g.next()
            let d = Double(bitPattern: bits)
            guard d.isFinite else { continue }
            let text = JSONNumber(d).description
            let back = try JSONValue(parsing: text).numberValue?.doubleValue
            #expect(back == d || (d == 0 && back == 0), "\(d) → \(text)")
            // Shortest: never more significant digits than Swift's own shortest description.
            let swiftDigits = d.magnitude.description.split(separator: "e")[0].filter { $0.isNumber }
                .drop { $0 == "0" }.reversed().drop { $0 == "0" }.count
            let ourDigits = text.split(separator: "E")[0].filter { $0.isNumber }
                .drop { $0 == "0" }.reversed().drop { $0 == "0" }.count
            #expect(ourDigits <= max(swiftDigits, 1), "\(d) → \(text)")
        }
        for k in -30...30 {
            for m in [1.0, 1.5, 2.25, 9.99, 123.456] {
                let d = m * pow10(k)
                let back = try JSONValue(parsing: JSONNumber(d).description).numberValue?.doubleValue
                #expect(back == d)
            }
        }
    }

    func pow10(_ k: Int) -> Double {
        var p = 1.0
        for _ in 0..<abs(k) { p *= 10 }
        return k < 0 ? 1 / p : p
    }

    @Test func stringEscapes() throws {
        // Jackson: \" \\ \b \t \n \f \r, other controls \u00XX in upper case; nothing else.
        let value = JSONValue.string("q\" b\\ \u{08}\t\n\u{0C}\r \u{01}\u{1F}\u{7F} / é 😀 \u{2028}")
        #expect(value.serialized == "\"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0001\\u001F\u{7F} / é 😀 \u{2028}\"")
        // Escaped input is decoded, then written in the canonical form.
        #expect(try reserialized(#""\u00e9\/\u0041\ud83d\ude00\u001f""#) == "\"é/A😀\\u001F\"")
        // Keys are escaped the same way.
        #expect(try reserialized(#"{"a\"b\n":1}"#) == #"{"a\"b\n":1}"#)
    }

    /// Recorded AWS outputs that are raw JSON texts in the corpus reproduce byte for byte.
    @Test(arguments: [
        #"[null,0,0.1,true,"$.no.such.path","$varname","{% $varname %}","$$","States.Format('{}', $varname)",[],{"constant":0}]"#,
        #"[{"verdict":"true","statement_date":"6/11/2008","statement_source":"speech"},{"verdict":"false","statement_date":"6/7/2022","statement_source":"television"}]"#,
        #"[{"Error":"Exception","Cause":"{\"errorMessage\":\"Some exception was raised.\",\"stackTrace\":[\"  File \\\"/var/task/handler.py\\\", line 2, in handler\\n\"]}"}]"#,
        "0.0", "0.1", "1.1", "0",
    ])
    func recordedRawOutputs(_ text: String) throws {
        #expect(try reserialized(text) == text)
    }
}

/// A small deterministic generator for tests (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}
