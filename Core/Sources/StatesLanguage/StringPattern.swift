/// A compiled `StringMatches` pattern: `*` matches any run of characters, `\*` a literal star and
/// `\\` a literal backslash.
public struct StringPattern: Sendable, Hashable {
    /// The pattern as written.
    public let text: String
    /// The literal pieces between the unescaped stars; `pieces.count - 1` stars in all.
    let pieces: [[Unicode.Scalar]]

    public init(_ text: String) {
        self.text = text
        var pieces: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                if scalar != "*" && scalar != "\\" { current.append("\\") }
                current.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "*" {
                pieces.append(current)
                current = []
            } else {
                current.append(scalar)
            }
        }
        if escaped { current.append("\\") }
        pieces.append(current)
        self.pieces = pieces
    }

    /// Whether `string` matches the whole pattern.
    public func matches(_ string: String) -> Bool {
        let s = Array(string.unicodeScalars)
        guard let first = pieces.first, let last = pieces.last else { return s.isEmpty }
        if pieces.count == 1 { return s == first }
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
    private static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from: Int, limit: Int) -> Int? {
        if needle.isEmpty { return from }
        guard limit - from >= needle.count else { return nil }
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
