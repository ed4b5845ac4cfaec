import SluiceJSON

/// A compiled KeyConditionExpression for a table's key schema: the partition key's value and an
/// optional condition on the sort key.
public struct KeyCondition: Sendable {
    /// The condition on the sort key.
    public enum SortCondition: Sendable, Hashable {
        case equal(AttributeValue)
        case less(AttributeValue)
        case lessOrEqual(AttributeValue)
        case greater(AttributeValue)
        case greaterOrEqual(AttributeValue)
        case between(AttributeValue, AttributeValue)
        case beginsWith(AttributeValue)
    }

    public let partitionValue: AttributeValue
    public let sort: SortCondition?

    static let notSupported = ExpressionError("Query key condition not supported")
    static let onePerKey = ExpressionError("KeyConditionExpressions must only contain one condition per key")

    /// Parses `text` against the key schema: `partitionKey` (with its type `S`/`N`/`B`) and the
    /// optional sort key.
    public init(
        _ text: String, attributes: inout ExpressionAttributes, partitionKey: (name: String, type: String),
        sortKey: (name: String, type: String)?
    ) throws(ExpressionError) {
        let parsed = try KeyConditionExpression(text, attributes: &attributes)
        self = try parsed.resolve(partitionKey: partitionKey, sortKey: sortKey)
    }

    init(partitionValue: AttributeValue, sort: SortCondition?) {
        self.partitionValue = partitionValue
        self.sort = sort
    }
}

extension Comparator {
    /// The operator with its operands swapped (`:v < a` is `a > :v`).
    var flipped: Comparator {
        switch self {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: self
        }
    }
}

/// A KeyConditionExpression checked for its form (before the table's schema is known, as AWS
/// checks it): one or two conjuncts, each a condition on one top-level attribute.
public struct KeyConditionExpression: Sendable {
    /// The conditions, by attribute name, in the order written.
    public let conditions: [(name: String, condition: KeyCondition.SortCondition)]

    static let kind = "KeyConditionExpression"

    public init(_ text: String, attributes: inout ExpressionAttributes) throws(ExpressionError) {
        var parser = try ExpressionParser(text, kind: Self.kind, attributes: attributes)
        let condition = try parser.parseCondition(depth: 0)
        guard parser.atEnd else { throw parser.syntaxError() }
        try parser.finish()
        var conjuncts: [Condition] = []
        try Self.flatten(condition, into: &conjuncts, depth: 0)
        var conditions: [(name: String, condition: KeyCondition.SortCondition)] = []
        for conjunct in conjuncts {
            let (name, c) = try Self.keyCondition(conjunct)
            if conditions.contains(where: { $0.name == name }) || conditions.count == 2 { throw KeyCondition.onePerKey }
            conditions.append((name, c))
        }
        attributes = parser.attributes
        self.conditions = conditions
    }

    /// The condition for a table with these keys.
    public func resolve(partitionKey: (name: String, type: String), sortKey: (name: String, type: String)?) throws(ExpressionError)
        -> KeyCondition
    {
        var partition: AttributeValue?
        var sort: KeyCondition.SortCondition?
        for (name, condition) in conditions {
            if name == partitionKey.name {
                guard case .equal(let value) = condition else { throw ExpressionError("Query key condition not supported") }
                partition = value
            } else if let sortKey, name == sortKey.name {
                sort = condition
            } else {
                let missing = partition == nil ? partitionKey.name : (sortKey?.name ?? partitionKey.name)
                throw ExpressionError("Query condition missed key schema element: \(missing)")
            }
        }
        guard let partition else {
            throw ExpressionError("Query condition missed key schema element: \(partitionKey.name)")
        }
        try Self.checkType(partition, partitionKey.type)
        if let sort, let sortKey {
            switch sort {
            case .equal(let v), .less(let v), .lessOrEqual(let v), .greater(let v), .greaterOrEqual(let v):
                try Self.checkType(v, sortKey.type)
            case .between(let lo, let hi):
                try Self.checkType(lo, sortKey.type)
                try Self.checkType(hi, sortKey.type)
            case .beginsWith(let p):
                if sortKey.type == "N" {
                    throw ExpressionError(
                        "Invalid \(Self.kind): Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
                    )
                }
                try Self.checkType(p, sortKey.type)
            }
        }
        return KeyCondition(partitionValue: partition, sort: sort)
    }

