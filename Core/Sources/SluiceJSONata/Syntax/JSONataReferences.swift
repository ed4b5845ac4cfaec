/// What a compiled expression refers to, so that a host binds only what it needs.
public struct JSONataReferences: Sendable, Hashable {
    /// Every `$name` the expression mentions (free or bound, functions included), without `$`.
    public var variableNames: Set<String> = []
    /// Whether the expression may read its input: `$`, `$$`, or a path that starts with a field
    /// name, wildcard, descendant or parent step (conservative: predicates count too).
    public var usesInput = false
    /// The members of `$states` the expression reads (`$states.input` → `input`); `nil` when it
    /// uses `$states` as a whole (or does not mention it).
    public var statesMembers: Set<String>? = nil

    /// Walks the syntax tree with an explicit stack, so deep trees cannot exhaust the native stack.
    public init(_ expression: JSONataExpression) {
        var stack: [(node: Node, innerStep: Bool)] = [(expression.ast, false)]
        var visited = 0
        var members: Set<String> = []
        var wholeStates = false
        defer { if variableNames.contains("states"), !wholeStates { statesMembers = members } }
        while let (node, innerStep) = stack.popLast() {
            visited += 1
            if visited > 1_000_000 {
                usesInput = true
                wholeStates = true
                return
            }
            switch node.type {
            case .variable:
                if node.value.isEmpty || node.value == "$" { usesInput = true } else { variableNames.insert(node.value) }
                if node.value == "states", !innerStep { wholeStates = true }
            case .path:
                if node.steps.count >= 2, node.steps[0].type == .variable, node.steps[0].value == "states",
                    node.steps[1].type == .name
                {
                    members.insert(node.steps[1].value)
                }
            case .name, .wildcard, .descendant, .parent:
                if !innerStep { usesInput = true }
            default: break
            }
            for child in [node.lhs, node.rhs, node.expression, node.procedure, node.body, node.condition,
                          node.thenBranch, node.elseBranch, node.pattern, node.update, node.delete] {
                if let child { stack.append((child, false)) }
            }
            for e in node.expressions { stack.append((e, false)) }
            let membersOfStates =
                node.type == .path && node.steps.count >= 2 && node.steps[0].type == .variable
                && node.steps[0].value == "states" && node.steps[1].type == .name
            for (i, step) in node.steps.enumerated() {
                stack.append((step, node.type == .path && (i > 0 || membersOfStates)))
            }
            for a in node.arguments { stack.append((a, false)) }
            for (k, v) in node.pairs { stack.append((k, false)); stack.append((v, false)) }
            for term in node.terms { stack.append((term.expression, false)) }
            if let predicate = node.predicate { for p in predicate { stack.append((p, false)) } }
            if let stages = node.stages { for s in stages { stack.append((s, false)) } }
            if let group = node.group { for (k, v) in group.pairs { stack.append((k, false)); stack.append((v, false)) } }
        }
    }
}
