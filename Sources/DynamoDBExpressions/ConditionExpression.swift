/// A compiled ConditionExpression or FilterExpression: parse once, evaluate against many items.
public struct ConditionExpression: Sendable {
    public let condition: Condition

    /// Parses `text`, resolving placeholders from (and marking them used in) `attributes`.
    /// `kind` names the request member in error messages (`ConditionExpression`, `FilterExpression`).
    public init(_ text: String, kind: String = "ConditionExpression", attributes: inout ExpressionAttributes)
        throws(ExpressionError)
    {
        var parser = try ExpressionParser(text, kind: kind, attributes: attributes)
        let condition = try parser.parseCondition(depth: 0)
        guard parser.atEnd else { throw parser.syntaxError() }
        try parser.finish()
        attributes = parser.attributes
        self.condition = condition
    }

    /// Whether `item` (empty when the item does not exist) satisfies the condition.
    public func matches(_ item: Item) -> Bool { ConditionEvaluator.evaluate(condition, item) }
}

extension ExpressionParser {
    static let conditionFunctions: Set<String> = [
        "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
    ]
    static let updateFunctions: Set<String> = ["if_not_exists", "list_append"]
    static let attributeTypeNames = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}"

    // condition := and (OR and)*
    mutating func parseCondition(depth: Int) throws(ExpressionError) -> Condition {
        try checkDepth(depth)
        var left = try parseAnd(depth: depth)
        while current.isKeyword("OR") {
            advance()
            left = .or(left, try parseAnd(depth: depth))
        }
        return left
    }

    // and := not (AND not)*
    mutating func parseAnd(depth: Int) throws(ExpressionError) -> Condition {
        var left = try parseNot(depth: depth)
        while current.isKeyword("AND") {
            advance()
            left = .and(left, try parseNot(depth: depth))
        }
        return left
    }

    // not := NOT not | primary
    mutating func parseNot(depth: Int) throws(ExpressionError) -> Condition {
        try checkDepth(depth)
        if current.isKeyword("NOT") {
            advance()
            return .not(try parseNot(depth: depth + 1))
        }
        return try parsePrimary(depth: depth)
    }

    mutating func parsePrimary(depth: Int) throws(ExpressionError) -> Condition {
        if current.isSymbol("(") {
            let open = position
            advance()
            let inner = try parseCondition(depth: depth + 1)
            try expect(")")
            // `((x))`: the inner condition is itself wholly parenthesised.
            if tokens[open + 1].isSymbol("("), matchingParen(open + 1) == position - 2 {
                note("The expression has redundant parentheses;")
            }
            return inner
        }
        if let name = functionName, Self.conditionFunctions.contains(name) {
            return try parseConditionFunction(name, depth: depth)
        }
        let unknownFunction = functionName.map { $0 != "size" } ?? false
        let left = try parseConditionOperand(depth: depth)
        if unknownFunction, !current.isKeyword("BETWEEN"), !current.isKeyword("IN"),
            !(current.kind == .symbol("=") || current.kind == .symbol("<>") || current.kind == .symbol("<")
                || current.kind == .symbol("<=") || current.kind == .symbol(">") || current.kind == .symbol(">="))
        {
            // `foo(a)` used as a condition: AWS reports the unknown function, not the syntax.
            return .attributeExists(AttributePath(name: ""))
        }
        if case .symbol(let s) = current.kind, let comparator = Comparator(rawValue: s) {
            advance()
            return .compare(comparator, left, try parseConditionOperand(depth: depth))
        }
        if current.isKeyword("BETWEEN") {
            advance()
            let low = try parseConditionOperand(depth: depth)
            guard current.isKeyword("AND") else { throw syntaxError() }
            advance()
            return .between(left, low, try parseConditionOperand(depth: depth))
        }
        if current.isKeyword("IN") {
            advance()
            let list = try parseArguments(depth: depth) { p, d throws(ExpressionError) in try p.parseConditionOperand(depth: d) }
            if list.count > 100 {
                note("The IN operator is provided with too many operands; number of operands: \(list.count)")
            }
            return .inList(left, list)
        }
        throw syntaxError()
    }

    /// The index of the `)` closing the `(` at `open`, or -1.
    func matchingParen(_ open: Int) -> Int {
        var level = 0
        var i = open
        while i < tokens.count {
            if tokens[i].isSymbol("(") { level += 1 }
            if tokens[i].isSymbol(")") {
                level -= 1
                if level == 0 { return i }
            }
            i += 1
        }
        return -1
    }

    // operand := path | :value | size(path)
    mutating func parseConditionOperand(depth: Int) throws(ExpressionError) -> Operand {
        try checkDepth(depth)
        if case .valueRef = current.kind { return .value(try parseValue()) }
        if let name = functionName {
            if name == "size" {
                advance()
                let arguments = try parseArguments(depth: depth) { p, d throws(ExpressionError) in
                    try p.parseConditionOperand(depth: d)
                }
                checkArgumentCount(name, arguments, 1)
                guard case .path(let path)? = arguments.first else {
                    note("Operator or function requires a document path; operator or function: size", .function)
                    return .size(AttributePath(name: ""))
                }
                return .size(path)
            }
            if Self.conditionFunctions.contains(name) || Self.updateFunctions.contains(name) {
                note("The function is not allowed to be used this way in an expression; function: \(name)", .function)
            } else {
                note("Invalid function name; function: \(name)", .unknownFunction)
            }
            advance()
            _ = try parseArguments(depth: depth) { p, d throws(ExpressionError) in try p.parseConditionOperand(depth: d) }
            return .value(.null)
        }
        return .path(try parsePath())
    }

    mutating func parseConditionFunction(_ name: String, depth: Int) throws(ExpressionError) -> Condition {
        advance()
        let arguments = try parseArguments(depth: depth) { p, d throws(ExpressionError) in try p.parseConditionOperand(depth: d) }
        let expected = (name == "attribute_exists" || name == "attribute_not_exists") ? 1 : 2
        checkArgumentCount(name, arguments, expected)
        let first = arguments.first ?? .value(.null)
        let second = arguments.count > 1 ? arguments[1] : .value(.null)
        var firstPath = AttributePath(name: "")
        if case .path(let path) = first {
            firstPath = path
        } else {
            note("Operator or function requires a document path; operator or function: \(name)", .function)
        }
        if (name == "contains" || name == "begins_with"), first == second, case .path(let path) = first {
            note(
                "The first operand must be distinct from the remaining operands for this operator or function; operator: \(name), first operand: \(path)"
            )
        }
        switch name {
        case "attribute_exists": return .attributeExists(firstPath)
        case "attribute_not_exists": return .attributeNotExists(firstPath)
        case "attribute_type":
            if case .value(let v) = second {
                if case .string(let type) = v {
                    if !AttributeValue.typeNames.contains(type) {
                        note("Invalid attribute type name found; type: \(type), valid types: \(Self.attributeTypeNames)")
                    }
                } else {
                    note("Incorrect operand type for operator or function; operator or function: attribute_type, operand type: \(v.typeName)")
                }
            }
            return .attributeType(firstPath, second)
        case "begins_with":
            if case .value(let v) = second, v.typeName != "S", v.typeName != "B" {
                note("Incorrect operand type for operator or function; operator or function: begins_with, operand type: \(v.typeName)")
            }
            return .beginsWith(first, second)
        default: return .contains(first, second)
        }
    }
}

