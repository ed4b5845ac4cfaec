import SluiceJSON

/// The Choice state: `Choices` rules (JSONPath comparisons or JSONata `Condition`s) and `Default`.
enum ChoiceValidator {
    /// What a comparison operator compares against.
    private enum Operand {
        case string, number, boolean, timestamp, path
    }

    private static let operators: [String: Operand] = {
        var table: [String: Operand] = [:]
        let families: [(String, [String], Operand)] = [
            ("String", ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"], .string),
            ("Numeric", ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"], .number),
            ("Timestamp", ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"], .timestamp),
            ("Boolean", ["Equals"], .boolean),
        ]
        for (prefix, suffixes, operand) in families {
            for suffix in suffixes {
                table[prefix + suffix] = operand
                table[prefix + suffix + "Path"] = .path
            }
        }
        table["StringMatches"] = .string
        for test in ["IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"] {
            table[test] = .boolean
        }
        return table
    }()

    static func validateField(_ key: String, _ value: JSONValue, scope: StateScope, in context: inout ValidationContext) {
        let at = scope.location.child(key)
        switch key {
        case "Choices":
            guard context.expect(.array, value, at: at), case .array(let rules) = value else { return }
            if rules.isEmpty { context.schemaError("Value cannot be empty", at: at) }
            for (i, rule) in rules.enumerated() {
                switch scope.language {
                case .jsonPath: validateRule(rule, topLevel: true, scope: scope, at: at.index(i), depth: 0, in: &context)
                case .jsonata: validateConditionRule(rule, scope: scope, at: at.index(i), in: &context)
                }
            }
        case "Default":
            if context.expect(.string, value, at: at), case .string(let target) = value {
                context.checkTransitionTarget(target, in: scope.siblings, at: at)
            }
        default:
            break
        }
    }

    /// A JSONata rule: `Condition` and `Next`, with optional `Assign`, `Output`, `Comment`.
    private static func validateConditionRule(
        _ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.object, value, at: location), case .object(let rule) = value else { return }
        for member in rule {
            let at = location.child(member.key)
            switch member.key {
            case "Condition":
                if !JSONataText.isExpression(member.value), member.value.boolValue == nil,
                    context.expect(.string, member.value, at: at)
                {
                    context.schemaError("The value for the field 'Condition' must be a valid JSONata expression", at: at)
                }
            case "Next":
                if context.expect(.string, member.value, at: at), case .string(let target) = member.value {
                    context.checkTransitionTarget(target, in: scope.siblings, at: at)
                }
            case "Assign": context.expect(.object, member.value, at: at)
            case "Comment": context.expect(.string, member.value, at: at)
            case "Output": break
            case "Variable", "And", "Or", "Not":
                context.reportOtherLanguageField(member.key, language: .jsonata, at: location)
            default:
                if operators[member.key] != nil {
                    context.reportOtherLanguageField(member.key, language: .jsonata, at: location)
                } else {
                    context.unsupportedField(member.key, at: location)
                }
            }
        }
        context.expectRequired(["Condition", "Next"], in: rule, at: location)
    }

    /// A JSONPath rule: one comparison (`Variable` + operator) or one of `And`/`Or`/`Not`; only a
    /// top-level rule carries `Next` (and `Assign`).
    private static func validateRule(
        _ value: JSONValue, topLevel: Bool, scope: StateScope, at location: Location, depth: Int,
        in context: inout ValidationContext
    ) {
        guard depth < ValidationContext.maxValueDepth else {
            context.error(DiagnosticCode.tooDeeplyNested, "The definition is too deeply nested", at: location)
            return
        }
        guard context.expect(.object, value, at: location), case .object(let rule) = value else { return }
        var tests: [String] = []
        var hasComparison = false
        for member in rule {
            let at = location.child(member.key)
            switch member.key {
            case "Variable":
                context.checkPath(member.value, field: "Variable", allowNull: false, reference: true, at: at)
            case "And", "Or":
                tests.append(member.key)
                guard context.expect(.array, member.value, at: at), case .array(let nested) = member.value else { break }
                if nested.isEmpty { context.schemaError("Value cannot be empty", at: at) }
                for (i, inner) in nested.enumerated() {
                    validateRule(inner, topLevel: false, scope: scope, at: at.index(i), depth: depth + 1, in: &context)
                }
            case "Not":
                tests.append(member.key)
                validateRule(member.value, topLevel: false, scope: scope, at: at, depth: depth + 1, in: &context)
            case "Next" where topLevel:
                if context.expect(.string, member.value, at: at), case .string(let target) = member.value {
                    context.checkTransitionTarget(target, in: scope.siblings, at: at)
                }
            case "Assign" where topLevel:
                if context.expect(.object, member.value, at: at) { context.checkPayloadTemplate(member.value, at: at) }
            case "Comment":
                context.expect(.string, member.value, at: at)
            case "Condition", "Output":
                context.reportOtherLanguageField(member.key, language: .jsonPath, at: location)
            default:
                guard let operand = operators[member.key] else {
                    context.unsupportedField(member.key, at: location)
                    break
                }
                tests.append(member.key)
                hasComparison = true
                checkOperand(member.value, operand, field: member.key, at: at, in: &context)
            }
        }
        if tests.count > 1 {
            context.schemaError("There should only be one of the following fields: [\(tests.joined(separator: ", "))]",
                at: location)
        } else if tests.isEmpty {
            context.schemaError("A choice rule must contain a comparison operator, 'And', 'Or' or 'Not'", at: location)
        }
        if hasComparison { context.expectRequired(["Variable"], in: rule, at: location) }
        if topLevel { context.expectRequired(["Next"], in: rule, at: location) }
    }

    private static func checkOperand(
        _ value: JSONValue, _ operand: Operand, field: String, at location: Location, in context: inout ValidationContext
    ) {
        switch operand {
        case .string: context.expect(.string, value, at: location)
        case .number: context.expect(.number, value, at: location)
        case .boolean: context.expect(.boolean, value, at: location)
        case .timestamp: context.checkTimestamp(value, at: location)
        case .path: context.checkPath(value, field: field, allowNull: false, reference: false, at: location)
        }
    }
}
