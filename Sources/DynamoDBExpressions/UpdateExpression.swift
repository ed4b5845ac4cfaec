/// A compiled UpdateExpression: `SET`, `REMOVE`, `ADD` and `DELETE` clauses, each at most once.
public struct UpdateExpression: Sendable {
    /// One action of a clause.
    public enum Action: Sendable, Hashable {
        case set(AttributePath, Operand)
        case remove(AttributePath)
        case add(AttributePath, AttributeValue)
        case delete(AttributePath, AttributeValue)

        public var path: AttributePath {
            switch self {
            case .set(let p, _), .remove(let p), .add(let p, _), .delete(let p, _): p
            }
        }
    }

    public let actions: [Action]

    /// The document paths the expression writes.
    public var paths: [AttributePath] { actions.map(\.path) }

    public init(_ text: String, attributes: inout ExpressionAttributes) throws(ExpressionError) {
        var parser = try ExpressionParser(text, kind: "UpdateExpression", attributes: attributes)
        let actions = try parser.parseUpdate()
        parser.noteOverlaps(actions.map(\.path))
        try parser.finish()
        attributes = parser.attributes
        self.actions = actions
    }
}

extension ExpressionParser {
    mutating func parseUpdate() throws(ExpressionError) -> [UpdateExpression.Action] {
        var actions: [UpdateExpression.Action] = []
        var seen: Set<String> = []
        while !atEnd {
            guard case .identifier(let word) = current.kind else { throw syntaxError() }
            let clause = word.uppercased()
            guard ["SET", "REMOVE", "ADD", "DELETE"].contains(clause) else { throw syntaxError() }
            if !seen.insert(clause).inserted {
                note("The \"\(clause)\" section can only be used once in an update expression;", .section)
            }
            advance()
            repeat {
                let path = try parsePath()
                switch clause {
                case "SET":
                    try expect("=")
                    actions.append(.set(path, try parseSetValue()))
                case "REMOVE":
                    actions.append(.remove(path))
                case "ADD":
                    let value = try parseValue()
                    if !value.isSet && value.typeName != "N" {
                        note("Incorrect operand type for operator or function; operator: ADD, operand type: \(value.longTypeName)", .operand)
                    }
                    actions.append(.add(path, value))
                default:
                    let value = try parseValue()
                    if !value.isSet {
                        note("Incorrect operand type for operator or function; operator: DELETE, operand type: \(value.longTypeName)", .operand)
                    }
                    actions.append(.delete(path, value))
                }
                guard current.isSymbol(",") else { break }
                advance()
            } while true
        }
        return actions
    }

    // value := operand (('+' | '-') operand)?
    mutating func parseSetValue() throws(ExpressionError) -> Operand {
        if current.isSymbol("(") {
            advance()
            let value = try parseSetValue()
            try expect(")")
            return value
        }
        let left = try parseUpdateOperand(depth: 0)
        if current.isSymbol("+") || current.isSymbol("-") {
            let plus = current.isSymbol("+")
            advance()
            let right = try parseUpdateOperand(depth: 0)
            for side in [left, right] {
                if case .value(let v) = side, v.typeName != "N" {
                    note("Incorrect operand type for operator or function; operator or function: \(plus ? "+" : "-"), operand type: \(v.typeName)", .function)
                }
            }
            return plus ? .plus(left, right) : .minus(left, right)
        }
        return left
    }

    // operand := path | :value | if_not_exists(path, operand) | list_append(operand, operand)
    mutating func parseUpdateOperand(depth: Int) throws(ExpressionError) -> Operand {
        try checkDepth(depth)
        if current.isSymbol("(") {
            advance()
            let operand = try parseUpdateOperand(depth: depth + 1)
            try expect(")")
            return operand
        }
        if case .valueRef = current.kind { return .value(try parseValue()) }
        if let name = functionName {
            advance()
            let arguments = try parseArguments(depth: depth) { p, d throws(ExpressionError) in try p.parseUpdateOperand(depth: d) }
            let first = arguments.first ?? .value(.null)
            let second = arguments.count > 1 ? arguments[1] : .value(.null)
            switch name {
            case "if_not_exists":
                checkArgumentCount(name, arguments, 2)
                guard case .path(let path) = first else {
                    note("Operator or function requires a document path; operator or function: if_not_exists", .function)
                    return .value(.null)
                }
                return .ifNotExists(path, second)
            case "list_append":
                checkArgumentCount(name, arguments, 2)
                for side in [first, second] {
                    if case .value(let v) = side, v.typeName != "L" {
                        note("Incorrect operand type for operator or function; operator or function: list_append, operand type: \(v.typeName)", .function)
                    }
                }
                return .listAppend(first, second)
            default:
                if Self.conditionFunctions.contains(name) || name == "size" {
                    note("The function is not allowed in an update expression; function: \(name)", .function)
                } else {
                    note("Invalid function name; function: \(name)", .unknownFunction)
                }
                return .value(.null)
            }
        }
        return .path(try parsePath())
    }
}
