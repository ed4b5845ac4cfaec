/// Binary and unary operators.
extension Evaluator {
    func evaluateBinary(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        guard let l = expr.lhs, let r = expr.rhs else { return nil }
        let kind = expr.binaryOperator
        if kind == .concatenate { return try evaluateConcatenation(expr, l, r, input, env) }
        let lhs = try eval(l, input, env)
        if kind == .and {
            if !Evaluator.boolean(lhs) { return .bool(false) }
            return .bool(Evaluator.boolean(try eval(r, input, env)))
        }
        if kind == .or {
            if Evaluator.boolean(lhs) { return .bool(true) }
            return .bool(Evaluator.boolean(try eval(r, input, env)))
        }
        let rhs = try eval(r, input, env)
        // Fast path: arithmetic and ordering of two finite numbers (no string switch on the operator).
        if case .number(let a)? = lhs, case .number(let b)? = rhs, a.isFinite, b.isFinite {
            switch kind {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide: return .number(a / b)
            case .modulo: return .number(a.truncatingRemainder(dividingBy: b))
            case .less: return .bool(a < b)
            case .greater: return .bool(a > b)
            case .lessOrEqual: return .bool(a <= b)
            case .greaterOrEqual: return .bool(a >= b)
            default: break
            }
        }
        let op = expr.value
        do throws(JSONataError) {
            switch op {
            case "+", "-", "*", "/", "%":
                return try Evaluator.numeric(lhs, rhs, op)
            case "=":
                guard let lhs, let rhs else { return .bool(false) }
                return .bool(try Evaluator.deepEqual(lhs, rhs))
            case "!=":
                guard let lhs, let rhs else { return .bool(false) }
                return .bool(!(try Evaluator.deepEqual(lhs, rhs)))
            case "<", "<=", ">", ">=":
                return try Evaluator.compare(lhs, rhs, op)
            case "&":
                let ls = try lhs.map { v throws(JSONataError) in try Library.stringOf(v) } ?? ""
                let rs = try rhs.map { v throws(JSONataError) in try Library.stringOf(v) } ?? ""
                if ls.utf8.count + rs.utf8.count > Library.maxStringBytes { throw Library.tooLarge() }
                return .string(ls + rs)
            case "..":
                return try Evaluator.range(lhs, rhs)
            case "in":
                guard let lhs, let rhs else { return .bool(false) }
                let items: [JV]
                if case .array(let a) = rhs { items = a.items } else { items = [rhs] }
                for item in items where Evaluator.strictEqual(item, lhs) { return .bool(true) }
                return .bool(false)
            default:
                return nil
            }
        } catch {
            var e = error
            e.position = expr.position
            e.token = op
            throw e
        }
    }

    /// A chain `a & b & c …` (left-associative) built into one buffer: the operands are evaluated
    /// left to right as the nested operators would, without the intermediate strings. The chain is
    /// at most as long as the parser's nesting limit allows, so the recursion is bounded.
    private func evaluateConcatenation(_ expr: Node, _ l: Node, _ r: Node, _ input: JV?,
                                       _ env: Frame) throws(JSONataError) -> JV? {
        var out: [UInt8] = []
        // One allocation for typical results.
        out.reserveCapacity(64)
        try appendConcatenation(expr, l, r, input, env, to: &out)
        return .string(String(decoding: out, as: UTF8.self))
    }

    private func appendConcatenation(_ expr: Node, _ l: Node, _ r: Node, _ input: JV?, _ env: Frame,
                                     to out: inout [UInt8]) throws(JSONataError) {
        // Plain `&` nodes on the left are folded in (one with a predicate or grouping is an operand).
        if l.type == .binary, l.binaryOperator == .concatenate, l.predicate == nil, l.group == nil, !l.keepArray,
           let ll = l.lhs, let lr = l.rhs
        {
            try appendConcatenation(l, ll, lr, input, env, to: &out)
            let rhs = try eval(r, input, env)
            try appendString(rhs, to: &out, operatorNode: expr)
        } else {
            let lhs = try eval(l, input, env)
            let rhs = try eval(r, input, env)
            try appendString(lhs, to: &out, operatorNode: expr)
            try appendString(rhs, to: &out, operatorNode: expr)
        }
    }

    @inline(__always)
    private func appendString(_ v: JV?, to out: inout [UInt8], operatorNode: Node) throws(JSONataError) {
        guard let v else { return }
        do throws(JSONataError) {
            if case .string(let s) = v {
                try Evaluator.appendUTF8(s, to: &out)
            } else {
                try Evaluator.appendUTF8(try Library.stringOf(v), to: &out)
            }
        } catch {
            var e = error
            e.position = operatorNode.position
            e.token = "&"
            throw e
        }
    }

    @inline(__always)
    private static func appendUTF8(_ s: String, to out: inout [UInt8]) throws(JSONataError) {
        if out.count + s.utf8.count > Library.maxStringBytes { throw Library.tooLarge() }
        out.append(contentsOf: s.utf8)
    }

