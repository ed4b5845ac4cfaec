import SluiceJSON

extension FilterExpression {
    /// Whether `node` (the `@` of the filter) passes the filter, with Jayway's comparison rules.
    func accepts(_ node: JSONValue, rootDocument: JSONValue, environment: ExpressionEnvironment) -> Bool {
        switch self {
        case .and(let a, let b):
            return a.accepts(node, rootDocument: rootDocument, environment: environment)
                && b.accepts(node, rootDocument: rootDocument, environment: environment)
        case .or(let a, let b):
            return a.accepts(node, rootDocument: rootDocument, environment: environment)
                || b.accepts(node, rootDocument: rootDocument, environment: environment)
        case .not(let e):
            return !e.accepts(node, rootDocument: rootDocument, environment: environment)
        case .exists(let operand):
            guard let value = operand.value(node: node, rootDocument: rootDocument, environment: environment) else {
                return false
            }
            if case .path(let p) = operand, !p.isDefinite, case .array(let a) = value { return !a.isEmpty }
            return true
        case .compare(let l, let op, let r):
            let left = l.value(node: node, rootDocument: rootDocument, environment: environment)
            if case .regex(let pattern, let caseInsensitive) = r {
                guard op == .matches, case .string(let s)? = left else { return false }
                return FilterExpression.fullMatch(s, pattern: pattern, caseInsensitive: caseInsensitive)
            }
            let right = r.value(node: node, rootDocument: rootDocument, environment: environment)
            if op == .exists {
                guard case .bool(let expected)? = right else { return false }
                return (left != nil) == expected
            }
            return FilterExpression.compare(left, op, right)
        }
    }

    private static func fullMatch(_ s: String, pattern: String, caseInsensitive: Bool) -> Bool {
        guard var regex = try? Regex<AnyRegexOutput>(pattern) else { return false }
        if caseInsensitive { regex = regex.ignoresCase() }
        return (try? regex.wholeMatch(in: s)) != nil
    }

    static func compare(_ left: JSONValue?, _ op: FilterOperator, _ right: JSONValue?) -> Bool {
        switch op {
        case .equal:
            guard let left, let right else { return false }
            return jaywayEquals(left, right)
        case .notEqual:
            guard let left, let right else { return true }
            return !jaywayEquals(left, right)
        case .typeSafeEqual:
            guard let left, let right, left.typeName == right.typeName else { return false }
            return jaywayEquals(left, right)
        case .typeSafeNotEqual:
            guard let left, let right, left.typeName == right.typeName else { return true }
            return !jaywayEquals(left, right)
        case .exists:
            return false
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let left, let right else { return false }
            let order: Int
            switch (left, right) {
            case (.number(let a), .number(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
            case (.string(let a), .string(let b)): order = javaCompare(a, b)
            default: return false
            }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        case .matches:
            return false
        case .in:
            guard let left, case .array(let list)? = right else { return false }
            return list.contains { jaywayEquals(left, $0) }
        case .notIn:
            guard let left, case .array(let list)? = right else { return true }
            return !list.contains { jaywayEquals(left, $0) }
        case .subsetOf:
            guard case .array(let l)? = left, case .array(let r)? = right else { return false }
            return l.allSatisfy { e in r.contains { jaywayEquals(e, $0) } }
        case .anyOf:
            guard case .array(let l)? = left, case .array(let r)? = right else { return false }
            return l.contains { e in r.contains { jaywayEquals(e, $0) } }
        case .noneOf:
            guard case .array(let l)? = left, case .array(let r)? = right else { return false }
            return !l.contains { e in r.contains { jaywayEquals(e, $0) } }
        case .size:
            guard case .number(let n)? = right, let expected = n.intValue else { return false }
            switch left {
            case .string(let s)?: return s.utf16.count == expected
            case .array(let a)?: return a.count == expected
            default: return false
            }
        case .empty:
            guard case .bool(let expected)? = right else { return false }
            switch left {
            case .string(let s)?: return s.isEmpty == expected
            case .array(let a)?: return a.isEmpty == expected
            default: return false
            }
        case .contains:
            switch (left, right) {
            case (.string(let s)?, .string(let t)?): return t.isEmpty || s.contains(t)
            case (.array(let a)?, let r?): return a.contains { jaywayEquals($0, r) }
            default: return false
            }
        }
    }

    /// Jayway's `==` between value nodes: numbers numerically, a number and a string through
    /// conversion, JSON structures structurally.
    static func jaywayEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        case (.number(let x), .string(let s)):
            guard case .number(let y)? = try? JSONValue(parsing: s) else { return false }
            return x == y
        case (.string(let s), .number(let y)): return s == y.description
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array, .array), (.object, .object): return a == b
        default: return false
        }
    }

    /// Java's `String.compareTo`: lexicographic over UTF-16 code units.
    static func javaCompare(_ a: String, _ b: String) -> Int {
        var i = a.utf16.makeIterator()
        var j = b.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }
}

extension FilterOperand {
    /// The operand's value; `nil` when a path finds nothing (Jayway's "undefined").
    func value(node: JSONValue, rootDocument: JSONValue, environment: ExpressionEnvironment) -> JSONValue? {
        switch self {
        case .literal(let v): return v
        case .regex: return nil
        case .path(let path):
            let start: JSONValue
            switch path.root {
            case .current: start = node
            case .input: start = rootDocument
            case .context: start = environment.context
            case .variable(let name):
                guard let v = environment.variables[name] else { return nil }
                start = v
            }
            if path.isDefinite { return try? path.resolveDefinite(from: start).get() }
            return .array(path.collect(from: start, rootDocument: rootDocument, environment: environment))
        }
    }
}
