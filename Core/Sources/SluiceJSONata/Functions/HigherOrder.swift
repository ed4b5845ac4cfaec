/// Higher-order functions: `$map`, `$filter`, `$single`, `$reduce`, and `$eval`.
extension Library {
    static let higherOrderFunctions: [Builtin] = [
        Builtin("map", "<af>", arity: 2) { ctx, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let arr = items(v)
            let result = JArray.sequence()
            for (i, item) in arr.enumerated() {
                if let r = try ctx.evaluator.applyForItem(f, item, i, v, ctx.env) {
                    result.items.append(r)
                }
            }
            return .array(result)
        },
        Builtin("filter", "<af>", arity: 2) { ctx, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let arr = items(v)
            let result = JArray.sequence()
            for (i, item) in arr.enumerated() {
                let r = try ctx.evaluator.applyForItem(f, item, i, v, ctx.env)
                if Evaluator.boolean(r) { result.items.append(item) }
            }
            return .array(result)
        },
        Builtin("single", "<af?>", arity: 2) { ctx, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let arr = items(v)
            var found = false
            var result: JV? = nil
            for (i, item) in arr.enumerated() {
                var positive = true
                if f != nil {
                    let r = try ctx.evaluator.applyForItem(f, item, i, v, ctx.env)
                    positive = Evaluator.boolean(r)
                }
                if positive {
                    if found { throw JSONataError.make("D3138") }
                    result = item
                    found = true
                }
            }
            if !found { throw JSONataError.make("D3139") }
            return result
        },
        Builtin("reduce", "<afj?:j>", arity: 3) { ctx, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let f = arg(a, 1)
            let arity = f?.functionValue?.arity ?? 0
            if arity < 2 { throw JSONataError.make("D3050") }
            let arr = items(v)
            var result: JV?
            var index: Int
            if arg(a, 2) == nil && !arr.isEmpty {
                result = arr[0]
                index = 1
            } else {
                result = arg(a, 2)
                index = 0
            }
            while index < arr.count {
                var args: [JV?] = [result, arr[index]]
                if arity >= 3 { args.append(.number(Double(index))) }
                if arity >= 4 { args.append(v) }
                result = try ctx.evaluator.apply(f, args, nil, ctx.env)
                index += 1
            }
            return result
        },
        Builtin("eval", "<sx?:x>", arity: 2) { ctx, a throws(JSONataError) in
            guard let text = str(a, 0) else { return nil }
            var input = ctx.input
            if let focus = arg(a, 1) {
                input = focus
                if case .array(let arr) = focus, !arr.sequence {
                    let w = JArray.sequence([focus])
                    w.outerWrapper = true
                    input = .array(w)
                }
            }
            let ast: Node
            do throws(JSONataError) {
                ast = try Parser.parse(text)
            } catch {
                throw JSONataError.make("D3120", value: .string(error.message))
            }
            do throws(JSONataError) {
                return try ctx.evaluator.eval(ast, input, ctx.env)
            } catch {
                throw JSONataError.make("D3121", value: .string(error.message))
            }
        },
    ]
}
