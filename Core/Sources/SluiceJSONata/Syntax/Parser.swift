/// JSONata's Pratt parser: tokens to a raw syntax tree (then `ASTProcessor` rewrites it into
/// paths, steps, stages and tuple annotations).
struct Parser {
    private var lexer: Lexer
    private let sourceLength: Int
    /// The current token as a fresh node.
    private var node: Node
    /// The symbol id of the current token (`(name)`, `(literal)`, `(end)`, or the operator).
    private var id: String
    private var depth = 0
    private let maxDepth: Int

    static let bindingPowers: [String: Int] = [
        ".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80, ";": 80,
        ":": 80, "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 20, "=": 40, "<": 40,
        ">": 40, "^": 40, "**": 60, "..": 20, ":=": 10, "!=": 40, "<=": 40, ">=": 40, "~>": 40,
        "and": 30, "or": 25, "in": 40, "&": 50, "!": 0, "~": 0,
    ]

    /// Left binding powers of the parser's symbol table (differs from `bindingPowers` for symbols
    /// that are only registered as prefix or terminal symbols).
    static let lbp: [String: Int] = [
        ".": 75, "[": 80, "{": 70, "(": 80, "@": 80, "#": 80, "?": 20, "+": 50, "-": 50, "*": 60,
        "/": 60, "%": 60, "=": 40, "<": 40, ">": 40, "^": 40, ":=": 10, "!=": 40, "<=": 40, ">=": 40,
        "~>": 40, "and": 30, "or": 25, "in": 40, "&": 50,
    ]
    static let knownSymbols: Set<String> = [
        ":", ";", ",", ")", "]", "}", "..", ".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=", ">=",
        "&", "and", "or", "in", "~>", "**", "(", "[", "^", "{", ":=", "@", "#", "?", "|",
    ]

    init(_ source: String, maxDepth: Int) {
        lexer = Lexer(source)
        sourceLength = source.unicodeScalars.count
        node = Node(type: .operator, value: "(end)", position: 0)
        id = "(end)"
        self.maxDepth = maxDepth
    }

    /// `markBuiltins`: mark the library function names the tree can never shadow (see
    /// `NamePaths.annotate`); only for a tree evaluated in frames of its own (not `$eval` text).
    static func parse(_ source: String, maxDepth: Int = 250, markBuiltins: Bool = false) throws(JSONataError) -> Node {
        var p = Parser(source, maxDepth: maxDepth)
        try p.advance()
        let expr = try p.expression(0)
        if p.id != "(end)" {
            throw JSONataError.make("S0201", position: p.node.position, token: p.node.value)
        }
        var processor = ASTProcessor()
        let result = try processor.process(expr)
        if result.type == .parent || result.seekingParent != nil {
            throw JSONataError.make("S0217", position: result.position, token: "\(result.type)")
        }
        NamePaths.annotate(result, markBuiltins: markBuiltins)
        return result
    }

    private var lbp: Int { Parser.lbp[id] ?? 0 }

    @discardableResult
    private mutating func advance(_ expected: String? = nil, infix: Bool = false) throws(JSONataError) -> Node {
        if let expected, id != expected {
            let code = id == "(end)" ? "S0203" : "S0202"
            var e = JSONataError.make(code, position: node.position, token: node.value)
            e.message = e.message.replacingFirst("{{value}}", with: expected)
            e.message = (code == "S0203" ? "Expected \(expected) before end of expression"
                : "Expected \(expected), got \(node.value)")
            throw e
        }
        let tok = try lexer.next(infix: infix)
        let prev = node
        switch tok.kind {
        case .end:
            node = Node(type: .operator, value: "(end)", position: sourceLength)
            id = "(end)"
        case .name(let n):
            node = Node(type: .name, value: n, position: tok.position)
            id = "(name)"
        case .variable(let n):
            node = Node(type: .variable, value: n, position: tok.position)
            node.builtins = (true, BuiltinFunctionTable.standard.functions[n], BuiltinFunctionTable.aws.functions[n])
            id = "(name)"
        case .op(let o):
            guard Parser.knownSymbols.contains(o) else {
                throw JSONataError.make("S0204", position: tok.position, token: o)
            }
            node = Node(type: .operator, value: o, position: tok.position)
            id = o
        case .string(let s):
            node = Node(type: .string, value: s, position: tok.position)
            node.literal = .string(s)
            id = "(literal)"
        case .number(let d):
            node = Node(type: .number, value: Stringify.number(d), position: tok.position)
            node.literal = .number(d)
            id = "(literal)"
        case .boolean(let b):
            node = Node(type: .value, value: b ? "true" : "false", position: tok.position)
            node.literal = .bool(b)
            id = "(literal)"
        case .null:
            node = Node(type: .value, value: "null", position: tok.position)
            node.literal = .null
            id = "(literal)"
        case .regex(let pattern, let flags):
            node = Node(type: .regex, value: pattern, position: tok.position)
            do {
                node.regex = try RegexProgram(pattern: pattern, flags: flags)
            } catch {
                throw JSONataError(code: "S0303", message: "Invalid regular expression: \(error.message)",
                                   position: tok.position, token: pattern)
            }
            id = "(regex)"
        }
        return prev
    }

