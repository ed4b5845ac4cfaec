/// Array functions: `$count`, `$append`, `$sort`, `$reverse`, `$shuffle`, `$distinct`, `$zip`.
extension Library {
    static let arrayFunctions: [Builtin] = [
        Builtin("count", "<a:n>", arity: 1) { _, a in
            guard let v = arg(a, 0) else { return .number(0) }
            return .number(Double(items(v).count))
        },
        Builtin("append", "<xx:a>", arity: 2) { _, a throws(JSONataError) in
            if items(arg(a, 0)).count + items(arg(a, 1)).count > maxArrayItems { throw tooLarge() }
            return append(arg(a, 0), arg(a, 1))
        },
        Builtin("sort", "<af?:a>", arity: 2) { ctx, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            guard case .array(let arr) = v, arr.items.count > 1 else { return v }
            if let comparator = arg(a, 1) {
                let sorted = try Evaluator.mergeSort(arr.items) { (x: JV, y: JV) throws(JSONataError) -> Bool in
                    jsTruthy(try ctx.evaluator.apply(comparator, [x, y], nil, ctx.env))
                }
                return .array(JArray(sorted))
            }
            if isArrayOfNumbers(v) {
                return .array(JArray(try Evaluator.mergeSort(arr.items) { (x: JV, y: JV) -> Bool in
                    (x.numberValue ?? 0) > (y.numberValue ?? 0)
                }))
            }
            if isArrayOfStrings(v) {
                return .array(JArray(try Evaluator.mergeSort(arr.items) { (x: JV, y: JV) -> Bool in
                    Evaluator.compareStrings(x.stringValue ?? "", y.stringValue ?? "") > 0
                }))
            }
            throw JSONataError.make("D3070")
        },
        Builtin("reverse", "<a:a>", arity: 1) { _, a in
            guard let v = arg(a, 0) else { return nil }
            guard case .array(let arr) = v, arr.items.count > 1 else { return v }
            return .array(JArray(arr.items.reversed()))
        },
        Builtin("shuffle", "<a:a>", arity: 1) { ctx, a in
            guard let v = arg(a, 0) else { return nil }
            guard case .array(let arr) = v, arr.items.count > 1 else { return v }
            var out = arr.items
            var i = out.count - 1
            while i > 0 {
                let j = Int(ctx.evaluator.rng.next() % UInt64(i + 1))
                out.swapAt(i, j)
                i -= 1
            }
            return .array(JArray(out))
        },
        Builtin("distinct", "<x:x>", arity: 1) { _, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            guard case .array(let arr) = v, arr.items.count > 1 else { return v }
            let result = arr.sequence ? JArray.sequence() : JArray()
            for item in arr.items {
                var seen = false
                for r in result.items {
                    if try Evaluator.deepEqual(r, item) {
                        seen = true
                        break
                    }
                }
                if !seen { result.items.append(item) }
            }
            return .array(result)
        },
        Builtin("zip", "<a+>", arity: 0) { _, a in
            let arrays = a.array.map { items($0) }
            guard let minLen = arrays.map(\.count).min() else { return .array(JArray()) }
            var out: [JV] = []
            for i in 0..<minLen {
                out.append(.array(JArray(arrays.map { $0[i] })))
            }
            return .array(JArray(out))
        },
    ]
}
