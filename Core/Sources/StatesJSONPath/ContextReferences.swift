// Whether an expression may read the context object (`$$`), so that the interpreter builds `$$`
// only for the states that can see it. Conservative: any `$$` in a path's text counts.

extension Path {
    /// Whether evaluating this path may read `$$` (its root or a filter operand).
    package var referencesContext: Bool {
        // Two `$` bytes in a row (a byte scan: cheaper than `String.contains`, and never less
        // conservative).
        var afterDollar = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "$") {
                if afterDollar { return true }
                afterDollar = true
            } else {
                afterDollar = false
            }
        }
        return false
    }
}

extension DynamicValue {
    /// Whether evaluating this value may read `$$`.
    package var referencesContext: Bool {
        switch self {
        case .path(let path): path.referencesContext
        case .intrinsic(let call): call.referencesContext
        }
    }
}

extension IntrinsicFunctionCall {
    /// Whether evaluating this call may read `$$` (in any argument, nested calls included).
    package var referencesContext: Bool {
        // Calls nest no deeper than the parser went to read them.
        arguments.contains { argument in
            switch argument {
            case .literal, .string: false
            case .path(let path): path.referencesContext
            case .call(let call): call.referencesContext
            }
        }
    }
}

extension PayloadTemplate {
    /// Whether evaluating this template may read `$$` (any `.$` field at any depth).
    package var referencesContext: Bool { root.referencesContext(depth: 0) }
}

extension TemplateNode {
    func referencesContext(depth: Int) -> Bool {
        // Past the compile-time depth limit: assume it does.
        guard depth < TemplateNode.maxDepth else { return true }
        switch self {
        case .constant: return false
        case .dynamic(let value, _): return value.referencesContext
        case .array(let nodes): return nodes.contains { $0.referencesContext(depth: depth + 1) }
        case .object(let members, _): return members.contains { $0.node.referencesContext(depth: depth + 1) }
        }
    }
}
