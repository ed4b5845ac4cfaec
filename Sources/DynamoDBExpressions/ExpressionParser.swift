/// The shared machinery of the expression parsers: tokens, placeholders, paths and AWS's errors.
///
/// Syntax errors are thrown at once (`Invalid X: Syntax error; token: "…", near: "…"`); semantic
/// errors (undefined placeholders, reserved words, …) are kept and thrown after a successful parse,
/// the first one found, as AWS reports a syntax error before anything else.
struct ExpressionParser {
    let source: [UInt8]
    let tokens: [ExpressionToken]
    var position = 0
    /// `ConditionExpression`, `UpdateExpression`, …: the prefix of every message.
    let kind: String
    var attributes: ExpressionAttributes
    var deferred: ExpressionError?
    var deferredRank = Rank.other

    /// Which semantic error AWS reports when an expression has several (lowest first).
    enum Rank: Int, Comparable {
        case reserved, unknownFunction, section, attributeName, attributeValue, pathOverlap, pathConflict, operand,
            function, other
        static func < (a: Rank, b: Rank) -> Bool { a.rawValue < b.rawValue }
    }

    /// Nesting limit for parentheses, NOT and function arguments.
    static let maxDepth = 100
    /// DynamoDB's limit on an expression's length (it also bounds the depth of AND/OR chains).
    static let maxLength = 4096
    /// DynamoDB's limit on document path depth.
    static let maxPathDepth = 32
    static let grammarKeywords: Set<String> = ["AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"]

    init(_ text: String, kind: String, attributes: ExpressionAttributes) throws(ExpressionError) {
        source = Array(text.utf8)
        tokens = ExpressionLexer.tokens(source)
        self.kind = kind
        self.attributes = attributes
        if tokens.count == 1 { throw ExpressionError("Invalid \(kind): The expression can not be empty;") }
        if source.count > Self.maxLength {
            throw ExpressionError(
                "Invalid \(kind): Expression size has exceeded the maximum allowed size; expression size: \(source.count)")
        }
    }

    var current: ExpressionToken { tokens[min(position, tokens.count - 1)] }

    func peek(_ offset: Int = 1) -> ExpressionToken { tokens[min(position + offset, tokens.count - 1)] }

    var atEnd: Bool { current.kind == .end }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    /// `Syntax error; token: "x", near: "a x b"` for the current token.
    func syntaxError() -> ExpressionError {
        let token = current
        let from = position > 0 ? tokens[position - 1].start : token.start
        let next = position + 1 < tokens.count ? tokens[position + 1] : token
        let to = max(token.end, next.end)
        let near = String(decoding: source[from..<to], as: UTF8.self)
        return ExpressionError("Invalid \(kind): Syntax error; token: \"\(token.text(in: source))\", near: \"\(near)\"")
    }

    mutating func note(_ message: String, _ rank: Rank = .other) {
        if deferred == nil || rank < deferredRank {
            deferred = ExpressionError("Invalid \(kind): \(message)")
            deferredRank = rank
        }
    }

    /// Notes the first pair of overlapping (or conflicting: a name and an index at one place) paths.
    mutating func noteOverlaps(_ paths: [AttributePath]) {
        for i in paths.indices {
            for j in paths.indices where j > i {
                let a = paths[i].elements
                let b = paths[j].elements
                var conflict = false
                var differ = false
                for k in 0..<min(a.count, b.count) where a[k] != b[k] {
                    switch (a[k], b[k]) {
                    case (.name, .index), (.index, .name): conflict = true
                    default: break
                    }
                    differ = true
                    break
                }
                if conflict {
                    note(
                        "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: \(paths[i]), path two: \(paths[j])",
                        .pathConflict)
                } else if !differ {
                    note(
                        "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(paths[i]), path two: \(paths[j])",
                        .pathOverlap)
                }
            }
        }
    }

    mutating func expect(_ symbol: String) throws(ExpressionError) {
        guard current.isSymbol(symbol) else { throw syntaxError() }
        advance()
    }

    /// Throws the first semantic error found while parsing, if any.
    func finish() throws(ExpressionError) {
        if let deferred { throw deferred }
    }

    func checkDepth(_ depth: Int) throws(ExpressionError) {
        if depth > Self.maxDepth {
            throw ExpressionError("Invalid \(kind): The expression has too many nested levels; maximum: \(Self.maxDepth)")
        }
    }

    // MARK: Names, values, paths

    /// An attribute name: a plain identifier (not a reserved word) or a `#placeholder`.
    mutating func parseName() throws(ExpressionError) -> String {
        switch current.kind {
        case .identifier(let name):
            if Self.grammarKeywords.contains(name.uppercased()) { throw syntaxError() }
            if ReservedWords.contains(name) { note("Attribute name is a reserved keyword; reserved keyword: \(name)", .reserved) }
            advance()
            return name
        case .nameRef(let ref):
            advance()
            if let name = attributes.names[ref] {
                attributes.usedNames.insert(ref)
                return name
            }
            note("An expression attribute name used in the document path is not defined; attribute name: \(ref)", .attributeName)
            return ref
        default:
            throw syntaxError()
        }
    }

    /// `name ( '.' name | '[' integer ']' )*`
    mutating func parsePath() throws(ExpressionError) -> AttributePath {
        var elements: [AttributePath.Element] = [.name(try parseName())]
        while true {
            if current.isSymbol(".") {
                advance()
                elements.append(.name(try parseName()))
            } else if current.isSymbol("[") {
                advance()
                guard case .integer(let index) = current.kind else { throw syntaxError() }
                advance()
                try expect("]")
                elements.append(.index(index))
            } else {
                break
            }
        }
        if elements.count > Self.maxPathDepth {
            note("The document path has too many nesting levels; nesting levels: \(elements.count)")
        }
        return AttributePath(elements)
    }

    /// A `:placeholder` from ExpressionAttributeValues.
    mutating func parseValue() throws(ExpressionError) -> AttributeValue {
        guard case .valueRef(let ref) = current.kind else { throw syntaxError() }
        advance()
        if let value = attributes.values[ref] {
            attributes.usedValues.insert(ref)
            return value
        }
        note("An expression attribute value used in expression is not defined; attribute value: \(ref)", .attributeValue)
        return .null
    }

    /// The function name when the current token starts a call `name(`.
    var functionName: String? {
        if case .identifier(let name) = current.kind, peek().isSymbol("(") { return name }
        return nil
    }

    /// `'(' operand (',' operand)* ')'` with `operand` given.
    mutating func parseArguments(
        depth: Int, _ operand: (inout ExpressionParser, Int) throws(ExpressionError) -> Operand
    ) throws(ExpressionError) -> [Operand] {
        try checkDepth(depth)
        try expect("(")
        var arguments: [Operand] = [try operand(&self, depth + 1)]
        while current.isSymbol(",") {
            advance()
            arguments.append(try operand(&self, depth + 1))
        }
        try expect(")")
        return arguments
    }

    mutating func checkArgumentCount(_ function: String, _ arguments: [Operand], _ count: Int) {
        if arguments.count != count {
            note(
                "Incorrect number of operands for operator or function; operator or function: \(function), number of operands: \(arguments.count)"
            )
        }
    }
}
