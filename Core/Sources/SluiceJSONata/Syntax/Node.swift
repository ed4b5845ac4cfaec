/// Node kinds of the processed syntax tree (the reference implementation's `type` strings).
enum NodeType: Sendable {
    case path, binary, unary, name, string, number, value, wildcard, descendant, parent
    case condition, block, bind, regex, function, partial, variable, lambda, apply, sort, transform
    /// The `?` placeholder of a partial application (and raw operator tokens during parsing).
    case `operator`
    /// Stages attached to a step.
    case filter, index
}

/// A literal constant of the expression.
enum Literal: Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    var value: JV {
        switch self {
        case .string(let s): .string(s)
        case .number(let d): .number(d)
        case .bool(let b): .bool(b)
        case .null: .null
        }
    }
}

/// An ancestor slot used to resolve the parent operator `%`.
final class AncestorSlot: @unchecked Sendable {
    var label: String
    var level: Int
    var index: Int
    init(label: String, level: Int, index: Int) {
        self.label = label
        self.level = level
        self.index = index
    }
}

/// One syntax tree node. Nodes are built and rewritten by the parser, then never mutated again,
/// which is what makes sharing a compiled expression across threads safe.
final class Node: @unchecked Sendable {
    var type: NodeType
    /// Operator, name or variable name (or the token text for errors).
    var value: String
    var literal: Literal?
    var position: Int

    var lhs: Node?
    var rhs: Node?
    /// The operand of unary minus.
    var expression: Node?
    /// Items of an array constructor or a block.
    var expressions: [Node] = []
    /// Key/value pairs of an object constructor (unary `{`) or group-by.
    var pairs: [(Node, Node)] = []
    var steps: [Node] = []
    var arguments: [Node] = []
    var procedure: Node?
    var body: Node?
    var signature: Signature?
    var condition: Node?
    var thenBranch: Node?
    var elseBranch: Node?
    var pattern: Node?
    var update: Node?
    var delete: Node?
    var regex: RegexProgram?
    var terms: [(descending: Bool, expression: Node)] = []

    var predicate: [Node]?
    var stages: [Node]?
    var group: GroupSpec?

    var keepArray = false
    var keepSingletonArray = false
    var consarray = false
    var tuple = false
    var thunk = false
    var focus: String?
    var index: String?
    var ancestor: AncestorSlot?
    var slot: AncestorSlot?
    var seekingParent: [AncestorSlot]?

    init(type: NodeType, value: String = "", position: Int) {
        self.type = type
        self.value = value
        self.position = position
    }

    /// The name used in error messages when this node is invoked as a function.
    var procedureName: String {
        if type == .path, let first = steps.first { return first.value }
        return value
    }
}

/// The group-by clause `{k: v}` attached to a step.
struct GroupSpec: Sendable {
    var pairs: [(Node, Node)]
    var position: Int
}
