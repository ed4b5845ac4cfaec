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

    static let kind = "KeyConditionExpression"
    static let notSupported = ExpressionError("Query key condition not supported")

    /// Parses `text` against the key schema: `partitionKey` (with its type `S`/`N`/`B`) and the
    /// optional sort key.
    public init(
        _ text: String, attributes: inout ExpressionAttributes, partitionKey: (name: String, type: String),
        sortKey: (name: String, type: String)?
    ) throws(ExpressionError) {
        var parser = try ExpressionParser(text, kind: Self.kind, attributes: attributes)
        let condition = try parser.parseCondition(depth: 0)
        guard parser.atEnd else { throw parser.syntaxError() }
        try parser.finish()
        attributes = parser.attributes

        var conjuncts: [Condition] = []
        try Self.flatten(condition, into: &conjuncts, depth: 0)
        if conjuncts.count > 2 {
            throw ExpressionError("Invalid \(Self.kind): KeyConditionExpressions must only contain one condition per key")
        }
        var partition: AttributeValue?
        var sort: SortCondition?
        for conjunct in conjuncts {
            let (name, condition) = try Self.keyCondition(conjunct)
            if name == partitionKey.name {
                guard case .equal(let value) = condition else { throw Self.notSupported }
                if partition != nil {
                    throw ExpressionError("Invalid \(Self.kind): KeyConditionExpressions must only contain one condition per key")
                }
                partition = value
            } else if let sortKey, name == sortKey.name {
                if sort != nil {
                    throw ExpressionError("Invalid \(Self.kind): KeyConditionExpressions must only contain one condition per key")
                }
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
                if let order = AttributeValue.compare(lo, hi), order > 0 {
                    throw ExpressionError(
                        "Invalid \(Self.kind): The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {\(lo.typeName):\(Self.render(lo))}, upper bound operand: AttributeValue: {\(hi.typeName):\(Self.render(hi))}"
                    )
                }
            case .beginsWith(let p):
                if sortKey.type == "N" {
                    throw ExpressionError(
                        "Invalid \(Self.kind): Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
                    )
                }
                try Self.checkType(p, sortKey.type)
            }
        }
        self.partitionValue = partition
        self.sort = sort
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
        if depth > ExpressionParser.maxDepth { throw notSupported }
        if case .and(let a, let b) = condition {
            try flatten(a, into: &out, depth: depth + 1)
            try flatten(b, into: &out, depth: depth + 1)
        } else {
            out.append(condition)
        }
    }

    /// The key name and the condition on it, for the forms a key condition allows.
    private static func keyCondition(_ condition: Condition) throws(ExpressionError) -> (String, SortCondition) {
        switch condition {
        case .compare(let op, let a, let b):
            var op = op
            var pathSide = a
            var valueSide = b
            if case .value = a, case .path = b {
                pathSide = b
                valueSide = a
                op = op.flipped
            }
            guard case .path(let path) = pathSide, path.elements.count == 1, case .value(let value) = valueSide else {
                throw notSupported
            }
            switch op {
            case .equal: return (path.topName, .equal(value))
            case .less: return (path.topName, .less(value))
            case .lessOrEqual: return (path.topName, .lessOrEqual(value))
            case .greater: return (path.topName, .greater(value))
            case .greaterOrEqual: return (path.topName, .greaterOrEqual(value))
            case .notEqual: throw ExpressionError("Unsupported operator on KeyCondition: <>")
            }
        case .between(.path(let path), .value(let lo), .value(let hi)) where path.elements.count == 1:
            return (path.topName, .between(lo, hi))
        case .beginsWith(.path(let path), .value(let prefix)) where path.elements.count == 1:
            return (path.topName, .beginsWith(prefix))
        default:
            throw notSupported
        }
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
