import SluiceJSON

/// Parses intrinsic function calls: `States.Name(arg, …)` where an argument is a string literal
/// (`'…'` with the escapes `\'` `\{` `\}` `\\`), a number, `true`, `false`, `null`, a path or a
/// nested call.
struct IntrinsicParser {
    private let bytes: [UInt8]
    private var pos = 0
    private var callCount = 0
    /// AWS allows up to 10 intrinsic functions in one field.
    static let maxCalls = 10

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func parseWholeCall() throws(PathSyntaxError) -> IntrinsicFunctionCall {
        let call = try parseCall()
        skipSpaces()
        guard pos == bytes.count else { throw PathSyntaxError("Unexpected text after intrinsic function call") }
        return call
    }

    private mutating func parseCall() throws(PathSyntaxError) -> IntrinsicFunctionCall {
        callCount += 1
        guard callCount <= IntrinsicParser.maxCalls else {
            throw PathSyntaxError("At most \(IntrinsicParser.maxCalls) intrinsic functions can be nested in a field")
        }
        let start = pos
        guard hasPrefix("States.") else { throw PathSyntaxError("Intrinsic function must start with 'States.'") }
        pos += 7
        while pos < bytes.count, PathParser.isLetter(bytes[pos]) || PathParser.isDigit(bytes[pos]) { pos += 1 }
        let name = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard let function = IntrinsicFunction(rawValue: name) else {
            throw PathSyntaxError("Unknown intrinsic function '\(name)'")
        }
        skipSpaces()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "(") else {
            throw PathSyntaxError("Expected '(' after \(name)")
        }
        pos += 1
        skipSpaces()
        var arguments: [IntrinsicArgument] = []
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ")") {
            pos += 1
            return IntrinsicFunctionCall(function: function, arguments: arguments)
        }
        while true {
            skipSpaces()
            arguments.append(try parseArgument())
            skipSpaces()
            guard pos < bytes.count else { throw PathSyntaxError("Intrinsic function call is not closed") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard bytes[pos] == UInt8(ascii: ")") else {
                throw PathSyntaxError("Unexpected character in intrinsic function arguments at position \(pos)")
            }
            pos += 1
            return IntrinsicFunctionCall(function: function, arguments: arguments)
        }
    }

    private mutating func parseArgument() throws(PathSyntaxError) -> IntrinsicArgument {
        guard pos < bytes.count else { throw PathSyntaxError("Missing argument") }
        let c = bytes[pos]
        switch c {
        case UInt8(ascii: "'"):
            return try parseStringLiteral()
        case UInt8(ascii: "$"):
            return .path(try parsePathArgument())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = pos
            pos = PathParser.numberLiteralEnd(in: bytes, from: start)
            guard let value = try? JSONValue(parsing: bytes[start..<pos]), case .number = value else {
                throw PathSyntaxError("Invalid number argument at position \(start)")
            }
            return .literal(value)
        default:
            if hasPrefix("States.") { return .call(try parseCall()) }
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)]
            where hasPrefix(word) {
                let after = pos + word.utf8.count
                if after < bytes.count, PathParser.isIdentifierPart(bytes[after]) { break }
                pos = after
                return .literal(value)
            }
            throw PathSyntaxError("Invalid intrinsic function argument at position \(pos)")
        }
    }

    /// `'…'`: `\'`, `\{`, `\}` and `\\` are the only escapes.
    private mutating func parseStringLiteral() throws(PathSyntaxError) -> IntrinsicArgument {
        let start = pos
        pos += 1
        var value: [UInt8] = []
        var pieces: [String] = []
        var piece: [UInt8] = []
        var stray = false
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\\") {
                guard pos + 1 < bytes.count else { throw PathSyntaxError("Unterminated escape in string literal") }
                let n = bytes[pos + 1]
                switch n {
                case UInt8(ascii: "'"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\\"):
                    value.append(n)
                    piece.append(n)
                default:
                    throw PathSyntaxError("Illegal escape sequence in string literal at position \(pos)")
                }
                pos += 2
                continue
            }
            if b == UInt8(ascii: "'") {
                pos += 1
                pieces.append(String(decoding: piece, as: UTF8.self))
                return .string(
                    String(decoding: value, as: UTF8.self), source: String(decoding: bytes[start..<pos], as: UTF8.self),
                    template: FormatTemplate(pieces: pieces, hasStrayBrace: stray))
            }
            if b == UInt8(ascii: "{"), pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "}") {
                pieces.append(String(decoding: piece, as: UTF8.self))
                piece.removeAll(keepingCapacity: true)
                value.append(contentsOf: [b, bytes[pos + 1]])
                pos += 2
                continue
            }
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "}") { stray = true }
            value.append(b)
            piece.append(b)
            pos += 1
        }
        throw PathSyntaxError("String literal is not closed")
    }

    /// A path argument runs to the next `,` or `)` outside brackets, parentheses and quotes.
    private mutating func parsePathArgument() throws(PathSyntaxError) -> Path {
        let start = pos
        var brackets = 0
        var parentheses = 0
        var quote: UInt8? = nil
        scan: while pos < bytes.count {
            let b = bytes[pos]
            if let q = quote {
                if b == UInt8(ascii: "\\") {
                    pos += 2
                    continue
                }
                if b == q { quote = nil }
                pos += 1
                continue
            }
            switch b {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                if brackets > 0 { quote = b }
            case UInt8(ascii: "["): brackets += 1
            case UInt8(ascii: "]"): brackets -= 1
            case UInt8(ascii: "("): parentheses += 1
            case UInt8(ascii: ")"):
                if parentheses == 0 && brackets == 0 { break scan }
                parentheses -= 1
            case UInt8(ascii: ","):
                if parentheses == 0 && brackets == 0 { break scan }
            case 0x20, 0x09, 0x0A, 0x0D:
                if parentheses == 0 && brackets == 0 { break scan }
            default: break
            }
            pos += 1
        }
        let text = String(decoding: bytes[start..<min(pos, bytes.count)], as: UTF8.self)
        return try Path(text)
    }

    private func hasPrefix(_ s: String) -> Bool {
        var i = pos
        for b in s.utf8 {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    private mutating func skipSpaces() {
        while pos < bytes.count, PathParser.isSpace(bytes[pos]) { pos += 1 }
    }
}
