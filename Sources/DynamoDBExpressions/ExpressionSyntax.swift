/// An operand: a document path, a value from `ExpressionAttributeValues`, or a function of them.
public indirect enum Operand: Sendable, Hashable {
    case path(AttributePath)
    case value(AttributeValue)
    /// `size(path)` (conditions).
    case size(AttributePath)
    /// `if_not_exists(path, operand)` (SET).
    case ifNotExists(AttributePath, Operand)
    /// `list_append(a, b)` (SET).
    case listAppend(Operand, Operand)
    /// `a + b`, `a - b` (SET).
    case plus(Operand, Operand)
    case minus(Operand, Operand)
}

/// A comparison operator of a condition.
public enum Comparator: String, Sendable, Hashable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A parsed condition (ConditionExpression, FilterExpression, KeyConditionExpression).
public indirect enum Condition: Sendable, Hashable {
    case compare(Comparator, Operand, Operand)
    case between(Operand, Operand, Operand)
    case inList(Operand, [Operand])
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
    case attributeExists(AttributePath)
    case attributeNotExists(AttributePath)
    case attributeType(AttributePath, Operand)
    case beginsWith(Operand, Operand)
    case contains(Operand, Operand)
}
