/// The post-parse stage: flattens `.` chains into paths of steps, attaches predicates, group-by
/// and order-by to steps, marks tuple-stream steps and resolves parent (`%`) references.
struct ASTProcessor {
    private var ancestorLabel = 0
    private var ancestorIndex = 0
    private var ancestry: [Node] = []
    private var depth = 0

    mutating func process(_ expr: Node) throws(JSONataError) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > 1000 { throw JSONataError.make("U1001", position: expr.position) }
        var result: Node
        switch expr.type {
        case .binary:
            result = try processBinary(expr)
        case .unary:
            result = Node(type: .unary, value: expr.value, position: expr.position)
            if expr.value == "[" {
                for item in expr.expressions {
                    let v = try process(item)
                    pushAncestry(result, v)
                    result.expressions.append(v)
                }
            } else if expr.value == "{" {
                for (k, v) in expr.pairs {
                    let key = try process(k)
                    pushAncestry(result, key)
                    let value = try process(v)
                    pushAncestry(result, value)
                    result.pairs.append((key, value))
                }
            } else {
                guard let operand = expr.expression else {
                    throw JSONataError.make("S0207", position: expr.position)
                }
                let e = try process(operand)
                if expr.value == "-", e.type == .number, case .number(let d) = e.literal {
                    result = e
                    result.literal = .number(-d)
                    result.value = Stringify.number(-d)
                } else {
                    result.expression = e
                    pushAncestry(result, e)
                }
            }
        case .function, .partial:
            result = Node(type: expr.type, value: expr.value, position: expr.position)
            for arg in expr.arguments {
                let a = try process(arg)
                pushAncestry(result, a)
                result.arguments.append(a)
            }
            guard let proc = expr.procedure else { throw JSONataError.make("S0207", position: expr.position) }
            result.procedure = try process(proc)
        case .lambda:
            result = Node(type: .lambda, position: expr.position)
            result.arguments = expr.arguments
            result.signature = expr.signature
            guard let b = expr.body else { throw JSONataError.make("S0207", position: expr.position) }
            let body = try process(b)
            result.body = tailCallOptimize(body)
        case .condition:
            result = Node(type: .condition, position: expr.position)
            guard let c = expr.condition, let th = expr.thenBranch else {
                throw JSONataError.make("S0207", position: expr.position)
            }
            result.condition = try process(c)
            pushAncestry(result, result.condition)
            result.thenBranch = try process(th)
            pushAncestry(result, result.thenBranch)
            if let el = expr.elseBranch {
                result.elseBranch = try process(el)
                pushAncestry(result, result.elseBranch)
            }
        case .transform:
            result = Node(type: .transform, position: expr.position)
            guard let p = expr.pattern, let u = expr.update else {
                throw JSONataError.make("S0207", position: expr.position)
            }
            result.pattern = try process(p)
            result.update = try process(u)
            if let d = expr.delete { result.delete = try process(d) }
        case .block:
            result = Node(type: .block, position: expr.position)
            for item in expr.expressions {
                let part = try process(item)
                pushAncestry(result, part)
                if part.consarray || (part.type == .path && (part.steps.first?.consarray ?? false)) {
                    result.consarray = true
                }
                result.expressions.append(part)
            }
        case .name:
            result = Node(type: .path, position: expr.position)
            result.steps = [expr]
            if expr.keepArray { result.keepSingletonArray = true }
        case .parent:
            result = Node(type: .parent, position: expr.position)
            result.slot = AncestorSlot(label: "!\(ancestorLabel)", level: 1, index: ancestorIndex)
            ancestorLabel += 1
            ancestorIndex += 1
            ancestry.append(result)
        case .string, .number, .value, .wildcard, .descendant, .variable, .regex:
            result = expr
        case .operator:
            if expr.value == "and" || expr.value == "or" || expr.value == "in" {
                expr.type = .name
                result = try process(expr)
            } else if expr.value == "?" {
                result = expr
            } else if expr.value == "(end)" {
                throw JSONataError.make("S0207", position: expr.position, token: expr.value)
            } else {
                throw JSONataError.make("S0201", position: expr.position, token: expr.value)
            }
        default:
            throw JSONataError.make("S0206", position: expr.position, token: expr.value)
        }
        if expr.keepArray { result.keepArray = true }
        return result
    }

    private mutating func processBinary(_ expr: Node) throws(JSONataError) -> Node {
        guard let lhsNode = expr.lhs else { throw JSONataError.make("S0207", position: expr.position) }
        switch expr.value {
        case ".":
            let lstep = try process(lhsNode)
            let result: Node
            if lstep.type == .path {
                result = lstep
            } else {
                result = Node(type: .path, position: lstep.position)
                result.steps = [lstep]
            }
            if lstep.type == .parent, let s = lstep.slot { result.seekingParent = [s] }
            guard let rhsNode = expr.rhs else { throw JSONataError.make("S0207", position: expr.position) }
            let rest = try process(rhsNode)
            if rest.type == .path {
                result.steps.append(contentsOf: rest.steps)
            } else {
                if let p = rest.predicate {
                    rest.stages = p
                    rest.predicate = nil
                }
                result.steps.append(rest)
            }
            for step in result.steps {
                if step.type == .number || step.type == .value {
                    throw JSONataError.make("S0213", position: step.position, value: step.literal?.value)
                }
                if step.type == .string { step.type = .name }
            }
            if result.steps.contains(where: { $0.keepArray }) { result.keepSingletonArray = true }
            if let first = result.steps.first, first.type == .unary, first.value == "[" { first.consarray = true }
            if let last = result.steps.last, last.type == .unary, last.value == "[" { last.consarray = true }
            try resolveAncestry(result)
            return result
        case "[":
            let result = try process(lhsNode)
            var step = result
            var isStages = false
            if result.type == .path, let last = result.steps.last {
                step = last
                isStages = true
            }
            if step.group != nil {
                throw JSONataError.make("S0209", position: expr.position)
            }
            guard let rhsNode = expr.rhs else { throw JSONataError.make("S0207", position: expr.position) }
            let predicate = try process(rhsNode)
            if let seeking = predicate.seekingParent {
                for slot in seeking {
                    if slot.level == 1 {
                        _ = try seekParent(step, slot)
                    } else {
                        slot.level -= 1
                    }
                }
                pushAncestry(step, predicate)
            }
            let filter = Node(type: .filter, position: expr.position)
            filter.lhs = predicate
            if isStages {
                step.stages = (step.stages ?? []) + [filter]
            } else {
                step.predicate = (step.predicate ?? []) + [filter]
            }
            return result
        case "{":
            let result = try process(lhsNode)
            if result.group != nil {
                throw JSONataError.make("S0210", position: expr.position)
            }
            var pairs: [(Node, Node)] = []
            for (k, v) in expr.pairs {
                pairs.append((try process(k), try process(v)))
            }
            result.group = GroupSpec(pairs: pairs, position: expr.position)
            return result
        case "^":
            var result = try process(lhsNode)
            if result.type != .path {
                let p = Node(type: .path, position: result.position)
                p.steps = [result]
                result = p
            }
            let sortStep = Node(type: .sort, position: expr.position)
            for term in expr.terms {
                let e = try process(term.expression)
                pushAncestry(sortStep, e)
                sortStep.terms.append((term.descending, e))
            }
            result.steps.append(sortStep)
            try resolveAncestry(result)
            return result
        case ":=":
            let result = Node(type: .bind, value: expr.value, position: expr.position)
            result.lhs = try process(lhsNode)
            guard let rhsNode = expr.rhs else { throw JSONataError.make("S0207", position: expr.position) }
            result.rhs = try process(rhsNode)
            pushAncestry(result, result.rhs)
            return result
        case "@":
            let result = try process(lhsNode)
            var step = result
            if result.type == .path, let last = result.steps.last { step = last }
            if step.stages != nil || step.predicate != nil {
                throw JSONataError.make("S0215", position: expr.position)
            }
            if step.type == .sort {
                throw JSONataError.make("S0216", position: expr.position)
            }
            if expr.keepArray { step.keepArray = true }
            step.focus = expr.rhs?.value
            step.tuple = true
            return result
        case "#":
            var result = try process(lhsNode)
            var step = result
            if result.type == .path, let last = result.steps.last {
                step = last
            } else {
                let p = Node(type: .path, position: result.position)
                p.steps = [result]
                result = p
                if let pr = step.predicate {
                    step.stages = pr
                    step.predicate = nil
                }
            }
            if step.stages == nil {
                step.index = expr.rhs?.value
            } else {
                let idx = Node(type: .index, value: expr.rhs?.value ?? "", position: expr.position)
                step.stages?.append(idx)
            }
            step.tuple = true
            return result
        case "~>":
            let result = Node(type: .apply, value: expr.value, position: expr.position)
            result.lhs = try process(lhsNode)
            guard let rhsNode = expr.rhs else { throw JSONataError.make("S0207", position: expr.position) }
            result.rhs = try process(rhsNode)
            return result
        default:
            let result = Node(type: .binary, value: expr.value, position: expr.position)
            result.binaryOperator = BinaryOperator(expr.value)
            result.lhs = try process(lhsNode)
            guard let rhsNode = expr.rhs else { throw JSONataError.make("S0207", position: expr.position) }
            result.rhs = try process(rhsNode)
            pushAncestry(result, result.lhs)
            pushAncestry(result, result.rhs)
            return result
        }
    }

    private func tailCallOptimize(_ expr: Node) -> Node {
        switch expr.type {
        case .function where expr.predicate == nil:
            let thunk = Node(type: .lambda, position: expr.position)
            thunk.thunk = true
            thunk.body = expr
            return thunk
        case .condition:
            if let t = expr.thenBranch { expr.thenBranch = tailCallOptimize(t) }
            if let e = expr.elseBranch { expr.elseBranch = tailCallOptimize(e) }
            return expr
        case .block:
            if let last = expr.expressions.last {
                expr.expressions[expr.expressions.count - 1] = tailCallOptimize(last)
            }
            return expr
        default:
            return expr
        }
    }

    private mutating func seekParent(_ node: Node, _ slotIn: AncestorSlot) throws(JSONataError) -> AncestorSlot {
        var slot = slotIn
        switch node.type {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let existing = node.ancestor {
                    if slot.index < ancestry.count {
                        ancestry[slot.index].slot?.label = existing.label
                    }
                    node.ancestor = slot
                } else {
                    node.ancestor = slot
                }
                node.tuple = true
            }
        case .parent:
            slot.level += 1
        case .block:
            if let last = node.expressions.last {
                node.tuple = true
                slot = try seekParent(last, slot)
            }
        case .path:
            node.tuple = true
            var index = node.steps.count - 1
            slot = try seekParent(node.steps[index], slot)
            index -= 1
            while slot.level > 0 && index >= 0 {
                slot = try seekParent(node.steps[index], slot)
                index -= 1
            }
        default:
            throw JSONataError.make("S0217", position: node.position, token: "\(node.type)")
        }
        return slot
    }

    private func pushAncestry(_ result: Node, _ value: Node?) {
        guard let value else { return }
        if value.seekingParent != nil || value.type == .parent {
            var slots = value.seekingParent ?? []
            if value.type == .parent, let s = value.slot { slots.append(s) }
            if result.seekingParent == nil {
                result.seekingParent = slots
            } else {
                result.seekingParent?.append(contentsOf: slots)
            }
        }
    }

    private mutating func resolveAncestry(_ path: Node) throws(JSONataError) {
        guard let laststep = path.steps.last else { return }
        var slots = laststep.seekingParent ?? []
        if laststep.type == .parent, let s = laststep.slot { slots.append(s) }
        for s in slots {
            var slot = s
            var index = path.steps.count - 2
            while slot.level > 0 {
                if index < 0 {
                    if path.seekingParent == nil {
                        path.seekingParent = [slot]
                    } else {
                        path.seekingParent?.append(slot)
                    }
                    break
                }
                var step = path.steps[index]
                index -= 1
                while index >= 0 && step.focus != nil && path.steps[index].focus != nil {
                    step = path.steps[index]
                    index -= 1
                }
                slot = try seekParent(step, slot)
            }
        }
    }
}
