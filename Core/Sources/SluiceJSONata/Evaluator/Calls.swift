/// Function invocation: calls, lambdas, partial application, `~>`, tail calls (trampoline).
extension Evaluator {
    func evaluateFunction(_ expr: Node, _ input: JV?, _ env: Frame, applyTo: JV??) throws(JSONataError) -> JV? {
        guard let procNode = expr.procedure else { return nil }
        let proc: JV?
        if procNode.type == .variable, procNode.predicate == nil, procNode.group == nil, !procNode.keepArray,
           case .function(let f)? = evaluateVariable(procNode, input, env)
        {
            // The common `$name(…)`: the function value needs none of `eval`'s bookkeeping.
            proc = .function(f)
        } else {
            proc = try eval(procNode, input, env)
        }
        if proc == nil, procNode.type == .path, let first = procNode.steps.first, lookup(first.value, env) != nil {
            throw JSONataError.make("T1005", position: expr.position, token: first.value)
        }
        let arguments = expr.arguments
        if case .function(let f)? = proc, case .builtin(let b) = f.kind, arguments.count + (applyTo == nil ? 0 : 1) <= 3 {
            // A built-in with up to three arguments: they are held inline, no argument array.
            return try callBuiltin(b, expr, procNode, applyTo, input, env)
        }
        var args: [JV?] = []
        args.reserveCapacity(arguments.count + 1)
        if let applyTo { args.append(applyTo) }
        for a in arguments { args.append(try eval(a, input, env)) }
        let procName = procNode.procedureName
        do throws(JSONataError) {
            return try apply(proc, args, input, env, name: procName)
        } catch {
            var e = error
            if e.position == nil { e.position = expr.position }
            if e.token == nil { e.token = procName }
            throw e
        }
    }

    /// `evaluateFunction` for a built-in and at most three arguments (counting `applyTo`).
    private func callBuiltin(_ b: Builtin, _ expr: Node, _ procNode: Node, _ applyTo: JV??, _ input: JV?,
                             _ env: Frame) throws(JSONataError) -> JV? {
        let nodes = expr.arguments
        var args: Arguments
        switch (applyTo, nodes.count) {
        case (nil, 0): args = Arguments()
        case (nil, 1): args = Arguments(try eval(nodes[0], input, env))
        case (nil, 2):
            let a0 = try eval(nodes[0], input, env)
            args = Arguments(a0, try eval(nodes[1], input, env))
        case (nil, _):
            let a0 = try eval(nodes[0], input, env)
            let a1 = try eval(nodes[1], input, env)
            args = Arguments(a0, a1, try eval(nodes[2], input, env))
        case (let first?, 0): args = Arguments(first)
        case (let first?, 1): args = Arguments(first, try eval(nodes[0], input, env))
        case (let first?, _):
            let a1 = try eval(nodes[0], input, env)
            args = Arguments(first, a1, try eval(nodes[1], input, env))
        }
        do throws(JSONataError) {
            return try runTrampoline(try applyBuiltin(b, args, input, env), input, env)
        } catch {
            var e = error
            if e.position == nil { e.position = expr.position }
            if e.token == nil { e.token = procNode.procedureName }
            throw e
        }
    }

    @inline(__always)
    private func applyBuiltin(_ b: Builtin, _ args: Arguments, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        if let s = b.signature, !s.acceptsDirectly(args) {
            // The general matcher completes the list (context value, array wrapping).
            let completed = Arguments(try s.validate(args.array, context: input, name: b.name))
            return try invoke(b, completed, input, env)
        }
        // Accepted as they are: passed on without a copy.
        return try invoke(b, args, input, env)
    }

    @inline(__always)
    private func invoke(_ b: Builtin, _ args: borrowing Arguments, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        depth += 1
        defer { depth -= 1 }
        if depth > options.maxDepth { throw JSONataError.make("U1001") }
        return try b.impl(CallContext(evaluator: self, input: input, env: env, name: b.name), copy args)
    }

    /// Applies `proc`, running the trampoline for tail calls.
    func apply(_ proc: JV?, _ args: [JV?], _ input: JV?, _ env: Frame, name: String = "") throws(JSONataError) -> JV? {
        let result = try applyInner(proc, args, input, env, name: name)
        return try runTrampoline(result, input, env)
    }

    /// Calls `f` with the arguments a higher-order function passes for one item (`item`, its index,
    /// the whole array, as many as `f` declares). A lambda without a signature is bound directly,
    /// without an argument array.
    func applyForItem(_ f: JV?, _ item: JV, _ index: Int, _ whole: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        guard case .function(let fn)? = f, case .lambda(let l) = fn.kind, l.signature == nil else {
            return try apply(f, Library.hofArgs(f, item, .number(Double(index)), whole), nil, env)
        }
        let params = l.params
        let frame = Frame(parent: l.env, capacity: params.count)
        for i in params.indices {
            switch i {
            case 0: frame.bind(params[i], item)
            case 1: frame.bind(params[i], .number(Double(index)))
            case 2: frame.bind(params[i], whole)
            default: frame.bind(params[i], nil)
            }
        }
        let result = try eval(l.body, l.input, frame)
        return try runTrampoline(result, nil, env)
    }

