/// Node kinds of the processed syntax tree (the reference implementation's `type` strings).
enum NodeType: Sendable {
    case path, binary, unary, name, string, number, value, wildcard, descendant, parent
    case condition, block, bind, regex, function, partial, variable, lambda, apply, sort, transform
    /// The `?` placeholder of a partial application (and raw operator tokens during parsing).
    case `operator`
    /// Stages attached to a step.
    case filter, index
}

/// The operator of a `.binary` node, classified once when the tree is processed (the evaluator
/// switches on it instead of comparing operator strings).
enum BinaryOperator: Sendable {
    case add, subtract, multiply, divide, modulo
    case less, lessOrEqual, greater, greaterOrEqual
    case and, or, concatenate
    /// `=`, `!=`, `..`, `in`: handled by the operator text.
    case other

    init(_ text: String) {
        switch text {
        case "+": self = .add
        case "-": self = .subtract
        case "*": self = .multiply
        case "/": self = .divide
        case "%": self = .modulo
        case "<": self = .less
        case "<=": self = .lessOrEqual
        case ">": self = .greater
        case ">=": self = .greaterOrEqual
        case "and": self = .and
        case "or": self = .or
        case "&": self = .concatenate
        default: self = .other
        }
    }
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
    @exclusivity(unchecked) var type: NodeType
    /// Operator, name or variable name (or the token text for errors).
    @exclusivity(unchecked) var value: String
    @exclusivity(unchecked) var literal: Literal?
    /// For a `.path` of plain member names: the names (set once the tree is complete).
    @exclusivity(unchecked) var namePath: NamePath?
    /// For a processed `.binary` node: its operator.
    @exclusivity(unchecked) var binaryOperator: BinaryOperator = .other
    @exclusivity(unchecked) var position: Int

    @exclusivity(unchecked) var lhs: Node?
    @exclusivity(unchecked) var rhs: Node?
    /// The operand of unary minus.
    @exclusivity(unchecked) var expression: Node?
    /// Items of an array constructor or a block.
    @exclusivity(unchecked) var expressions: [Node] = []
    /// Key/value pairs of an object constructor (unary `{`) or group-by.
    @exclusivity(unchecked) var pairs: [(Node, Node)] = []
    @exclusivity(unchecked) var steps: [Node] = []
    @exclusivity(unchecked) var arguments: [Node] = []
    @exclusivity(unchecked) var procedure: Node?
    @exclusivity(unchecked) var body: Node?
    @exclusivity(unchecked) var signature: Signature?
    @exclusivity(unchecked) var condition: Node?
    @exclusivity(unchecked) var thenBranch: Node?
    @exclusivity(unchecked) var elseBranch: Node?
    @exclusivity(unchecked) var pattern: Node?
    @exclusivity(unchecked) var update: Node?
    @exclusivity(unchecked) var delete: Node?
    @exclusivity(unchecked) var regex: RegexProgram?
    @exclusivity(unchecked) var terms: [(descending: Bool, expression: Node)] = []

    @exclusivity(unchecked) var predicate: [Node]?
    @exclusivity(unchecked) var stages: [Node]?
    @exclusivity(unchecked) var group: GroupSpec?

    /// For a variable node: the library functions of that name (standard and AWS library),
    /// resolved once at parse time so that evaluation does not hash the name.
    @exclusivity(unchecked) var builtins: (resolved: Bool, standard: JFunction?, aws: JFunction?) = (false, nil, nil)
    /// A variable naming a library function that no binding of its tree can shadow (see
    /// `NamePaths.annotate`).
    @exclusivity(unchecked) var unshadowedBuiltin = false
    /// On the root of a tree: the names of its `unshadowedBuiltin` nodes.
    @exclusivity(unchecked) var unshadowedBuiltinNames: [String] = []
    @exclusivity(unchecked) var hasUnshadowedBuiltins = false

    @exclusivity(unchecked) var keepArray = false
    @exclusivity(unchecked) var keepSingletonArray = false
    @exclusivity(unchecked) var consarray = false
    @exclusivity(unchecked) var tuple = false
    @exclusivity(unchecked) var thunk = false
    @exclusivity(unchecked) var focus: String?
    @exclusivity(unchecked) var index: String?
    @exclusivity(unchecked) var ancestor: AncestorSlot?
    @exclusivity(unchecked) var slot: AncestorSlot?
    @exclusivity(unchecked) var seekingParent: [AncestorSlot]?

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
