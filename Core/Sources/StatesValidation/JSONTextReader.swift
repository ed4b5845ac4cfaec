import SluiceJSON

/// Reads definition text the way AWS's (Jackson-based) reader does, so that syntax errors become
/// AWS's `INVALID_JSON_DESCRIPTION` diagnostics with Jackson's wording and location, e.g.
/// `Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null',
/// 'true' or 'false')` at `[Source: (String)"not a definition"; line: 1, column: 4]`.
///
/// Like Jackson, text after the first complete value is ignored.
enum JSONTextReader {
    enum Outcome {
        case success(JSONValue)
        case failure(Diagnostic)
    }

    static func read(_ text: String) -> Outcome {
        // Fast path: well-formed text needs no Jackson emulation.
        if let value = try? JSONValue(parsing: text) { return .success(value) }
        var scanner = JacksonScanner(text)
        switch scanner.scanDocument() {
        case .empty:
            return .success(.null)
        case .failed(let message, let position):
            return .failure(scanner.diagnostic(message, at: position))
        case .value(let end):
            let prefix = String(String.UnicodeScalarView(scanner.scalars[0..<end]))
            do {
                return .success(try JSONValue(parsing: prefix))
            } catch {
                return .failure(scanner.diagnostic(error.description, at: end))
            }
        }
    }
}

/// A syntax-only JSON scanner that reports the first error as Jackson would.
struct JacksonScanner {
    enum Result {
        case empty
        case value(end: Int)
        /// A message and the scalar offset Jackson's location points after.
        case failed(String, Int)
    }

    private struct Failure: Error {
        var message: String
        var position: Int
    }

    let scalars: [Unicode.Scalar]
    private var index = 0
    private static let maxDepth = JSONValue.defaultMaxDepth
    private static let validValues = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    mutating func scanDocument() -> Result {
        skipWhitespace()
        guard index < scalars.count else { return .empty }
        do {
            try scanValue(depth: 0, container: nil)
            return .value(end: index)
        } catch {
            return .failed(error.message, error.position)
        }
    }

