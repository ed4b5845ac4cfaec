import SluiceJSON

/// Where a path starts: `$` (the input), `$$` (the context object), `$name` (a variable) or, inside
/// a filter expression, `@` (the node being tested).
enum PathRoot: Sendable, Hashable {
    case input
    case context
    case variable(String)
    case current
}

/// One step of a compiled JSONPath.
indirect enum PathSegment: Sendable, Hashable {
    /// `.a` or `['a']`.
    case property(String)
    /// `['a','b']`.
    case properties([String])
    /// `[0]`, `[-1]`.
    case index(Int)
    /// `[0,1]`.
    case indices([Int])
    /// `[1:3]`, `[:2]`, `[-1:]`.
    case slice(start: Int?, end: Int?)
    /// `.*` or `[*]`.
    case wildcard
    /// `..` followed by the segment applied to every node below (and including) the current one.
    case deepScan(PathSegment)
    /// `[?(…)]`.
    case filter(FilterExpression)
    /// `.length()` and other Jayway functions: valid syntax, but AWS finds nothing for them.
    case function(String)

    /// Whether the segment selects at most one node.
    var isDefinite: Bool {
        switch self {
        case .property, .index, .function: true
        case .properties(let p): p.count == 1
        case .indices(let i): i.count == 1
        case .slice, .wildcard, .deepScan, .filter: false
        }
    }
}

/// A filter expression inside `[?( … )]`, Jayway-style.
indirect enum FilterExpression: Sendable, Hashable {
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
    /// A bare operand: for a path, "the path exists"; for a literal, its truthiness.
    case exists(FilterOperand)
    case compare(FilterOperand, FilterOperator, FilterOperand)
}

/// A value in a filter expression.
enum FilterOperand: Sendable, Hashable {
    case path(CompiledPath)
    case literal(JSONValue)
    case regex(pattern: String, caseInsensitive: Bool)
}

/// A relational operator in a filter expression.
enum FilterOperator: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case typeSafeEqual = "==="
    case typeSafeNotEqual = "!=="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case matches = "=~"
    case `in` = "in"
    case notIn = "nin"
    case subsetOf = "subsetof"
    case anyOf = "anyof"
    case noneOf = "noneof"
    case size = "size"
    case empty = "empty"
    case contains = "contains"
    case exists = "exists"
}

/// A parsed JSONPath: a root and the segments applied to it in order.
struct CompiledPath: Sendable, Hashable {
    var root: PathRoot
    var segments: [PathSegment]
    /// Whether the path selects at most one node (no wildcard, slice, union, filter, deep scan).
    var isDefinite: Bool
    /// Whether the path is a Reference Path: definite and made only of properties and indexes.
    var isReferencePath: Bool

    init(root: PathRoot, segments: [PathSegment]) {
        self.root = root
        self.segments = segments
        // Jayway merges several properties read at the end of a path into one object: definite.
        let last = segments.count - 1
        isDefinite = segments.enumerated().allSatisfy { i, segment in
            if i == last, case .properties = segment { return true }
            return segment.isDefinite
        }
        isReferencePath =
            isDefinite
            && segments.allSatisfy {
                switch $0 {
                case .property, .index: true
                case .properties(let p): p.count == 1
                case .indices(let i): i.count == 1
                default: false
                }
            }
    }

    init(parsing text: String) throws(PathSyntaxError) {
        var parser = PathParser(text)
        self = try parser.parseWholePath()
    }
}