extension ConditionExpression {
    /// Every document path the condition reads.
    public var paths: [AttributePath] {
        var out: [AttributePath] = []
        Self.collect(condition, into: &out)
        return out
    }

    private static func collect(_ c: Condition, into out: inout [AttributePath]) {
        switch c {
        case .compare(_, let a, let b), .beginsWith(let a, let b), .contains(let a, let b):
            collect(a, into: &out)
            collect(b, into: &out)
        case .between(let a, let b, let d):
            for o in [a, b, d] { collect(o, into: &out) }
        case .inList(let a, let list):
            collect(a, into: &out)
            for o in list { collect(o, into: &out) }
        case .and(let a, let b), .or(let a, let b):
            collect(a, into: &out)
            collect(b, into: &out)
        case .not(let a): collect(a, into: &out)
        case .attributeExists(let p), .attributeNotExists(let p): out.append(p)
        case .attributeType(let p, let o):
            out.append(p)
            collect(o, into: &out)
        }
    }

    private static func collect(_ o: Operand, into out: inout [AttributePath]) {
        switch o {
        case .path(let p), .size(let p): out.append(p)
        case .value: break
        case .ifNotExists(let p, let x):
            out.append(p)
            collect(x, into: &out)
        case .listAppend(let a, let b), .plus(let a, let b), .minus(let a, let b):
            collect(a, into: &out)
            collect(b, into: &out)
        }
    }
}
