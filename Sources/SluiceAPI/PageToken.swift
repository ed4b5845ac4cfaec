/// Opaque, checked pagination tokens.
///
/// A token carries the operation, a scope (the request's other arguments, which must not change
/// between pages) and a cursor, plus a keyed checksum; it is hex text. A token that does not decode,
/// whose checksum is wrong or that belongs to another operation or scope is `InvalidToken`.
public struct PageTokens: Sendable {
    let key: UInt64

    /// `secret` keys the checksum (keep it stable across restarts so tokens stay valid).
    public init(secret: String) { key = PageTokens.fnv(Array(secret.utf8), seed: 0xcbf2_9ce4_8422_2325) }

    public func make(operation: String, scope: String, cursor: String) -> String {
        let payload = Array("\(operation)\u{1}\(scope)\u{1}\(cursor)".utf8)
        let sum = PageTokens.fnv(payload, seed: key)
        var out = "v1"
        out.reserveCapacity(payload.count * 2 + 20)
        for byte in payload { PageTokens.appendHex(byte, to: &out) }
        out += "."
        for shift in stride(from: 56, through: 0, by: -8) { PageTokens.appendHex(UInt8(truncatingIfNeeded: sum >> UInt64(shift)), to: &out) }
        return out
    }

    /// The cursor of a token made by `make(operation:scope:cursor:)` with the same operation and scope.
    public func cursor(_ token: String, operation: String, scope: String) throws(AWSError) -> String {
        let bad = AWSError.invalidToken("Invalid token")
        let scalars = Array(token.utf8)
        guard scalars.count > 3, scalars[0] == UInt8(ascii: "v"), scalars[1] == UInt8(ascii: "1"),
            let dot = scalars.lastIndex(of: UInt8(ascii: "."))
        else { throw bad }
        guard let payload = PageTokens.unhex(scalars[2..<dot]), let sumBytes = PageTokens.unhex(scalars[(dot + 1)...]),
            sumBytes.count == 8
        else { throw bad }
        var sum: UInt64 = 0
        for byte in sumBytes { sum = sum << 8 | UInt64(byte) }
        guard sum == PageTokens.fnv(payload, seed: key) else { throw bad }
        let fields = payload.split(separator: 1, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, String(decoding: fields[0], as: UTF8.self) == operation,
            String(decoding: fields[1], as: UTF8.self) == scope
        else { throw bad }
        return String(decoding: fields[2], as: UTF8.self)
    }

    static func fnv(_ bytes: some Sequence<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        // A final avalanche so that similar payloads get unrelated sums.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }

    static let digits = Array("0123456789abcdef".utf8)

    static func appendHex(_ byte: UInt8, to out: inout String) {
        out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte >> 4)]))
        out.unicodeScalars.append(Unicode.Scalar(digits[Int(byte & 0x0F)]))
    }

    static func unhex(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var high: UInt8?
        for c in text {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return out
    }
}
