extension UpdateExpression {
    /// The item after the update. Every right-hand side reads the item as it was before the update
    /// (so `SET a = b, b = a` swaps), as DynamoDB does.
    public func apply(to item: Item) throws(ExpressionError) -> Item {
        var setValues: [AttributeValue] = []
        for case .set(_, let operand) in actions {
            setValues.append(try UpdateApplier.evaluate(operand, item))
        }
        var result = item
        var next = 0
        for case .set(let path, _) in actions {
            try UpdateApplier.write(setValues[next], at: path, in: &result)
            next += 1
        }
        // Removing list elements from the highest index down keeps the others where they were.
        let removals = actions.compactMap { action -> AttributePath? in
            if case .remove(let path) = action { return path }
            return nil
        }.sorted { a, b in
            if case .index(let x)? = a.elements.last, case .index(let y)? = b.elements.last { return x > y }
            return false
        }
        for path in removals { try UpdateApplier.remove(path, from: &result) }
        for action in actions {
            switch action {
            case .add(let path, let value):
                let combined = try UpdateApplier.add(path.value(in: result), value)
                try UpdateApplier.write(combined, at: path, in: &result)
            case .delete(let path, let value):
                try UpdateApplier.checkParent(of: path, in: result)
                guard let existing = path.value(in: result) else { continue }
                if let remaining = try UpdateApplier.delete(value, from: existing) {
                    try UpdateApplier.write(remaining, at: path, in: &result)
                } else {
                    try UpdateApplier.remove(path, from: &result)
                }
            default:
                break
            }
        }
        // SET can put a document inside another: the result may not nest deeper than values can.
        for path in paths {
            if let top = result[path.topName], top.nestsDeeper(than: AttributeValue.maxNesting) {
                throw ExpressionError("Nesting Levels have exceeded supported limits")
            }
        }
        return result
    }
}

/// The write side of UpdateExpression: evaluating SET values and changing documents in place.
enum UpdateApplier {
    static let incorrectType = ExpressionError("An operand in the update expression has an incorrect data type")
    static let invalidPath = ExpressionError("The document path provided in the update expression is invalid for update")
    static let missingAttribute = ExpressionError(
        "The provided expression refers to an attribute that does not exist in the item")

    static func evaluate(_ operand: Operand, _ item: Item) throws(ExpressionError) -> AttributeValue {
        switch operand {
        case .value(let v): return v
        case .path(let p):
            guard let v = p.value(in: item) else { throw missingAttribute }
            return v
        case .ifNotExists(let p, let fallback):
            if let v = p.value(in: item) { return v }
            return try evaluate(fallback, item)
        case .listAppend(let a, let b):
            guard case .list(let x) = try evaluate(a, item), case .list(let y) = try evaluate(b, item) else {
                throw incorrectType
            }
            return .list(x + y)
        case .plus(let a, let b):
            guard case .number(let x) = try evaluate(a, item), case .number(let y) = try evaluate(b, item) else {
                throw incorrectType
            }
            return .number(try x.adding(y))
        case .minus(let a, let b):
            guard case .number(let x) = try evaluate(a, item), case .number(let y) = try evaluate(b, item) else {
                throw incorrectType
            }
            return .number(try x.subtracting(y))
        case .size:
            throw incorrectType
        }
    }

    /// Throws unless the document holding the path's last step exists and is of the kind that step
    /// needs (a map for a name, a list for an index).
    static func checkParent(of path: AttributePath, in item: Item) throws(ExpressionError) {
        guard path.elements.count > 1, let last = path.elements.last else { return }
        let parent = AttributePath(Array(path.elements.dropLast()))
        switch (last, parent.value(in: item)) {
        case (.name, .map?), (.index, .list?): return
        default: throw invalidPath
        }
    }

    /// Writes `value` at `path`; the path's parent must exist (a list index past the end appends).
    static func write(_ value: AttributeValue, at path: AttributePath, in item: inout Item) throws(ExpressionError) {
        guard case .name(let top)? = path.elements.first else { throw invalidPath }
        let rest = path.elements.dropFirst()
        if rest.isEmpty {
            item[top] = value
            return
        }
        guard var container = item[top] else { throw invalidPath }
        try write(value, at: rest, in: &container)
        item[top] = container
    }