    static func numeric(_ lhs: JV?, _ rhs: JV?, _ op: String) throws(JSONataError) -> JV? {
        var a = 0.0, b = 0.0
        if let lhs {
            guard case .number(let x) = lhs else { throw JSONataError.make("T2001", token: op, value: lhs) }
            if !x.isFinite { throw JSONataError.make("D1001", value: lhs) }
            a = x
        }
        if let rhs {
            guard case .number(let y) = rhs else { throw JSONataError.make("T2002", token: op, value: rhs) }
            if !y.isFinite { throw JSONataError.make("D1001", value: rhs) }
            b = y
        }
        guard lhs != nil, rhs != nil else { return nil }
        let r: Double
        switch op {
        case "+": r = a + b
        case "-": r = a - b
        case "*": r = a * b
        case "/": r = a / b
        default: r = a.truncatingRemainder(dividingBy: b)
        }
        return .number(r)
    }

    static func compare(_ lhs: JV?, _ rhs: JV?, _ op: String) throws(JSONataError) -> JV? {
        func comparable(_ v: JV?) -> Bool {
            guard let v else { return true }
            if case .number = v { return true }
            if case .string = v { return true }
            return false
        }
        if !comparable(lhs) || !comparable(rhs) {
            let bad = comparable(lhs) ? rhs : lhs
            throw JSONataError.make("T2010", token: op, value: bad)
        }
        guard let lhs, let rhs else { return nil }
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            switch op {
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a >= b)
            }
        case (.string(let a), .string(let b)):
            let c = Evaluator.compareStrings(a, b)
            switch op {
            case "<": return .bool(c < 0)
            case "<=": return .bool(c <= 0)
            case ">": return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        default:
            throw JSONataError.make("T2009", token: op, value: lhs, value2: rhs)
        }
    }

    /// JavaScript string ordering (UTF-16 code units).
    static func compareStrings(_ a: String, _ b: String) -> Int {
        var ia = a.utf16.makeIterator(), ib = b.utf16.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    static func range(_ lhs: JV?, _ rhs: JV?) throws(JSONataError) -> JV? {
        var lo = 0, hi = 0
        if let lhs {
            guard case .number(let d) = lhs, d == d.rounded(), let i = Int(exactly: d) else {
                throw JSONataError.make("T2003", value: lhs)
            }
            lo = i
        }
        if let rhs {
            guard case .number(let d) = rhs, d == d.rounded(), let i = Int(exactly: d) else {
                throw JSONataError.make("T2004", value: rhs)
            }
            hi = i
        }
        guard lhs != nil, rhs != nil else { return nil }
        if lo > hi { return nil }
        let sizeD = Double(hi) - Double(lo) + 1
        if sizeD > 10_000_000 {
            throw JSONataError.make("D2014", value: .number(sizeD))
        }
        let size = hi - lo + 1
        if size > 10_000_000 {
            throw JSONataError.make("D2014", value: .number(Double(size)))
        }
        var items: [JV] = []
        items.reserveCapacity(size)
        for v in lo...hi { items.append(.number(Double(v))) }
        return .array(JArray.sequence(items))
    }

    func evaluateUnary(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        switch expr.value {
        case "-":
            guard let e = expr.expression else { return nil }
            let v = try eval(e, input, env)
            guard let v else { return nil }
            guard case .number(let d) = v else {
                throw JSONataError.make("D1002", position: expr.position, token: "-", value: v)
            }
            return .number(-d)
        case "[":
            var result: [JV] = []
            for item in expr.expressions {
                guard let value = try eval(item, input, env) else { continue }
                if item.type == .unary && item.value == "[" {
                    result.append(value)
                } else if case .array(let a) = value {
                    result.append(contentsOf: a.items)
                } else if case .tuples(let t) = value {
                    for tu in t.items { if let c = tu.context { result.append(c) } }
                } else {
                    result.append(value)
                }
            }
            let arr = JArray(result)
            if expr.consarray { arr.cons = true }
            return .array(arr)
        case "{":
            return try evaluateGroup(GroupSpec(pairs: expr.pairs, position: expr.position), input, env)
        default:
            return nil
        }
    }

    // MARK: - equality

    /// JavaScript `===` for primitives; reference identity for arrays, objects and functions.
    static func strictEqual(_ a: JV, _ b: JV) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        case (.function(let x), .function(let y)): return x === y
        default: return false
        }
    }

    /// `isDeepEqual`: structural equality of arrays and objects.
    static func deepEqual(_ a: JV, _ b: JV) throws(JSONataError) -> Bool {
        var budget = NodeBudget()
        return try deepEqual(a, b, depth: 0, budget: &budget)
    }

    static func deepEqual(_ a: JV, _ b: JV, depth: Int, budget: inout NodeBudget) throws(JSONataError) -> Bool {
        try budget.spend()
        if depth > 1000 { return false }
        switch (a, b) {
        case (.array(let x), .array(let y)):
            if x === y { return true }
            guard x.items.count == y.items.count else { return false }
            for i in x.items.indices where !(try deepEqual(x.items[i], y.items[i], depth: depth + 1, budget: &budget)) {
                return false
            }
            return true
        case (.object(let x), .object(let y)):
            if x === y { return true }
            guard x.count == y.count else { return false }
            for (k, xv) in x.entries {
                guard let yv = y[k], try deepEqual(xv, yv, depth: depth + 1, budget: &budget) else { return false }
            }
            return true
        default:
            return strictEqual(a, b)
        }
    }
}

