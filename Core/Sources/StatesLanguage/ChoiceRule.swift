public import SluiceJSON
public import StatesJSONPath

/// A top-level entry of a Choice state's `Choices`: a condition and where it leads.
public struct ChoiceRule: Sendable, Hashable {
    /// What must hold for the rule to match.
    public let condition: ChoiceCondition
    /// `Next`: the state to go to when the rule matches.
    public let next: String
    /// `Assign`: variables set when this rule is taken.
    public let assign: VariableAssignment?
    /// `Output` (JSONata mode), unevaluated.
    public let output: JSONValue?
    /// `Comment`.
    public let comment: String?
}

/// A Boolean expression of a Choice rule.
public indirect enum ChoiceCondition: Sendable, Hashable {
    /// `Variable` compared with an operator.
    case comparison(ChoiceComparison)
    /// `And`: every condition holds (an empty list is true).
    case and([ChoiceCondition])
    /// `Or`: some condition holds.
    case or([ChoiceCondition])
    /// `Not`.
    case not(ChoiceCondition)
    /// `Condition` (JSONata mode): a `{% %}` string or a literal Boolean, evaluated later.
    case jsonata(JSONValue)
}

/// `Variable` with one comparison operator.
public struct ChoiceComparison: Sendable, Hashable {
    /// `Variable`: the path whose value is tested.
    public let variable: Path
    /// The operator and what it compares with.
    public let test: ChoiceTest

    public init(variable: Path, test: ChoiceTest) {
        self.variable = variable
        self.test = test
    }
}

/// A comparison operator with its operand. `…Path` operators carry a `Path`; their operand is
/// read at evaluation time.
public enum ChoiceTest: Sendable, Hashable {
    case stringEquals(ChoiceOperand<String>)
    case stringLessThan(ChoiceOperand<String>)
    case stringGreaterThan(ChoiceOperand<String>)
    case stringLessThanEquals(ChoiceOperand<String>)
    case stringGreaterThanEquals(ChoiceOperand<String>)
    /// `StringMatches`: a pattern with `*` wildcards (`\*` and `\\` escapes).
    case stringMatches(StringPattern)
    case numericEquals(ChoiceOperand<JSONNumber>)
    case numericLessThan(ChoiceOperand<JSONNumber>)
    case numericGreaterThan(ChoiceOperand<JSONNumber>)
    case numericLessThanEquals(ChoiceOperand<JSONNumber>)
    case numericGreaterThanEquals(ChoiceOperand<JSONNumber>)
    case booleanEquals(ChoiceOperand<Bool>)
    case timestampEquals(ChoiceOperand<Timestamp>)
    case timestampLessThan(ChoiceOperand<Timestamp>)
    case timestampGreaterThan(ChoiceOperand<Timestamp>)
    case timestampLessThanEquals(ChoiceOperand<Timestamp>)
    case timestampGreaterThanEquals(ChoiceOperand<Timestamp>)
    case isNull(Bool)
    case isPresent(Bool)
    case isNumeric(Bool)
    case isString(Bool)
    case isBoolean(Bool)
    case isTimestamp(Bool)
}

/// What a comparison compares with: a literal, or another path (`…Path` operators).
public enum ChoiceOperand<Literal: Sendable & Hashable>: Sendable, Hashable {
    case literal(Literal)
    case path(Path)
}
