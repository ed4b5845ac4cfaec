import SluiceJSON
import Testing

/// Seeded, deterministic fuzzing: random and mutated byte strings either parse or throw
/// `JSONParseError` (a trap fails the whole run), and whatever parses round-trips through the
/// serializer.
@Suite struct ParserFuzzTests {
    /// Bytes that steer mutations towards the parser's interesting paths.
    static let interestingBytes: [UInt8] =
        Array(#"{}[]",:\/-+.0123456789eEtrufalsn u"#.utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]

    /// A random JSON value of at most `depth` levels.
    static func randomValue(_ g: inout SplitMix64, depth: Int) -> JSONValue {
        switch g.below(depth > 0 ? 9 : 6) {
        case 0: return .null
        case 1: return .bool(g.below(2) == 0)
        case 2: return .int(Int(Int64(bitPattern: g.next()) >> Int64(g.below(64))))
        case 3:
            switch g.below(4) {
            case 0: return .double(Double(g.below(2_000_000) - 1_000_000) / Double([1, 10, 100, 1000, 7][g.below(5)]))
            case 1:
                let d = Double(bitPattern: g.next())
                return .double(d.isFinite ? d : 0.5)
            case 2: return .number(JSONNumber(integerDigits: (g.below(2) == 0 ? "-" : "") + "1" + String(repeating: "7", count: 19 + g.below(30))))
            default: return .double([0.1, -0.0, 1e21, 1e-7, 123.456, 0.30000000000000004, 1e7, 9999999.5][g.below(8)])
            }
        case 4, 5: return .string(randomString(&g))
        case 6, 7:
            return .array((0..<g.below(6)).map { _ in randomValue(&g, depth: depth - 1) })
        default:
            var o = JSONObject()
            for _ in 0..<g.below(8) { o[randomString(&g)] = randomValue(&g, depth: depth - 1) }
            return .object(o)
        }
    }

    static func randomString(_ g: inout SplitMix64) -> String {
        let pieces = ["a", "key", "Hello", "é", "😀", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", "\u{7F}", "\u{2028}", " ", "$.x", "𝄞", "abcdefghijklmnop"]
        var s = ""
        for _ in 0..<g.below(6) { s += pieces[g.below(pieces.count)] }
        return s
    }

    /// `bytes` with one to four random edits.
    static func mutate(_ bytes: [UInt8], _ g: inout SplitMix64) -> [UInt8] {
        var b = bytes
        for _ in 0..<(1 + g.below(4)) {
            let choice = g.below(7)
            let randomByte = g.below(3) == 0 ? UInt8(truncatingIfNeeded: g.next()) : interestingBytes[g.below(interestingBytes.count)]
            switch choice {
            case 0 where !b.isEmpty: b[g.below(b.count)] = randomByte
            case 1 where !b.isEmpty: b[g.below(b.count)] ^= UInt8(1) << UInt8(g.below(8))
            case 2: b.insert(randomByte, at: g.below(b.count + 1))
            case 3 where !b.isEmpty: b.remove(at: g.below(b.count))
            case 4: b = Array(b.prefix(g.below(b.count + 1)))
            case 5 where !b.isEmpty:
                let start = g.below(b.count)
                let end = min(b.count, start + 1 + g.below(16))
                b.insert(contentsOf: b[start..<end], at: g.below(b.count + 1))
            default:
                let depth = 1 + g.below(40)
                let open: UInt8 = g.below(2) == 0 ? UInt8(ascii: "[") : UInt8(ascii: "{")
                b.insert(contentsOf: [UInt8](repeating: open, count: depth), at: g.below(b.count + 1))
            }
        }
        return b
    }

    /// Whether `value` holds a number that does not survive a round trip as a number (an
    /// overflowing literal such as `1e400` parses to infinity, which AWS writes as a string).
    static func hasNonFiniteNumber(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let n): return !n.doubleValue.isFinite && !n.isIntegerLiteral
        case .array(let a): return a.contains(where: hasNonFiniteNumber)
        case .object(let o): return o.contains { hasNonFiniteNumber($0.value) }
        default: return false
        }
    }

    /// Parses `bytes`; returns whether it parsed. Checks the round trip of what parses.
    @discardableResult
    static func check(_ bytes: [UInt8], maxDepth: Int = 64) -> Bool {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes, maxDepth: maxDepth)
        } catch {
            // Typed throws: `error` is a JSONParseError; its offset is inside the input.
            #expect(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset) of \(bytes.count)")
            return false
        }
        if hasNonFiniteNumber(value) { return true }
        let text = value.serializedBytes
        do {
            let again = try JSONValue(parsing: text, maxDepth: maxDepth)
            #expect(again == value, "round trip changed \(String(decoding: bytes, as: UTF8.self))")
            #expect(again.serializedBytes == text, "serialization is not stable")
        } catch {
            Issue.record("serialized text does not parse: \(error) in \(String(decoding: text, as: UTF8.self))")
        }
        return true
    }

    @Test func generatedDocumentsRoundTrip() {
        var g = SplitMix64(seed: 1)
        for _ in 0..<2_000 {
            let value = Self.randomValue(&g, depth: 5)
            let bytes = value.serializedBytes
            #expect(Self.check(bytes), "generated document did not parse: \(value.serialized)")
            #expect((try? JSONValue(parsing: bytes)) == value, "\(value.serialized)")
            #expect((try? JSONValue(parsing: value.prettyPrinted)) == value)
        }
    }

    @Test func mutatedDocumentsParseOrThrow() {
        var g = SplitMix64(seed: 2)
        var parsed = 0
        var rejected = 0
        for _ in 0..<1_500 {
            let original = Self.randomValue(&g, depth: 4).serializedBytes
            for _ in 0..<4 {
                if Self.check(Self.mutate(original, &g)) { parsed += 1 } else { rejected += 1 }
            }
        }
        // The mutations exercise both outcomes.
        #expect(parsed > 300)
        #expect(rejected > 3_000)
    }

    @Test func randomBytesParseOrThrow() {
        var g = SplitMix64(seed: 3)
        for _ in 0..<3_000 {
            let count = g.below(64)
            let bytes: [UInt8] = (0..<count).map { _ in
                g.below(2) == 0 ? Self.interestingBytes[g.below(Self.interestingBytes.count)] : UInt8(truncatingIfNeeded: g.next())
            }
            Self.check(bytes)
        }
    }

    @Test func deepAndTruncatedNestingFailsCleanly() {
        var g = SplitMix64(seed: 4)
        for _ in 0..<200 {
            var bytes: [UInt8] = []
            let depth = g.below(200)
            for _ in 0..<depth { bytes += g.below(2) == 0 ? Array("[".utf8) : Array("{\"k\":".utf8) }
            bytes += Array("1".utf8)
            let parses = Self.check(bytes, maxDepth: 100)
            #expect(parses == (depth == 0))
        }
    }
}