    private mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
    }

    /// `container` is the kind and start offset of the enclosing array/object (for EOF messages).
    private mutating func scanValue(depth: Int, container: (String, Int)?) throws(Failure) {
        guard depth < Self.maxDepth else {
            throw Failure(message: "Document nesting depth exceeds the maximum allowed", position: index)
        }
        guard index < scalars.count else { throw eof(container) }
        let c = scalars[index]
        switch c {
        case "{": try scanObject(depth: depth)
        case "[": try scanArray(depth: depth)
        case "\"": try scanString(isName: false)
        case "-", "0"..."9": try scanNumber()
        case "t": try scanLiteral("true")
        case "f": try scanLiteral("false")
        case "n": try scanLiteral("null")
        default:
            if Self.isIdentifierStart(c) {
                throw unrecognizedToken(from: index)
            }
            index += 1
            throw Failure(
                message: "Unexpected character (\(Self.describe(c))): expected a valid value \(Self.validValues)",
                position: index)
        }
    }

    private mutating func scanObject(depth: Int) throws(Failure) {
        let start = index
        index += 1
        skipWhitespace()
        if index < scalars.count, scalars[index] == "}" {
            index += 1
            return
        }
        if index < scalars.count, scalars[index] == "]" { throw mismatchedClose("]", expected: "}", ("Object", start)) }
        while true {
            guard index < scalars.count else { throw eof(("Object", start)) }
            guard scalars[index] == "\"" else {
                let c = scalars[index]
                index += 1
                throw Failure(
                    message: "Unexpected character (\(Self.describe(c))): was expecting double-quote to start field name",
                    position: index)
            }
            try scanString(isName: true)
            skipWhitespace()
            guard index < scalars.count else { throw eof(("Object", start)) }
            guard scalars[index] == ":" else {
                let c = scalars[index]
                index += 1
                throw Failure(
                    message: "Unexpected character (\(Self.describe(c))): was expecting a colon to separate field name and value",
                    position: index)
            }
            index += 1
            skipWhitespace()
            try scanValue(depth: depth + 1, container: ("Object", start))
            skipWhitespace()
            guard index < scalars.count else { throw eof(("Object", start)) }
            let c = scalars[index]
            index += 1
            if c == "}" { return }
            if c == "]" {
                index -= 1
                throw mismatchedClose("]", expected: "}", ("Object", start))
            }
            guard c == "," else {
                throw Failure(
                    message: "Unexpected character (\(Self.describe(c))): was expecting comma to separate Object entries",
                    position: index)
            }
            skipWhitespace()
        }
    }

    private mutating func scanArray(depth: Int) throws(Failure) {
        let start = index
        index += 1
        skipWhitespace()
        if index < scalars.count, scalars[index] == "]" {
            index += 1
            return
        }
        if index < scalars.count, scalars[index] == "}" { throw mismatchedClose("}", expected: "]", ("Array", start)) }
        while true {
            try scanValue(depth: depth + 1, container: ("Array", start))
            skipWhitespace()
            guard index < scalars.count else { throw eof(("Array", start)) }
            let c = scalars[index]
            index += 1
            if c == "]" { return }
            if c == "}" {
                index -= 1
                throw mismatchedClose("}", expected: "]", ("Array", start))
            }
            guard c == "," else {
                throw Failure(
                    message: "Unexpected character (\(Self.describe(c))): was expecting comma to separate Array entries",
                    position: index)
            }
            skipWhitespace()
        }
    }

    private mutating func scanString(isName: Bool) throws(Failure) {
        index += 1
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            switch c {
            case "\"":
                return
            case "\\":
                guard index < scalars.count else { break }
                let e = scalars[index]
                index += 1
                switch e {
                case "\"", "\\", "/", "b", "f", "n", "r", "t":
                    continue
                case "u":
                    for _ in 0..<4 {
                        guard index < scalars.count else { break }
                        let h = scalars[index]
                        index += 1
                        guard h.properties.isASCIIHexDigit else {
                            throw Failure(
                                message: "Unexpected character (\(Self.describe(h))): expected a hex-digit for character escape sequence",
                                position: index)
                        }
                    }
                default:
                    throw Failure(message: "Unrecognized character escape \(Self.describe(e))", position: index)
                }
            default:
                if c.value < 0x20 {
                    let kind = isName ? "name" : "string value"
                    throw Failure(
                        message: "Illegal unquoted character (\(Self.describe(c))): has to be escaped using backslash to be included in \(kind)",
                        position: index)
                }
            }
        }
        throw Failure(
            message: isName
                ? "Unexpected end-of-input: was expecting closing '\"' for name"
                : "Unexpected end-of-input: was expecting closing quote for a string value",
            position: index)
    }

    private mutating func scanNumber() throws(Failure) {
        if scalars[index] == "-" { index += 1 }
        guard index < scalars.count, ("0"..."9").contains(scalars[index]) else {
            if index < scalars.count {
                let c = scalars[index]
                index += 1
                throw Failure(
                    message: "Unexpected character (\(Self.describe(c))) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value",
                    position: index)
            }
            throw Failure(message: "Unexpected end-of-input in a Number value", position: index)
        }
        if scalars[index] == "0", index + 1 < scalars.count, ("0"..."9").contains(scalars[index + 1]) {
            index += 1
            throw Failure(message: "Invalid numeric value: Leading zeroes not allowed", position: index)
        }
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        if index < scalars.count, scalars[index] == "." {
            index += 1
            let fractionStart = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            if index == fractionStart { throw unexpectedInNumber("Decimal point not followed by a digit") }
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            let exponentStart = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            if index == exponentStart { throw unexpectedInNumber("Exponent indicator not followed by a digit") }
        }
    }

    private mutating func unexpectedInNumber(_ why: String) -> Failure {
        guard index < scalars.count else {
            return Failure(message: "Unexpected end-of-input in a Number value", position: index)
        }
        let c = scalars[index]
        index += 1
        return Failure(message: "Unexpected character (\(Self.describe(c))) in numeric value: \(why)", position: index)
    }

    private mutating func scanLiteral(_ literal: String) throws(Failure) {
        let start = index
        for expected in literal.unicodeScalars {
            guard index < scalars.count, scalars[index] == expected else { throw unrecognizedToken(from: start) }
            index += 1
        }
        if index < scalars.count, Self.isIdentifierPart(scalars[index]) { throw unrecognizedToken(from: start) }
    }

    /// `Unrecognized token 'abc': …`, reported after the whole identifier-like token.
    private mutating func unrecognizedToken(from start: Int) -> Failure {
        index = start
        while index < scalars.count, Self.isIdentifierPart(scalars[index]) { index += 1 }
        if index == start { index += 1 }
        let token = String(String.UnicodeScalarView(scalars[start..<index]))
        return Failure(message: "Unrecognized token '\(token)': was expecting \(Self.validValues)", position: index)
    }

    /// `Unexpected close marker ']': expected '}' (for Object starting at …)`.
    private mutating func mismatchedClose(_ found: String, expected: String, _ container: (String, Int)) -> Failure {
        index += 1
        return Failure(
            message: "Unexpected close marker '\(found)': expected '\(expected)' (for \(container.0) starting at \(sourceLocation(at: container.1)))",
            position: index)
    }

    private func eof(_ container: (String, Int)?) -> Failure {
        guard let (kind, start) = container else {
            return Failure(message: "No content to map due to end-of-input", position: index)
        }
        return Failure(
            message: "Unexpected end-of-input: expected close marker for \(kind) (start marker at \(sourceLocation(at: start)))",
            position: index)
    }

    /// The INVALID_JSON_DESCRIPTION diagnostic for `message`; `position` is the offset just past
    /// what Jackson had consumed when it failed.
    func diagnostic(_ message: String, at position: Int) -> Diagnostic {
        let location = sourceLocation(at: position)
        return Diagnostic(code: DiagnosticCode.invalidJSON, message: message + "\n at " + location, location: location)
    }

    /// `[Source: (String)"…"; line: L, column: C]` for scalar offset `offset` (1-based column).
    private func sourceLocation(at offset: Int) -> String {
        var line = 1
        var lineStart = 0
        var i = 0
        let end = max(0, min(offset, scalars.count))
        while i < end {
            let c = scalars[i]
            if c == "\n" || (c == "\r" && (i + 1 >= scalars.count || scalars[i + 1] != "\n")) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        let column = offset - lineStart + 1
        var source = "(String)\"" + String(String.UnicodeScalarView(scalars.prefix(500))) + "\""
        if scalars.count > 500 { source += "[truncated \(scalars.count - 500) chars]" }
        return "[Source: \(source); line: \(line), column: \(column)]"
    }

    /// How Jackson shows a character in its messages: `'x' (code 120)`, `(CTRL-CHAR, code 10)`.
    static func describe(_ c: Unicode.Scalar) -> String {
        let v = c.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return "(CTRL-CHAR, code \(v))" }
        if v > 255 { return "'\(Character(c))' (code \(v) / 0x\(String(v, radix: 16)))" }
        return "'\(Character(c))' (code \(v))"
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c == "_" || c == "$"
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c)
    }
}
