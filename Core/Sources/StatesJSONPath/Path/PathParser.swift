import SluiceJSON

/// Compiles JSONPath text (Jayway's dialect, as AWS accepts it) into a `CompiledPath`.
struct PathParser {
    private let bytes: [UInt8]
    private var pos = 0
    private var filterDepth = 0
    /// Deepest nesting of filters and parentheses accepted, so hostile input cannot exhaust the stack.
    private static let maxFilterDepth = 32

    init(_ text: String) {
        var b = Array(text.utf8)
        // Jayway trims surrounding whitespace before compiling.
        while let last = b.last, PathParser.isSpace(last) { b.removeLast() }
        var start = 0
        while start < b.count, PathParser.isSpace(b[start]) { start += 1 }
        if start > 0 { b.removeFirst(start) }
        bytes = b
    }

    /// Parses the whole text as one path; anything left over is an error.
    mutating func parseWholePath() throws(PathSyntaxError) -> CompiledPath {
        let path = try parsePath(inFilter: false)
        guard pos == bytes.count else { throw error("Unexpected character at position \(pos)") }
        return path
    }

    // MARK: - Paths

    private mutating func parsePath(inFilter: Bool) throws(PathSyntaxError) -> CompiledPath {
        guard pos < bytes.count else { throw error("Path must not be empty") }
        let root: PathRoot
        switch bytes[pos] {
        case UInt8(ascii: "$"):
            pos += 1
            if !inFilter, pos < bytes.count, bytes[pos] == UInt8(ascii: "$") {
                pos += 1
                root = .context
            } else if !inFilter, pos < bytes.count, PathParser.isIdentifierStart(bytes[pos]) {
                let start = pos
                while pos < bytes.count, PathParser.isIdentifierPart(bytes[pos]) { pos += 1 }
                root = .variable(string(start, pos))
            } else {
                root = .input
            }
        case UInt8(ascii: "@") where inFilter:
            pos += 1
            root = .current
        default:
            throw error("Path must start with '$'")
        }
        var segments: [PathSegment] = []
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: ".") {
                if pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ".") {
                    pos += 2
                    guard pos < bytes.count, bytes[pos] != UInt8(ascii: ".") else {
                        throw error("Path must not end with a '.' or '..'")
                    }
                    segments.append(.deepScan(try parseTokenAfterDot(inFilter: inFilter)))
                } else {
                    pos += 1
                    guard pos < bytes.count else { throw error("Path must not end with a '.'") }
                    guard bytes[pos] != UInt8(ascii: ".") else {
                        throw error("Character '.' on position \(pos) is not valid.")
                    }
                    segments.append(try parseTokenAfterDot(inFilter: inFilter))
                }
            } else if c == UInt8(ascii: "[") {
                segments.append(try parseBracket())
            } else if inFilter {
                break
            } else {
                throw error("Unexpected character '\(Character(Unicode.Scalar(c)))' at position \(pos)")
            }
            if case .function = segments.last, pos < bytes.count, !inFilter {
                throw error("Function must be the last element of a path")
            }
        }
        return CompiledPath(root: root, segments: segments)
    }

    /// The token after `.` or `..`: a bracket, `*` or a property name (or `name()` function).
    private mutating func parseTokenAfterDot(inFilter: Bool) throws(PathSyntaxError) -> PathSegment {
        let c = bytes[pos]
        if c == UInt8(ascii: "[") { return try parseBracket() }
        if c == UInt8(ascii: "*") {
            pos += 1
            return .wildcard
        }
        let start = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "[") || b == UInt8(ascii: "(") { break }
            if PathParser.isSpace(b) {
                if inFilter { break }
                throw error("Use bracket notion ['my prop'] if your property contains blank characters. position: \(pos)")
            }
            if inFilter, PathParser.endsFilterPath(b) { break }
            pos += 1
        }
        guard pos > start else { throw error("Empty property at position \(pos)") }
        let name = string(start, pos)
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "(") {
            try skipBalancedParentheses()
            return .function(name)
        }
        return .property(name)
    }

    private mutating func skipBalancedParentheses() throws(PathSyntaxError) {
        var depth = 0
        var quote: UInt8? = nil
        while pos < bytes.count {
            let b = bytes[pos]
            pos += 1
            if let q = quote {
                if b == UInt8(ascii: "\\") { pos += 1 } else if b == q { quote = nil }
                continue
            }
            switch b {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = b
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return }
            default: break
            }
        }
        throw error("Function arguments are not closed")
    }

    // MARK: - Brackets

    private mutating func parseBracket() throws(PathSyntaxError) -> PathSegment {
        pos += 1  // [
        skipSpaces()
        guard pos < bytes.count else { throw error("Path must not end with '['") }
        let c = bytes[pos]
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
            var names: [String] = []
            while true {
                names.append(try readBracketQuoted())
                skipSpaces()
                guard pos < bytes.count else { throw error("Property must be terminated by ']'") }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    skipSpaces()
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: "'") || bytes[pos] == UInt8(ascii: "\"")
                    else { throw error("Found empty property at index \(pos)") }
                    continue
                }
                guard bytes[pos] == UInt8(ascii: "]") else {
                    throw error("Property must be separated by comma or Property must be terminated close square bracket at index \(pos)")
                }
                pos += 1
                return names.count == 1 ? .property(names[0]) : .properties(names)
            }
        }
        if c == UInt8(ascii: "*") {
            pos += 1
            try expectClosingBracket()
            return .wildcard
        }
        if c == UInt8(ascii: "?") {
            pos += 1
            skipSpaces()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "(") else { throw error("Filter must start with '?('") }
            pos += 1
            let expression = try parseFilterOr()
            skipSpaces()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ")") else { throw error("Filter must end with ')'") }
            pos += 1
            try expectClosingBracket()
            return .filter(expression)
        }
        return try parseArrayIndexes()
    }

    /// Reads `'…'` or `"…"`; a backslash protects the next character and is kept, as AWS does.
    private mutating func readBracketQuoted() throws(PathSyntaxError) -> String {
        let quote = bytes[pos]
        pos += 1
        let start = pos
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\\") {
                pos += 2
                continue
            }
            if b == quote {
                let s = string(start, pos)
                pos += 1
                return s
            }
            pos += 1
        }
        throw error("Property has no closing quote")
    }

    private mutating func expectClosingBracket() throws(PathSyntaxError) {
        skipSpaces()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "]") else { throw error("Expected ']' at position \(pos)") }
        pos += 1
    }

    /// `[0]`, `[-1]`, `[0,1]`, `[1:3]`, `[:2]`, `[-1:]`.
    private mutating func parseArrayIndexes() throws(PathSyntaxError) -> PathSegment {
        let first = try readOptionalInt()
        skipSpaces()
        guard pos < bytes.count else { throw error("Path must not end with '['") }
        if bytes[pos] == UInt8(ascii: ":") {
            pos += 1
            skipSpaces()
            let end = try readOptionalInt()
            try expectClosingBracket()
            if first == nil && end == nil { throw error("Invalid slice at position \(pos)") }
            return .slice(start: first, end: end)
        }
        guard let first else { throw error("Invalid array index at position \(pos)") }
        var indexes = [first]
        while pos < bytes.count, bytes[pos] == UInt8(ascii: ",") {
            pos += 1
            skipSpaces()
            guard let next = try readOptionalInt() else { throw error("Invalid array index at position \(pos)") }
            indexes.append(next)
            skipSpaces()
        }
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "]") else { throw error("Expected ']' at position \(pos)") }
        pos += 1
        return indexes.count == 1 ? .index(first) : .indices(indexes)
    }

    private mutating func readOptionalInt() throws(PathSyntaxError) -> Int? {
        let start = pos
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        let digitsStart = pos
        while pos < bytes.count, PathParser.isDigit(bytes[pos]) { pos += 1 }
        if pos == digitsStart {
            if pos != start { throw error("Invalid array index at position \(start)") }
            return nil
        }
        // Jayway reads indexes as Java ints.
        guard let value = Int32(string(start, pos)) else { throw error("Array index out of range at position \(start)") }
        skipSpaces()
        return Int(value)
    }

    // MARK: - Filters

    private mutating func enterFilter() throws(PathSyntaxError) {
        filterDepth += 1
        if filterDepth > PathParser.maxFilterDepth { throw error("Filter nested too deeply") }
    }

    private mutating func parseFilterOr() throws(PathSyntaxError) -> FilterExpression {
        try enterFilter()
        defer { filterDepth -= 1 }
        var left = try parseFilterAnd()
        while true {
            skipSpaces()
            guard hasPrefix("||") else { return left }
            pos += 2
            left = .or(left, try parseFilterAnd())
        }
    }

    private mutating func parseFilterAnd() throws(PathSyntaxError) -> FilterExpression {
        var left = try parseFilterUnary()
        while true {
            skipSpaces()
            guard hasPrefix("&&") else { return left }
            pos += 2
            left = .and(left, try parseFilterUnary())
        }
    }

    private mutating func parseFilterUnary() throws(PathSyntaxError) -> FilterExpression {
        skipSpaces()
        guard pos < bytes.count else { throw error("Filter expression is incomplete") }
        if bytes[pos] == UInt8(ascii: "!"), !hasPrefix("!=") {
            pos += 1
            try enterFilter()
            defer { filterDepth -= 1 }
            return .not(try parseFilterUnary())
        }
        if bytes[pos] == UInt8(ascii: "(") {
            pos += 1
            let inner = try parseFilterOr()
            skipSpaces()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ")") else { throw error("Expected ')' at position \(pos)") }
            pos += 1
            return inner
        }
        let left = try parseOperand()
        skipSpaces()
        guard let op = readOperator() else {
            guard case .path = left else { throw error("Expected an operator at position \(pos)") }
            return .exists(left)
        }
        skipSpaces()
        let right = try parseOperand()
        return .compare(left, op, right)
    }

    private mutating func readOperator() -> FilterOperator? {
        for symbol in ["===", "!==", "==", "!=", "<=", ">=", "=~"] where hasPrefix(symbol) {
            pos += symbol.utf8.count
            return FilterOperator(rawValue: symbol)
        }
        if hasPrefix("<") {
            pos += 1
            return .less
        }
        if hasPrefix(">") {
            pos += 1
            return .greater
        }
        for word in ["nin", "in", "subsetof", "anyof", "noneof", "size", "empty", "contains", "exists"] where hasPrefix(word) {
            let after = pos + word.utf8.count
            if after < bytes.count, PathParser.isIdentifierPart(bytes[after]) { continue }
            pos = after
            return FilterOperator(rawValue: word)
        }
        return nil
    }

    private mutating func parseOperand() throws(PathSyntaxError) -> FilterOperand {
        guard pos < bytes.count else { throw error("Filter expression is incomplete") }
        let c = bytes[pos]
        switch c {
        case UInt8(ascii: "@"), UInt8(ascii: "$"):
            return .path(try parsePath(inFilter: true))
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .literal(.string(try readFilterString()))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = pos
            pos = PathParser.numberLiteralEnd(in: bytes, from: start)
            guard let value = try? JSONValue(parsing: bytes[start..<pos]), case .number = value else {
                throw error("Invalid number at position \(start)")
            }
            return .literal(value)
        case UInt8(ascii: "["):
            return .literal(try readArrayLiteral())
        case UInt8(ascii: "{"):
            return .literal(try readJSONLiteral())
        case UInt8(ascii: "/"):
            return try readRegex()
        default:
            for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)]
            where hasPrefix(word) {
                pos += word.utf8.count
                return .literal(value)
            }
            throw error("Unexpected character in filter at position \(pos)")
        }
    }

    private mutating func readFilterString() throws(PathSyntaxError) -> String {
        let quote = bytes[pos]
        pos += 1
        var out: [UInt8] = []
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\\"), pos + 1 < bytes.count {
                let n = bytes[pos + 1]
                switch n {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(n)
                }
                pos += 2
                continue
            }
            if b == quote {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            out.append(b)
            pos += 1
        }
        throw error("String literal is not closed")
    }

    /// `[1, 'a', "b", true, null, [2]]`: Jayway reads array literals leniently (single quotes too).
    private mutating func readArrayLiteral() throws(PathSyntaxError) -> JSONValue {
        try enterFilter()
        defer { filterDepth -= 1 }
        pos += 1  // [
        var elements: [JSONValue] = []
        skipSpaces()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            return .array(elements)
        }
        while true {
            skipSpaces()
            guard case .literal(let value) = try parseOperand() else {
                throw error("Array literal elements must be literals at position \(pos)")
            }
            elements.append(value)
            skipSpaces()
            guard pos < bytes.count else { throw error("Array literal is not closed") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard bytes[pos] == UInt8(ascii: "]") else { throw error("Expected ',' or ']' at position \(pos)") }
            pos += 1
            return .array(elements)
        }
    }

    private mutating func readJSONLiteral() throws(PathSyntaxError) -> JSONValue {
        let start = pos
        var depth = 0
        var inString = false
        while pos < bytes.count {
            let b = bytes[pos]
            pos += 1
            if inString {
                if b == UInt8(ascii: "\\") { pos += 1 } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 {
                    guard let value = try? JSONValue(parsing: bytes[start..<min(pos, bytes.count)], maxDepth: 64) else {
                        throw error("Invalid JSON literal at position \(start)")
                    }
                    return value
                }
            default: break
            }
        }
        throw error("JSON literal is not closed")
    }

    private mutating func readRegex() throws(PathSyntaxError) -> FilterOperand {
        pos += 1
        let start = pos
        while pos < bytes.count, bytes[pos] != UInt8(ascii: "/") {
            if bytes[pos] == UInt8(ascii: "\\") { pos += 1 }
            pos += 1
        }
        guard pos < bytes.count else { throw error("Regular expression is not closed") }
        let pattern = string(start, pos)
        pos += 1
        var caseInsensitive = false
        while pos < bytes.count, PathParser.isLetter(bytes[pos]) {
            if bytes[pos] == UInt8(ascii: "i") { caseInsensitive = true }
            pos += 1
        }
        guard (try? Regex(pattern)) != nil else { throw error("Invalid regular expression '\(pattern)'") }
        return .regex(pattern: pattern, caseInsensitive: caseInsensitive)
    }

    // MARK: - Helpers

    private func error(_ message: String) -> PathSyntaxError { PathSyntaxError(message) }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
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

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Where a number literal that starts at `start` (a sign or a digit) ends: the run of digits,
    /// `.`, `e`/`E` and signs after its first byte. Filters and intrinsic arguments share it; the
    /// caller checks the run is a valid JSON number.
    static func numberLiteralEnd(in bytes: [UInt8], from start: Int) -> Int {
        var end = start + 1
        while end < bytes.count,
            isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ".") || bytes[end] == UInt8(ascii: "e")
                || bytes[end] == UInt8(ascii: "E") || bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-")
        {
            end += 1
        }
        return end
    }
    static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }
    static func isIdentifierStart(_ b: UInt8) -> Bool { isLetter(b) || b == UInt8(ascii: "_") || b >= 0x80 }
    static func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }

    /// Characters that end a dot-notation property inside a filter expression.
    static func endsFilterPath(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: ")"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: ","), UInt8(ascii: "~"), UInt8(ascii: "]"):
            true
        default: false
        }
    }
}
