/// Marks the paths of the most common shape, `$var.a.b.c` or `a.b.c` with plain steps, once the
/// tree is complete, so that evaluating one reads its member names from one array (no per-step
/// checks of the step nodes).
enum NamePaths {
    /// Annotates every path under `root` (each node once; no recursion). With `markBuiltins`, also
    /// marks the `$name` nodes of library functions that no binding of the tree can shadow: no
    /// lambda parameter, `:=`, focus or index variable of that name, and no `$eval` (whose text
    /// could bind any name in these frames). Only the root bindings of an evaluation can then
    /// shadow them (checked once per evaluation against the root's `unshadowedBuiltinNames`).
    static func annotate(_ root: Node, markBuiltins: Bool) {
        var pending: [Node] = [root]
        var seen: Set<ObjectIdentifier> = []
        var bindable: Set<String> = []
        var libraryNames: [Node] = []
        while let node = pending.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            switch node.type {
            case .path: node.namePath = namePath(node)
            case .lambda: for p in node.arguments { bindable.insert(p.value) }
            case .bind: if let l = node.lhs { bindable.insert(l.value) }
            case .index: bindable.insert(node.value)
            case .variable:
                if node.builtins.standard != nil || node.builtins.aws != nil { libraryNames.append(node) }
                if node.value == "eval" { bindable.insert("eval") }
            default: break
            }
            if let f = node.focus { bindable.insert(f) }
            if let i = node.index { bindable.insert(i) }
            if let a = node.ancestor { bindable.insert(a.label) }
            for child in [node.lhs, node.rhs, node.expression, node.procedure, node.body, node.condition,
                          node.thenBranch, node.elseBranch, node.pattern, node.update, node.delete]
            {
                if let child { pending.append(child) }
            }
            pending.append(contentsOf: node.expressions)
            pending.append(contentsOf: node.steps)
            pending.append(contentsOf: node.arguments)
            for (k, v) in node.pairs { pending.append(k); pending.append(v) }
            for term in node.terms { pending.append(term.expression) }
            if let p = node.predicate { pending.append(contentsOf: p) }
            if let s = node.stages { pending.append(contentsOf: s) }
            if let g = node.group { for (k, v) in g.pairs { pending.append(k); pending.append(v) } }
        }
        guard markBuiltins, !bindable.contains("eval") else { return }
        var names: [String] = []
        for node in libraryNames where !bindable.contains(node.value) {
            node.unshadowedBuiltin = true
            if !names.contains(node.value) { names.append(node.value) }
        }
        root.unshadowedBuiltinNames = names
        root.hasUnshadowedBuiltins = !names.isEmpty
    }

    /// The member names after the first step when `path` has the plain shape, else `nil`.
    private static func namePath(_ path: Node) -> NamePath? {
        if path.keepSingletonArray || path.keepArray || path.group != nil || path.tuple || path.predicate != nil
            || path.stages != nil
        {
            return nil
        }
        guard let first = path.steps.first, isPlainStep(first) else { return nil }
        let rest: ArraySlice<Node>
        switch first.type {
        case .variable: rest = path.steps.dropFirst()
        case .name: rest = path.steps[...]
        default: return nil
        }
        var keys: [String] = []
        keys.reserveCapacity(rest.count)
        for step in rest {
            guard step.type == .name, isPlainStep(step) else { return nil }
            keys.append(step.value)
        }
        return NamePath(variable: first.type == .variable ? first : nil, keys: keys)
    }

    /// A step without stages, predicates, grouping or bindings: only its value matters.
    static func isPlainStep(_ s: Node) -> Bool {
        s.stages == nil && s.predicate == nil && s.group == nil && !s.tuple && !s.keepArray && !s.consarray
            && s.focus == nil && s.index == nil && s.ancestor == nil
    }
}

/// A path of plain member names, optionally starting at a variable (see `NamePaths`).
final class NamePath: @unchecked Sendable {
    /// The first step when it is a variable (`$states`), else `nil` (the path starts at the input).
    let variable: Node?
    /// The member names looked up in turn.
    let keys: [String]

    init(variable: Node?, keys: [String]) {
        self.variable = variable
        self.keys = keys
    }
}
