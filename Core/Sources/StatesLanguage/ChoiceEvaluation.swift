import SluiceJSON
public import StatesJSONPath

extension ChoiceState {
    /// The first rule whose condition holds, or `nil` when none does (the caller then takes
    /// `Default` or fails with `States.NoChoiceMatched`). JSONPath mode only.
    public func firstMatchingRule(in environment: ExpressionEnvironment) throws(StatesError) -> ChoiceRule? {
        for rule in choices where try rule.condition.evaluate(in: environment) { return rule }
        return nil
    }
}

extension ChoiceRule {
    /// Whether the rule's condition holds. JSONPath mode only.
    public func evaluate(in environment: ExpressionEnvironment) throws(StatesError) -> Bool {
        try condition.evaluate(in: environment)
    }
}

extension ChoiceCondition {
    /// Evaluates the condition with AWS's semantics: a value of the wrong type makes a comparison
    /// false; a `Variable` (or `…Path` operand) that selects nothing is a `States.Runtime` error,
    /// except for `IsPresent`. JSONata conditions are not evaluated here and throw.
    public func evaluate(in environment: ExpressionEnvironment) throws(StatesError) -> Bool {
        switch self {
        case .comparison(let comparison):
            return try comparison.evaluate(in: environment)
        case .and(let conditions):
            for condition in conditions where !(try condition.evaluate(in: environment)) { return false }
            return true
        case .or(let conditions):
            for condition in conditions where try condition.evaluate(in: environment) { return true }
            return false
        case .not(let condition):
            return !(try condition.evaluate(in: environment))
        case .jsonata:
            throw StatesError("States.QueryEvaluationError", "JSONata conditions are not supported by this evaluator")
        }
    }
}

extension ChoiceComparison {
    /// Whether `Variable` satisfies the operator.
    public func evaluate(in environment: ExpressionEnvironment) throws(StatesError) -> Bool {
        let selected = variable.select(in: environment)
        if case .isPresent(let expected) = test { return (selected != nil) == expected }
        guard let value = selected else { throw ChoiceComparison.invalidPath(variable) }
        switch test {
        case .stringEquals(let operand):
            guard let s = value.stringValue, let o = try operand.string(in: environment) else { return false }
            return s.utf8.elementsEqual(o.utf8)  // exact code units, as Java; no Unicode normalisation
        case .stringLessThan(let operand):
            guard let s = value.stringValue, let o = try operand.string(in: environment) else { return false }
            return compareUTF16(s, o) < 0
        case .stringGreaterThan(let operand):
            guard let s = value.stringValue, let o = try operand.string(in: environment) else { return false }
            return compareUTF16(s, o) > 0
        case .stringLessThanEquals(let operand):
            guard let s = value.stringValue, let o = try operand.string(in: environment) else { return false }
            return compareUTF16(s, o) <= 0
        case .stringGreaterThanEquals(let operand):
            guard let s = value.stringValue, let o = try operand.string(in: environment) else { return false }
            return compareUTF16(s, o) >= 0
        case .stringMatches(let pattern):
            guard let s = value.stringValue else { return false }
            return pattern.matches(s)
        case .numericEquals(let operand):
            guard let n = value.numberValue, let o = try operand.number(in: environment) else { return false }
            return n == o
        case .numericLessThan(let operand):
            guard let n = value.numberValue, let o = try operand.number(in: environment) else { return false }
            return n < o
        case .numericGreaterThan(let operand):
            guard let n = value.numberValue, let o = try operand.number(in: environment) else { return false }
            return o < n
        case .numericLessThanEquals(let operand):
            guard let n = value.numberValue, let o = try operand.number(in: environment) else { return false }
            return n < o || n == o
        case .numericGreaterThanEquals(let operand):
            guard let n = value.numberValue, let o = try operand.number(in: environment) else { return false }
            return o < n || n == o
        case .booleanEquals(let operand):
            guard let b = value.boolValue, let o = try operand.bool(in: environment) else { return false }
            return b == o
        case .timestampEquals(let operand):
            guard let t = value.timestampValue, let o = try operand.timestamp(in: environment) else { return false }
            return t == o
        case .timestampLessThan(let operand):
            guard let t = value.timestampValue, let o = try operand.timestamp(in: environment) else { return false }
            return t < o
        case .timestampGreaterThan(let operand):
            guard let t = value.timestampValue, let o = try operand.timestamp(in: environment) else { return false }
            return t > o
        case .timestampLessThanEquals(let operand):
            guard let t = value.timestampValue, let o = try operand.timestamp(in: environment) else { return false }
            return t <= o
        case .timestampGreaterThanEquals(let operand):
            guard let t = value.timestampValue, let o = try operand.timestamp(in: environment) else { return false }
            return t >= o
        case .isNull(let expected):
            return value.isNull == expected
        case .isPresent(let expected):
            return expected
        case .isNumeric(let expected):
            return (value.numberValue != nil) == expected
        case .isString(let expected):
            return (value.stringValue != nil) == expected
        case .isBoolean(let expected):
            return (value.boolValue != nil) == expected
        case .isTimestamp(let expected):
            return (value.timestampValue != nil) == expected
        }
    }

    /// AWS's error for a `Variable` or `…Path` operand that selects nothing.
    static func invalidPath(_ path: Path) -> StatesError {
        .runtime("Invalid path '\(path.text)': The choice state's condition path references an invalid value.")
    }
}

/// Compares two strings by UTF-16 code units, as Java's `String.compareTo` does.
func compareUTF16(_ a: String, _ b: String) -> Int {
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

extension JSONValue {
    /// The instant a string value denotes, `nil` for a non-string or a string AWS does not accept.
    var timestampValue: Timestamp? {
        guard case .string(let s) = self else { return nil }
        return Timestamp(iso8601: s)
    }
}

extension ChoiceOperand {
    /// The operand's JSON value: a `…Path` operand is read from `environment`.
    fileprivate func pathValue(in environment: ExpressionEnvironment, _ path: Path) throws(StatesError) -> JSONValue {
        guard let value = path.select(in: environment) else { throw ChoiceComparison.invalidPath(path) }
        return value
    }
}

extension ChoiceOperand<String> {
    fileprivate func string(in environment: ExpressionEnvironment) throws(StatesError) -> String? {
        switch self {
        case .literal(let s): s
        case .path(let p): try pathValue(in: environment, p).stringValue
        }
    }
}

extension ChoiceOperand<JSONNumber> {
    fileprivate func number(in environment: ExpressionEnvironment) throws(StatesError) -> JSONNumber? {
        switch self {
        case .literal(let n): n
        case .path(let p): try pathValue(in: environment, p).numberValue
        }
    }
}

extension ChoiceOperand<Bool> {
    fileprivate func bool(in environment: ExpressionEnvironment) throws(StatesError) -> Bool? {
        switch self {
        case .literal(let b): b
        case .path(let p): try pathValue(in: environment, p).boolValue
        }
    }
}

extension ChoiceOperand<Timestamp> {
    fileprivate func timestamp(in environment: ExpressionEnvironment) throws(StatesError) -> Timestamp? {
        switch self {
        case .literal(let t): t
        case .path(let p): try pathValue(in: environment, p).timestampValue
        }
    }
}
