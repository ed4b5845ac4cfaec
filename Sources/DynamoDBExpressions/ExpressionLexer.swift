/// One token of an expression, with its place in the source (UTF-8 offsets) for error messages.
struct ExpressionToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case nameRef(String)
        case valueRef(String)
        case integer(Int)
        case symbol(String)
        case invalid(String)
        case end
    }

    let kind: Kind
    let start: Int
    let end: Int

    /// The token as AWS quotes it: its text, or `<EOF>`.
    func text(in source: [UInt8]) -> String {
        if case .end = kind { return "<EOF>" }
        return String(decoding: source[start..<end], as: UTF8.self)
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }

    /// An identifier spelling a keyword (case-insensitive).
    func isKeyword(_ keyword: String) -> Bool {
        if case .identifier(let name) = kind { return name.uppercased() == keyword }
        return false
    }
}

/// Splits an expression into tokens. Never fails: characters outside the grammar become
/// `invalid` tokens that the parser reports as AWS does (`Syntax error; token: "-"`).
enum ExpressionLexer {
    static func tokens(_ source: [UInt8]) -> [ExpressionToken] {
        var tokens: [ExpressionToken] = []
        var i = 0
        let n = source.count
        func isWord(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        }
        while i < n {
            let c = source[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                i += 1
                continue
            }
            let start = i
            if c >= 0x30 && c <= 0x39 {
                var value = 0
                while i < n, source[i] >= 0x30, source[i] <= 0x39 {
                    if value < 1_000_000_000 { value = value * 10 + Int(source[i] - 0x30) }
                    i += 1
                }
                if i < n, isWord(source[i]) {
                    while i < n, isWord(source[i]) { i += 1 }
                    tokens.append(ExpressionToken(kind: .identifier(text(source, start, i)), start: start, end: i))
                } else {
                    tokens.append(ExpressionToken(kind: .integer(value), start: start, end: i))
                }
                continue
            }
            if isWord(c) {
                while i < n, isWord(source[i]) { i += 1 }
                tokens.append(ExpressionToken(kind: .identifier(text(source, start, i)), start: start, end: i))
                continue
            }
            if c == UInt8(ascii: "#") || c == UInt8(ascii: ":") {
                i += 1
                while i < n, isWord(source[i]) { i += 1 }
                if i == start + 1 {
                    tokens.append(ExpressionToken(kind: .invalid(text(source, start, i)), start: start, end: i))
                } else if c == UInt8(ascii: "#") {
                    tokens.append(ExpressionToken(kind: .nameRef(text(source, start, i)), start: start, end: i))
                } else {
                    tokens.append(ExpressionToken(kind: .valueRef(text(source, start, i)), start: start, end: i))
                }
                continue
            }
            switch c {
            case UInt8(ascii: "<"):
                i += 1
                if i < n, source[i] == UInt8(ascii: "=") || source[i] == UInt8(ascii: ">") { i += 1 }
                tokens.append(ExpressionToken(kind: .symbol(text(source, start, i)), start: start, end: i))
            case UInt8(ascii: ">"):
                i += 1
                if i < n, source[i] == UInt8(ascii: "=") { i += 1 }
                tokens.append(ExpressionToken(kind: .symbol(text(source, start, i)), start: start, end: i))
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","),
                UInt8(ascii: "."), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"):
                i += 1
                tokens.append(ExpressionToken(kind: .symbol(text(source, start, i)), start: start, end: i))
            default:
                // One whole UTF-8 character.
                i += 1
                while i < n, source[i] & 0xC0 == 0x80 { i += 1 }
                tokens.append(ExpressionToken(kind: .invalid(text(source, start, i)), start: start, end: i))
            }
        }
        tokens.append(ExpressionToken(kind: .end, start: n, end: n))
        return tokens
    }

    private static func text(_ source: [UInt8], _ start: Int, _ end: Int) -> String {
        String(decoding: source[start..<end], as: UTF8.self)
    }
}