    private static func write(_ value: AttributeValue, at path: ArraySlice<AttributePath.Element>, in container: inout AttributeValue)
        throws(ExpressionError)
    {
        guard let first = path.first else {
            container = value
            return
        }
        let rest = path.dropFirst()
        switch (first, container) {
        case (.name(let name), .map(var map)):
            if rest.isEmpty {
                map[name] = value
            } else {
                guard var child = map[name] else { throw invalidPath }
                try write(value, at: rest, in: &child)
                map[name] = child
            }
            container = .map(map)
        case (.index(let index), .list(var list)):
            if rest.isEmpty {
                if index < list.count { list[index] = value } else { list.append(value) }
            } else {
                guard index < list.count else { throw invalidPath }
                var child = list[index]
                try write(value, at: rest, in: &child)
                list[index] = child
            }
            container = .list(list)
        default:
            throw invalidPath
        }
    }

    /// Removes the value at `path`; a missing last step is no change, a missing parent an error.
    static func remove(_ path: AttributePath, from item: inout Item) throws(ExpressionError) {
        guard case .name(let top)? = path.elements.first else { throw invalidPath }
        let rest = path.elements.dropFirst()
        if rest.isEmpty {
            item[top] = nil
            return
        }
        guard var container = item[top] else { throw invalidPath }
        try remove(rest, from: &container)
        item[top] = container
    }

    private static func remove(_ path: ArraySlice<AttributePath.Element>, from container: inout AttributeValue)
        throws(ExpressionError)
    {
        guard let first = path.first else { return }
        let rest = path.dropFirst()
        switch (first, container) {
        case (.name(let name), .map(var map)):
            if rest.isEmpty {
                map[name] = nil
            } else {
                guard var child = map[name] else { throw invalidPath }
                try remove(rest, from: &child)
                map[name] = child
            }
            container = .map(map)
        case (.index(let index), .list(var list)):
            guard index < list.count else {
                if rest.isEmpty { return }
                throw invalidPath
            }
            if rest.isEmpty {
                list.remove(at: index)
            } else {
                var child = list[index]
                try remove(rest, from: &child)
                list[index] = child
            }
            container = .list(list)
        default:
            throw invalidPath
        }
    }

    /// ADD: number addition or set union; a missing attribute takes the value.
    static func add(_ existing: AttributeValue?, _ value: AttributeValue) throws(ExpressionError) -> AttributeValue {
        guard let existing else { return value }
        switch (existing, value) {
        case (.number(let a), .number(let b)): return .number(try a.adding(b))
        case (.stringSet(let a), .stringSet(let b)): return .stringSet(union(a, b))
        case (.numberSet(let a), .numberSet(let b)): return .numberSet(union(a, b))
        case (.binarySet(let a), .binarySet(let b)): return .binarySet(union(a, b))
        default: throw incorrectType
        }
    }

    /// DELETE: set difference; `nil` when nothing is left (the attribute is removed).
    static func delete(_ value: AttributeValue, from existing: AttributeValue) throws(ExpressionError) -> AttributeValue? {
        switch (existing, value) {
        case (.stringSet(let a), .stringSet(let b)):
            let left = difference(a, b)
            return left.isEmpty ? nil : .stringSet(left)
        case (.numberSet(let a), .numberSet(let b)):
            let left = difference(a, b)
            return left.isEmpty ? nil : .numberSet(left)
        case (.binarySet(let a), .binarySet(let b)):
            let left = difference(a, b)
            return left.isEmpty ? nil : .binarySet(left)
        default: throw incorrectType
        }
    }

    private static func union<T: Hashable>(_ a: [T], _ b: [T]) -> [T] {
        var seen = Set(a)
        var result = a
        for x in b where seen.insert(x).inserted { result.append(x) }
        return result
    }

    private static func difference<T: Hashable>(_ a: [T], _ b: [T]) -> [T] {
        let remove = Set(b)
        return a.filter { !remove.contains($0) }
    }
}