    private static func render(_ value: AttributeValue) -> String {
        switch value {
        case .string(let s): s
        case .number(let n): n.description
        default: value.json.serialized
        }
    }

    private static func checkType(_ value: AttributeValue, _ type: String) throws(ExpressionError) {
        if value.typeName != type {
            throw ExpressionError("One or more parameter values were invalid: Condition parameter type does not match schema type")
        }
    }

    private static func flatten(_ condition: Condition, into out: inout [Condition], depth: Int) throws(ExpressionError) {
        if depth > ExpressionParser.maxDepth { throw KeyCondition.notSupported }
        if case .and(let a, let b) = condition {
            try flatten(a, into: &out, depth: depth + 1)
            try flatten(b, into: &out, depth: depth + 1)
        } else {
            out.append(condition)
        }
    }

    static func invalidOperator(_ name: String) -> ExpressionError {
        ExpressionError("Invalid operator used in KeyConditionExpression: \(name)")
    }

    /// The key attribute an operand names, with AWS's complaints about other operands.
    private static func keyName(_ operand: Operand) throws(ExpressionError) -> String? {
        switch operand {
        case .path(let path):
            guard path.elements.count == 1 else {
                throw ExpressionError("KeyConditionExpressions cannot have conditions on nested attributes")
            }
            return path.topName
        case .value: return nil
        default: throw ExpressionError("KeyConditionExpressions cannot contain nested operations")
        }
    }

    private static func value(_ operand: Operand) throws(ExpressionError) -> AttributeValue? {
        if case .value(let v) = operand { return v }
        _ = try keyName(operand)
        return nil
    }

    /// The key name and the condition on it, for the forms a key condition allows.
    private static func keyCondition(_ condition: Condition) throws(ExpressionError) -> (String, KeyCondition.SortCondition) {
        let multiple = ExpressionError("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
        switch condition {
        case .compare(let op, let a, let b):
            if op == .notEqual { throw invalidOperator("<>") }
            var op = op
            var name = try keyName(a)
            var other = b
            if name == nil {
                name = try keyName(b)
                other = a
                op = op.flipped
            } else if try keyName(b) != nil {
                throw multiple
            }
            guard let name else { throw ExpressionError("Invalid condition in KeyConditionExpression: No key attribute specified") }
            guard let value = try value(other) else { throw multiple }
            switch op {
            case .equal: return (name, .equal(value))
            case .less: return (name, .less(value))
            case .lessOrEqual: return (name, .lessOrEqual(value))
            case .greater: return (name, .greater(value))
            case .greaterOrEqual: return (name, .greaterOrEqual(value))
            case .notEqual: throw invalidOperator("<>")
            }
        case .between(let a, let low, let high):
            guard let name = try keyName(a) else {
                throw ExpressionError(
                    "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand")
            }
            guard let lo = try value(low), let hi = try value(high) else { throw multiple }
            if lo.typeName != hi.typeName {
                throw ExpressionError(
                    "Invalid \(kind): The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {\(lo.typeName):\(render(lo))}, upper bound operand: AttributeValue: {\(hi.typeName):\(render(hi))}"
                )
            }
            if let order = AttributeValue.compare(lo, hi), order > 0 {
                throw ExpressionError(
                    "Invalid \(kind): The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {\(lo.typeName):\(render(lo))}, upper bound operand: AttributeValue: {\(hi.typeName):\(render(hi))}"
                )
            }
            return (name, .between(lo, hi))
        case .beginsWith(let a, let b):
            guard let name = try keyName(a) else {
                throw ExpressionError(
                    "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand")
            }
            guard let prefix = try value(b) else { throw multiple }
            return (name, .beginsWith(prefix))
        case .or: throw invalidOperator("OR")
        case .not: throw invalidOperator("NOT")
        case .inList: throw invalidOperator("IN")
        case .attributeExists: throw invalidOperator("attribute_exists")
        case .attributeNotExists: throw invalidOperator("attribute_not_exists")
        case .attributeType: throw invalidOperator("attribute_type")
        case .contains: throw invalidOperator("contains")
        case .and: throw KeyCondition.notSupported
        }
    }
}