    /// Runs tail calls (thunk lambdas) returned by a call until a value results.
    @inline(__always)
    func runTrampoline(_ first: JV?, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var result = first
        while case .function(let f)? = result, case .lambda(let thunk) = f.kind, thunk.thunk {
            let body = thunk.body, lin = thunk.input, lenv = thunk.env
            guard let procNode = body.procedure else { break }
            let next = try eval(procNode, lin, lenv)
            var evaluated: [JV?] = []
            evaluated.reserveCapacity(body.arguments.count)
            for a in body.arguments { evaluated.append(try eval(a, lin, lenv)) }
            do throws(JSONataError) {
                result = try applyInner(next, evaluated, input, env, name: procNode.procedureName)
            } catch {
                var e = error
                if e.position == nil { e.position = body.position }
                if e.token == nil { e.token = procNode.procedureName }
                throw e
            }
        }
        return result
    }

    func applyInner(_ proc: JV?, _ args: [JV?], _ input: JV?, _ env: Frame, name: String) throws(JSONataError) -> JV? {
        guard case .function(let f)? = proc else {
            throw JSONataError.make("T1006", token: name.isEmpty ? nil : name)
        }
        switch f.kind {
        case .lambda(let l):
            var validated = args
            if let signature = l.signature { validated = try signature.validate(args, context: input, name: name) }
            let params = l.params
            let frame = Frame(parent: l.env, capacity: params.count)
            for (i, p) in params.enumerated() { frame.bind(p, i < validated.count ? validated[i] : nil) }
            return try eval(l.body, l.input, frame)
        case .builtin(let b):
            return try applyBuiltin(b, Arguments(args), input, env)
        case .partialBuiltin(let b, let bound):
            var full: [JV?] = []
            var it = args.makeIterator()
            for slot in bound {
                if let v = slot { full.append(v) } else { full.append(it.next() ?? nil) }
            }
            return try b.impl(CallContext(evaluator: self, input: input, env: env, name: b.name), Arguments(full))
        case .regex(let re):
            let arg: JV? = args.first ?? nil
            guard let arg else { return nil }
            guard case .string(let s) = arg else {
                throw JSONataError.make("T0410", token: name, index: 1)
            }
            return try Library.regexMatchObject(self, re, Array(s.unicodeScalars.map(\.value)), from: 0)
        case .closure(_, let impl):
            return try impl(CallContext(evaluator: self, input: input, env: env, name: name), args)
        case .transform(let node, let tenv):
            var validated = args
            validated = try Library.transformSignature.validate(args, context: input, name: name)
            return try applyTransform(node, tenv, validated.first ?? nil)
        }
    }

    func evaluateLambda(_ expr: Node, _ input: JV?, _ env: Frame) -> JV? {
        guard let body = expr.body else { return nil }
        let params = expr.arguments.map(\.value)
        return .function(JFunction(.lambda(Lambda(node: expr, params: params, body: body, input: input, env: env,
                                                  signature: expr.signature, thunk: expr.thunk))))
    }

    func evaluatePartialApplication(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var args: [JV??] = []
        for a in expr.arguments {
            if a.type == .operator && a.value == "?" {
                args.append(nil)
            } else {
                args.append(.some(try eval(a, input, env)))
            }
        }
        guard let procNode = expr.procedure else { return nil }
        let proc = try eval(procNode, input, env)
        if proc == nil, procNode.type == .path, let first = procNode.steps.first, lookup(first.value, env) != nil {
            throw JSONataError.make("T1007", position: expr.position, token: first.value)
        }
        guard case .function(let f)? = proc else {
            throw JSONataError.make("T1008", position: expr.position, token: procNode.procedureName)
        }
        switch f.kind {
        case .lambda(let l):
            let node = l.node, params = l.params, body = l.body, lin = l.input, lenv = l.env
            let frame = Frame(parent: lenv)
            var unbound: [String] = []
            for (i, p) in params.enumerated() {
                if i < args.count, args[i] == nil {
                    unbound.append(p)
                } else {
                    frame.bind(p, i < args.count ? (args[i] ?? nil) : nil)
                }
            }
            return .function(JFunction(.lambda(Lambda(node: node, params: unbound, body: body, input: lin, env: frame,
                                                      signature: nil, thunk: false))))
        case .builtin(let b):
            var slots: [JV??] = []
            for i in 0..<max(b.arity, args.count) {
                slots.append(i < args.count ? args[i] : .some(nil))
            }
            return .function(JFunction(.partialBuiltin(b, args: slots)))
        case .partialBuiltin(let b, let bound):
            var slots: [JV??] = []
            var it = args.makeIterator()
            for s in bound {
                if let v = s { slots.append(v) } else { slots.append(it.next() ?? .some(nil)) }
            }
            return .function(JFunction(.partialBuiltin(b, args: slots)))
        default:
            throw JSONataError.make("T1008", position: expr.position, token: procNode.procedureName)
        }
    }

    func evaluateApply(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        guard let l = expr.lhs, let r = expr.rhs else { return nil }
        let lhs = try eval(l, input, env)
        if r.type == .function {
            let result = try evaluateFunction(r, input, env, applyTo: .some(lhs))
            if r.keepArray, case .array(let a)? = result, a.sequence { a.keepSingleton = true }
            return result
        }
        let fn = try eval(r, input, env)
        guard case .function? = fn else {
            throw JSONataError.make("T2006", position: expr.position, value: fn)
        }
        if case .function? = lhs {
            let chain = try eval(Evaluator.chainAST, nil, env)
            return try apply(chain, [lhs, fn], nil, env)
        }
        return try apply(fn, [lhs], nil, env)
    }

    static let chainAST: Node = {
        (try? Parser.parse("function($f, $g) { function($x){ $g($f($x)) } }"))
            ?? Node(type: .value, position: 0)
    }()
}
