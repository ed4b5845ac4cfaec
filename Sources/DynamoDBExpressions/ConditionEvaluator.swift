/// Evaluates a condition against an item, with DynamoDB's semantics: comparisons of different
/// types are false (`<>` is true), a missing attribute makes every comparison but `<>` false.
enum ConditionEvaluator {
    static func evaluate(_ condition: Condition, _ item: Item) -> Bool {
        switch condition {
        case .compare(let op, let a, let b):
            let x = operand(a, item)
            let y = operand(b, item)
            if op == .notEqual {
                guard let x, let y else { return true }
                return x != y
            }
            guard let x, let y else { return false }
            if op == .equal { return x == y }
            guard let order = AttributeValue.compare(x, y) else { return false }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            default: return false
            }
        case .between(let a, let low, let high):
            guard let x = operand(a, item), let lo = operand(low, item), let hi = operand(high, item),
                let c1 = AttributeValue.compare(x, lo), let c2 = AttributeValue.compare(x, hi)
            else { return false }
            return c1 >= 0 && c2 <= 0
        case .inList(let a, let list):
            guard let x = operand(a, item) else { return false }
            return list.contains { operand($0, item) == x }
        case .and(let a, let b): return evaluate(a, item) && evaluate(b, item)
        case .or(let a, let b): return evaluate(a, item) || evaluate(b, item)
        case .not(let a): return !evaluate(a, item)
        case .attributeExists(let path): return path.value(in: item) != nil
        case .attributeNotExists(let path): return path.value(in: item) == nil
        case .attributeType(let path, let type):
            guard let value = path.value(in: item), case .string(let name)? = operand(type, item) else { return false }
            return value.typeName == name
        case .beginsWith(let a, let b):
            switch (operand(a, item), operand(b, item)) {
            case (.string(let s)?, .string(let p)?): return s.utf8.starts(with: p.utf8)
            case (.binary(let s)?, .binary(let p)?): return s.starts(with: p)
            default: return false
            }
        case .contains(let a, let b):
            guard let container = operand(a, item), let element = operand(b, item) else { return false }
            return contains(container, element)
        }
    }

    static func contains(_ container: AttributeValue, _ element: AttributeValue) -> Bool {
        switch (container, element) {
        case (.string(let s), .string(let e)): return containsBytes(Array(s.utf8), Array(e.utf8))
        case (.binary(let s), .binary(let e)): return containsBytes(s, e)
        case (.stringSet(let s), .string(let e)): return s.contains(e)
        case (.numberSet(let s), .number(let e)): return s.contains(e)
        case (.binarySet(let s), .binary(let e)): return s.contains(e)
        case (.list(let l), _): return l.contains(element)
        default: return false
        }
    }

    /// Whether `needle` occurs in `haystack` (bytewise, as DynamoDB compares strings too).
    static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// An operand's value; `nil` when the path does not exist (or `size` has no meaning for it).
    static func operand(_ operand: Operand, _ item: Item) -> AttributeValue? {
        switch operand {
        case .value(let v): return v
        case .path(let p): return p.value(in: item)
        case .size(let p):
            guard let value = p.value(in: item) else { return nil }
            let count: Int
            switch value {
            case .string(let s): count = s.utf8.count
            case .binary(let b): count = b.count
            case .map(let m): count = m.count
            case .list(let l): count = l.count
            case .stringSet(let s): count = s.count
            case .numberSet(let s): count = s.count
            case .binarySet(let s): count = s.count
            case .number, .bool, .null: return nil
            }
            return .number(DynamoNumber.integer(count))
        case .ifNotExists, .listAppend, .plus, .minus:
            return nil
        }
    }
}

extension DynamoNumber {
    /// A non-negative integer.
    static func integer(_ value: Int) -> DynamoNumber {
        let raw = Array(String(value).utf8).map { $0 &- 0x30 }
        return (try? DynamoNumber(negative: value < 0, rawDigits: raw.filter { $0 <= 9 }, exponent: 0)) ?? .zero
    }
}