    private mutating func expression(_ rbp: Int) throws(JSONataError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            throw JSONataError.make("U1001", position: node.position)
        }
        var tId = id
        var t = node
        try advance(nil, infix: true)
        var left = try nud(t, tId)
        while rbp < lbp {
            t = node
            tId = id
            try advance()
            left = try led(t, tId, left)
        }
        return left
    }

    // MARK: - prefix (nud)

    private mutating func nud(_ t: Node, _ tId: String) throws(JSONataError) -> Node {
        switch tId {
        case "(end)", "(name)", "(literal)", "(regex)", "and", "or", "in":
            return t
        case "-":
            t.expression = try expression(70)
            t.type = .unary
            return t
        case "*":
            t.type = .wildcard
            return t
        case "**":
            t.type = .descendant
            return t
        case "%":
            t.type = .parent
            return t
        case "(":
            var exprs: [Node] = []
            while id != ")" {
                exprs.append(try expression(0))
                if id != ";" { break }
                try advance(";")
            }
            try advance(")", infix: true)
            t.type = .block
            t.expressions = exprs
            return t
        case "[":
            var items: [Node] = []
            if id != "]" {
                while true {
                    var item = try expression(0)
                    if id == ".." {
                        let range = Node(type: .binary, value: "..", position: node.position)
                        range.lhs = item
                        try advance("..")
                        range.rhs = try expression(0)
                        item = range
                    }
                    items.append(item)
                    if id != "," { break }
                    try advance(",")
                }
            }
            try advance("]", infix: true)
            t.expressions = items
            t.type = .unary
            return t
        case "{":
            t.pairs = try objectPairs()
            t.type = .unary
            return t
        case "|":
            t.type = .transform
            t.pattern = try expression(0)
            try advance("|")
            t.update = try expression(0)
            if id == "," {
                try advance(",")
                t.delete = try expression(0)
            }
            try advance("|")
            return t
        default:
            throw JSONataError.make("S0211", position: t.position, token: t.value)
        }
    }

    private mutating func objectPairs() throws(JSONataError) -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if id != "}" {
            while true {
                let k = try expression(0)
                try advance(":")
                let v = try expression(0)
                pairs.append((k, v))
                if id != "," { break }
                try advance(",")
            }
        }
        try advance("}", infix: true)
        return pairs
    }

    // MARK: - infix (led)

    private mutating func led(_ t: Node, _ tId: String, _ left: Node) throws(JSONataError) -> Node {
        switch tId {
        case "(":
            t.procedure = left
            t.type = .function
            var args: [Node] = []
            if id != ")" {
                while true {
                    if node.type == .operator && id == "?" {
                        t.type = .partial
                        args.append(node)
                        try advance("?")
                    } else {
                        args.append(try expression(0))
                    }
                    if id != "," { break }
                    try advance(",")
                }
            }
            try advance(")", infix: true)
            t.arguments = args
            if left.type == .name && (left.value == "function" || left.value == "\u{03BB}") {
                for (i, arg) in args.enumerated() where arg.type != .variable {
                    throw JSONataError.make("S0208", position: arg.position, token: arg.value, value: .number(Double(i + 1)))
                }
                t.type = .lambda
                if id == "<" {
                    let sigPos = node.position
                    var depth = 1
                    var sig = "<"
                    while depth > 0 && id != "{" && id != "(end)" {
                        try advance()
                        if id == ">" {
                            depth -= 1
                        } else if id == "<" {
                            depth += 1
                        }
                        sig += node.value
                    }
                    try advance(">")
                    do {
                        t.signature = try Signature(sig)
                    } catch {
                        var e = error
                        e.position = sigPos + (error.position ?? 0)
                        throw e
                    }
                }
                try advance("{")
                t.body = try expression(0)
                try advance("}")
            }
            return t
        case "[":
            if id == "]" {
                var step: Node? = left
                while let s = step, s.type == .binary, s.value == "[" { step = s.lhs }
                step?.keepArray = true
                try advance("]")
                return left
            }
            t.lhs = left
            t.rhs = try expression(0)
            t.type = .binary
            try advance("]", infix: true)
            return t
        case "^":
            try advance("(")
            var terms: [(descending: Bool, expression: Node)] = []
            while true {
                var descending = false
                if id == "<" {
                    try advance("<")
                } else if id == ">" {
                    descending = true
                    try advance(">")
                }
                terms.append((descending, try expression(0)))
                if id != "," { break }
                try advance(",")
            }
            try advance(")")
            t.lhs = left
            t.terms = terms
            t.type = .binary
            return t
        case "{":
            t.lhs = left
            t.pairs = try objectPairs()
            t.type = .binary
            return t
        case ":=":
            if left.type != .variable {
                throw JSONataError.make("S0212", position: left.position, token: left.value)
            }
            t.lhs = left
            t.rhs = try expression(9)
            t.type = .binary
            return t
        case "@", "#":
            t.lhs = left
            let r = try expression(80)
            t.rhs = r
            if r.type != .variable {
                throw JSONataError.make("S0214", position: r.position, token: tId)
            }
            t.type = .binary
            return t
        case "?":
            t.type = .condition
            t.condition = left
            t.thenBranch = try expression(0)
            if id == ":" {
                try advance(":")
                t.elseBranch = try expression(0)
            }
            return t
        default:
            let bp = Parser.lbp[tId] ?? 0
            t.lhs = left
            t.rhs = try expression(bp)
            t.type = .binary
            return t
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        let s = Array(self.unicodeScalars)
        let t = Array(target.unicodeScalars)
        guard s.count >= t.count else { return self }
        for i in 0...(s.count - t.count) where Array(s[i..<(i + t.count)]) == t {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: s[0..<i])
            out.append(contentsOf: replacement.unicodeScalars)
            out.append(contentsOf: s[(i + t.count)...])
            return String(out)
        }
        return self
    }
}
