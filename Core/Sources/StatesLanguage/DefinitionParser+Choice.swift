import SluiceJSON
import StatesJSONPath

extension DefinitionParser {
    static func parseChoice(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> ChoiceState {
        guard let items = try r.array("Choices") else {
            throw DefinitionError.schema("These fields are required: [Choices]", at: r.location)
        }
        var rules: [ChoiceRule] = []
        rules.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let e = try FieldReader(item, at: r.at("Choices[\(i)]"))
            let condition: ChoiceCondition
            if jsonata {
                guard let value = e["Condition"] else {
                    throw DefinitionError.schema("These fields are required: [Condition]", at: e.location)
                }
                condition = .jsonata(value)
            } else {
                condition = try parseCondition(e, depth: 0)
            }
            rules.append(
                ChoiceRule(
                    condition: condition,
                    next: try e.requiredString("Next"),
                    assign: try assignment(e, jsonata: jsonata),
                    output: jsonata ? e["Output"] : nil,
                    comment: try e.string("Comment")))
        }
        return ChoiceState(choices: rules, defaultState: try r.string("Default"))
    }

    /// A JSONPath-mode Boolean expression: `And`, `Or`, `Not` or `Variable` with one operator.
    static func parseCondition(_ e: FieldReader, depth: Int) throws(DefinitionError) -> ChoiceCondition {
        guard depth <= maxNesting else {
            throw DefinitionError.schema("Choice rule is nested too deeply", at: e.location)
        }
        if let items = try e.array("And") {
            return .and(try parseConditions(items, e, "And", depth: depth))
        }
        if let items = try e.array("Or") {
            return .or(try parseConditions(items, e, "Or", depth: depth))
        }
        if let inner = e["Not"] {
            return .not(try parseCondition(try FieldReader(inner, at: e.at("Not")), depth: depth + 1))
        }
        guard let variableText = try e.string("Variable") else {
            throw DefinitionError.schema("These fields are required: [Variable]", at: e.location)
        }
        let variable = try compilePath(variableText, at: e.at("Variable"))
        for member in e.object {
            if let test = try parseTest(member.key, member.value, e) {
                return .comparison(ChoiceComparison(variable: variable, test: test))
            }
        }
        throw DefinitionError.schema("A choice rule must have a comparison operator", at: e.location)
    }

    private static func parseConditions(_ items: [JSONValue], _ e: FieldReader, _ key: String, depth: Int)
        throws(DefinitionError) -> [ChoiceCondition]
    {
        var result: [ChoiceCondition] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            result.append(try parseCondition(try FieldReader(item, at: e.at("\(key)[\(i)]")), depth: depth + 1))
        }
        return result
    }

    /// The comparison for operator `key`, or `nil` when `key` is not an operator.
    private static func parseTest(_ key: String, _ value: JSONValue, _ e: FieldReader) throws(DefinitionError)
        -> ChoiceTest?
    {
        let at = e.at(key)
        switch key {
        case "StringEquals": return .stringEquals(.literal(try string(value, at)))
        case "StringLessThan": return .stringLessThan(.literal(try string(value, at)))
        case "StringGreaterThan": return .stringGreaterThan(.literal(try string(value, at)))
        case "StringLessThanEquals": return .stringLessThanEquals(.literal(try string(value, at)))
        case "StringGreaterThanEquals": return .stringGreaterThanEquals(.literal(try string(value, at)))
        case "StringEqualsPath": return .stringEquals(.path(try path(value, at)))
        case "StringLessThanPath": return .stringLessThan(.path(try path(value, at)))
        case "StringGreaterThanPath": return .stringGreaterThan(.path(try path(value, at)))
        case "StringLessThanEqualsPath": return .stringLessThanEquals(.path(try path(value, at)))
        case "StringGreaterThanEqualsPath": return .stringGreaterThanEquals(.path(try path(value, at)))
        case "StringMatches": return .stringMatches(StringPattern(try string(value, at)))
        case "NumericEquals": return .numericEquals(.literal(try number(value, at)))
        case "NumericLessThan": return .numericLessThan(.literal(try number(value, at)))
        case "NumericGreaterThan": return .numericGreaterThan(.literal(try number(value, at)))
        case "NumericLessThanEquals": return .numericLessThanEquals(.literal(try number(value, at)))
        case "NumericGreaterThanEquals": return .numericGreaterThanEquals(.literal(try number(value, at)))
        case "NumericEqualsPath": return .numericEquals(.path(try path(value, at)))
        case "NumericLessThanPath": return .numericLessThan(.path(try path(value, at)))
        case "NumericGreaterThanPath": return .numericGreaterThan(.path(try path(value, at)))
        case "NumericLessThanEqualsPath": return .numericLessThanEquals(.path(try path(value, at)))
        case "NumericGreaterThanEqualsPath": return .numericGreaterThanEquals(.path(try path(value, at)))
        case "BooleanEquals": return .booleanEquals(.literal(try bool(value, at)))
        case "BooleanEqualsPath": return .booleanEquals(.path(try path(value, at)))
        case "TimestampEquals": return .timestampEquals(.literal(try timestamp(value, at)))
        case "TimestampLessThan": return .timestampLessThan(.literal(try timestamp(value, at)))
        case "TimestampGreaterThan": return .timestampGreaterThan(.literal(try timestamp(value, at)))
        case "TimestampLessThanEquals": return .timestampLessThanEquals(.literal(try timestamp(value, at)))
        case "TimestampGreaterThanEquals": return .timestampGreaterThanEquals(.literal(try timestamp(value, at)))
        case "TimestampEqualsPath": return .timestampEquals(.path(try path(value, at)))
        case "TimestampLessThanPath": return .timestampLessThan(.path(try path(value, at)))
        case "TimestampGreaterThanPath": return .timestampGreaterThan(.path(try path(value, at)))
        case "TimestampLessThanEqualsPath": return .timestampLessThanEquals(.path(try path(value, at)))
        case "TimestampGreaterThanEqualsPath": return .timestampGreaterThanEquals(.path(try path(value, at)))
        case "IsNull": return .isNull(try bool(value, at))
        case "IsPresent": return .isPresent(try bool(value, at))
        case "IsNumeric": return .isNumeric(try bool(value, at))
        case "IsString": return .isString(try bool(value, at))
        case "IsBoolean": return .isBoolean(try bool(value, at))
        case "IsTimestamp": return .isTimestamp(try bool(value, at))
        default: return nil
        }
    }

    private static func string(_ value: JSONValue, _ at: String) throws(DefinitionError) -> String {
        guard case .string(let s) = value else { throw DefinitionError.schema("Expected value of type String", at: at) }
        return s
    }

    private static func number(_ value: JSONValue, _ at: String) throws(DefinitionError) -> JSONNumber {
        guard case .number(let n) = value else { throw DefinitionError.schema("Expected value of type Number", at: at) }
        return n
    }

    private static func bool(_ value: JSONValue, _ at: String) throws(DefinitionError) -> Bool {
        guard case .bool(let b) = value else { throw DefinitionError.schema("Expected value of type Boolean", at: at) }
        return b
    }

    private static func timestamp(_ value: JSONValue, _ at: String) throws(DefinitionError) -> Timestamp {
        guard case .string(let s) = value, let t = Timestamp(rfc3339: s) else {
            throw DefinitionError.schema("String does not match RFC3339 timestamp", at: at)
        }
        return t
    }

    private static func path(_ value: JSONValue, _ at: String) throws(DefinitionError) -> Path {
        guard case .string(let s) = value else { throw DefinitionError.schema("Expected value of type String", at: at) }
        return try compilePath(s, at: at)
    }
}
