/// A compiled `StringMatches` pattern: `*` matches any run of characters, `\*` a literal star and
/// `\\` a literal backslash (a backslash before anything else is itself literal).
///
/// Matching works on UTF-8 bytes: every literal piece starts and ends on a scalar boundary, so a
/// byte match is a scalar match.
public struct StringPattern: Sendable, Hashable {
    /// The pattern as written.
    public let text: String
    /// The literal pieces (UTF-8) between the unescaped stars; `pieces.count - 1` stars in all.
    let pieces: [[UInt8]]

    public init(_ text: String) {
        self.text = text
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        var escaped = false
        for byte in text.utf8 {
            if escaped {
                if byte != UInt8(ascii: "*") && byte != UInt8(ascii: "\\") { current.append(UInt8(ascii: "\\")) }
                current.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "*") {
                pieces.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        if escaped { current.append(UInt8(ascii: "\\")) }
        pieces.append(current)
        self.pieces = pieces
    }

    /// Whether `string` matches the whole pattern.
    public func matches(_ string: String) -> Bool {
        if let result = string.utf8.withContiguousStorageIfAvailable({ matches(bytes: $0) }) { return result }
        return Array(string.utf8).withUnsafeBufferPointer { matches(bytes: $0) }
    }

    private func matches(bytes s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = pieces.first, let last = pieces.last else { return s.isEmpty }
        if pieces.count == 1 { return s.elementsEqual(first) }
        guard s.count >= first.count + last.count, s.starts(with: first), s.suffix(last.count).elementsEqual(last)
        else { return false }
        var position = first.count
        let limit = s.count - last.count
        for piece in pieces.dropFirst().dropLast() {
            guard let found = Self.find(piece, in: s, from: position, limit: limit) else { return false }
            position = found + piece.count
        }
        return true
    }

    /// The first index ≥ `from` where `needle` occurs entirely before `limit`.
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int? {
        if needle.isEmpty { return from }
        var i = from
        while i + needle.count <= limit {
            var j = 0
            while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
            if j == needle.count { return i }
            i += 1
        }
        return nil
    }
}
