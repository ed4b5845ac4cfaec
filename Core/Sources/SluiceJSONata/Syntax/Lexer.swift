/// Splits a JSONata expression into tokens, one at a time (the parser asks for the next token
/// with a flag saying whether a `/` would be a division operator or a regex literal).
struct Lexer {
    private let src: [Unicode.Scalar]
    private(set) var position = 0

    static let operatorChars: Set<Unicode.Scalar> = [
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|",
        "=", "<", ">", "^", "&", "!", "~",
    ]

    init(_ text: String) {
        src = Array(text.unicodeScalars)
    }

    private func char(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < src.count ? src[i] : nil }

    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}"
    }

    /// The next token; `infix` is true when an operator is expected (so `/` divides).
    mutating func next(infix: Bool) throws(JSONataError) -> Token {
        while true {
            while let c = char(position), Lexer.isSpace(c) { position += 1 }
            if char(position) == "/" && char(position + 1) == "*" {
                let start = position
                position += 2
                while !(char(position) == "*" && char(position + 1) == "/") {
                    if position >= src.count {
                        throw JSONataError.make("S0106", position: start)
                    }
                    position += 1
                }
                position += 2
                continue
            }
            break
        }
        guard let c = char(position) else { return Token(kind: .end, position: position) }
        if !infix && c == "/" {
            position += 1
            return try scanRegex()
        }
        let n = char(position + 1)
        func two(_ s: String) -> Token {
            position += 2
            return Token(kind: .op(s), position: position)
        }
        switch (c, n) {
        case (".", "."): return two("..")
        case (":", "="): return two(":=")
        case ("!", "="): return two("!=")
        case (">", "="): return two(">=")
        case ("<", "="): return two("<=")
        case ("*", "*"): return two("**")
        case ("~", ">"): return two("~>")
        default: break
        }
        if Lexer.operatorChars.contains(c) {
            position += 1
            return Token(kind: .op(String(c)), position: position)
        }
        if c == "\"" || c == "'" {
            return try scanString(quote: c)
        }
        if let num = try scanNumber() { return num }
        if c == "`" {
            position += 1
            var i = position
            while i < src.count && src[i] != "`" { i += 1 }
            if i < src.count {
                let name = String(String.UnicodeScalarView(src[position..<i]))
                position = i + 1
                return Token(kind: .name(name), position: position)
            }
            position = src.count
            throw JSONataError.make("S0105", position: position)
        }
        // names and variables
        var i = position
        while i < src.count, !Lexer.isSpace(src[i]), !Lexer.operatorChars.contains(src[i]) { i += 1 }
        if c == "$" {
            let name = String(String.UnicodeScalarView(src[(position + 1)..<i]))
            position = i
            return Token(kind: .variable(name), position: position)
        }
        let name = String(String.UnicodeScalarView(src[position..<i]))
        position = i
        switch name {
        case "or", "in", "and": return Token(kind: .op(name), position: position)
        case "true": return Token(kind: .boolean(true), position: position)
        case "false": return Token(kind: .boolean(false), position: position)
        case "null": return Token(kind: .null, position: position)
        default:
            if position == src.count && name.isEmpty { return Token(kind: .end, position: position) }
            return Token(kind: .name(name), position: position)
        }
    }

    private mutating func scanString(quote: Unicode.Scalar) throws(JSONataError) -> Token {
        position += 1
        var out = String.UnicodeScalarView()
        while position < src.count {
            let c = src[position]
            if c == "\\" {
                position += 1
                guard let e = char(position) else { break }
                switch e {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    guard let cu = hex4(at: position + 1) else {
                        throw JSONataError.make("S0104", position: position)
                    }
                    position += 4
                    if (0xD800...0xDBFF).contains(cu), char(position + 1) == "\\", char(position + 2) == "u",
                        let lo = hex4(at: position + 3), (0xDC00...0xDFFF).contains(lo)
                    {
                        let cp = 0x10000 + ((cu - 0xD800) << 10) + (lo - 0xDC00)
                        if let s = Unicode.Scalar(cp) { out.append(s) }
                        position += 6
                    } else if let s = Unicode.Scalar(cu) {
                        out.append(s)
                    } else {
                        out.append("\u{FFFD}")
                    }
                default:
                    throw JSONataError.make("S0103", position: position, token: String(e))
                }
            } else if c == quote {
                position += 1
                return Token(kind: .string(String(out)), position: position)
            } else {
                out.append(c)
            }
            position += 1
        }
        throw JSONataError.make("S0101", position: position)
    }

    private func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= src.count else { return nil }
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            guard let d = hexDigit(src[k]) else { return nil }
            v = v * 16 + d
        }
        return v
    }

    private func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c >= "0" && c <= "9"
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?`
    private mutating func scanNumber() throws(JSONataError) -> Token? {
        var i = position
        if char(i) == "-" { i += 1 }
        guard Lexer.isDigit(char(i)) else { return nil }
        if char(i) == "0" {
            i += 1
        } else {
            while Lexer.isDigit(char(i)) { i += 1 }
        }
        if char(i) == ".", Lexer.isDigit(char(i + 1)) {
            i += 1
            while Lexer.isDigit(char(i)) { i += 1 }
        }
        if char(i) == "e" || char(i) == "E" {
            var j = i + 1
            if char(j) == "+" || char(j) == "-" { j += 1 }
            if Lexer.isDigit(char(j)) {
                while Lexer.isDigit(char(j)) { j += 1 }
                i = j
            }
        }
        let text = String(String.UnicodeScalarView(src[position..<i]))
        guard let d = Double(text), d.isFinite else {
            throw JSONataError.make("S0102", position: position, token: text)
        }
        position = i
        return Token(kind: .number(d), position: position)
    }

    private mutating func scanRegex() throws(JSONataError) -> Token {
        var start = position
        var depth = 0
        func isClosingSlash(_ p: Int) -> Bool {
            guard char(p) == "/", depth == 0 else { return false }
            var backslashes = 0
            while char(p - (backslashes + 1)) == "\\" { backslashes += 1 }
            return backslashes % 2 == 0
        }
        while position < src.count {
            let c = src[position]
            if isClosingSlash(position) {
                let pattern = String(String.UnicodeScalarView(src[start..<position]))
                if pattern.isEmpty { throw JSONataError.make("S0301", position: position) }
                position += 1
                start = position
                while let f = char(position), f == "i" || f == "m" { position += 1 }
                let flags = String(String.UnicodeScalarView(src[start..<position]))
                return Token(kind: .regex(pattern: pattern, flags: flags), position: position)
            }
            let prevEscaped = char(position - 1) == "\\"
            if (c == "(" || c == "[" || c == "{") && !prevEscaped { depth += 1 }
            if (c == ")" || c == "]" || c == "}") && !prevEscaped { depth -= 1 }
            position += 1
        }
        throw JSONataError.make("S0302", position: position)
    }
}
