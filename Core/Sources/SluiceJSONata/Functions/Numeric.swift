/// Numeric functions: `$number`, `$abs`, `$floor`, `$ceil`, `$round`, `$power`, `$sqrt`,
/// `$random`, and the aggregations `$sum`, `$max`, `$min`, `$average`.
extension Library {
    static let numericFunctions: [Builtin] = [
        Builtin("number", "<(nsb)-:n>", arity: 1) { _, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            switch v {
            case .number: return v
            case .bool(let b): return .number(b ? 1 : 0)
            case .string(let s):
                if let d = parseJSONNumber(s) { return .number(d) }
                if let d = parseRadixLiteral(s) { return .number(d) }
                throw JSONataError.make("D3030", value: v)
            default:
                throw JSONataError.make("D3030", value: v)
            }
        },
        Builtin("abs", "<n-:n>", arity: 1) { _, a in num(a, 0).map { .number($0.magnitude) } },
        Builtin("floor", "<n-:n>", arity: 1) { _, a in num(a, 0).map { .number(normalizeZero($0.rounded(.down))) } },
        Builtin("ceil", "<n-:n>", arity: 1) { _, a in num(a, 0).map { .number(normalizeZero($0.rounded(.up))) } },
        Builtin("round", "<n-n?:n>", arity: 2) { _, a in
            guard let x = num(a, 0) else { return nil }
            return .number(round(x, clampedInt(num(a, 1) ?? 0, limit: 400)))
        },
        Builtin("power", "<n-n:n>", arity: 2) { _, a throws(JSONataError) in
            guard let b = num(a, 0), let e = num(a, 1) else { return nil }
            let r = jsPow(b, e)
            if !r.isFinite { throw JSONataError.make("D3061", value: .number(b), value2: .number(e)) }
            return .number(r)
        },
        Builtin("sqrt", "<n-:n>", arity: 1) { _, a throws(JSONataError) in
            guard let x = num(a, 0) else { return nil }
            if x < 0 { throw JSONataError.make("D3060", value: .number(x)) }
            return .number(x.squareRoot())
        },
        Builtin("random", "<:n>", arity: 0) { ctx, _ in
            .number(ctx.evaluator.rng.nextDouble())
        },
        Builtin("sum", "<a<n>:n>", arity: 1) { _, a in
            guard let v = arg(a, 0) else { return nil }
            var total = 0.0
            for x in items(v) { if case .number(let d) = x { total += d } }
            return .number(total)
        },
        Builtin("max", "<a<n>:n>", arity: 1) { _, a in
            let xs = items(arg(a, 0)).compactMap(\.numberValue)
            guard var m = xs.first else { return nil }
            for x in xs where x > m || x.isNaN { m = x }
            return .number(m)
        },
        Builtin("min", "<a<n>:n>", arity: 1) { _, a in
            let xs = items(arg(a, 0)).compactMap(\.numberValue)
            guard var m = xs.first else { return nil }
            for x in xs where x < m || x.isNaN { m = x }
            return .number(m)
        },
        Builtin("average", "<a<n>:n>", arity: 1) { _, a in
            let xs = items(arg(a, 0)).compactMap(\.numberValue)
            guard !xs.isEmpty else { return nil }
            return .number(xs.reduce(0, +) / Double(xs.count))
        },
    ]

    static func normalizeZero(_ d: Double) -> Double { d == 0 ? 0 : d }

    /// JavaScript `Math.pow` (differs from C `pow` for a base of ±1 and an infinite exponent).
    static func jsPow(_ b: Double, _ e: Double) -> Double {
        if e.isNaN { return .nan }
        if e == 0 { return 1 }
        if b.magnitude == 1 && e.isInfinite { return .nan }
        return pow10Free(b, e)
    }

    /// `pow` without Foundation: exact for integral exponents, `exp(log)` otherwise.
    static func pow10Free(_ b: Double, _ e: Double) -> Double {
        if e == e.rounded(), e.magnitude < 1_000_000_000 {
            var result = 1.0
            var base = b
            var n = Int64(e.magnitude)
            while n > 0 {
                if n & 1 == 1 { result *= base }
                base *= base
                n >>= 1
            }
            return e < 0 ? 1 / result : result
        }
        if (e * 2) == (e * 2).rounded(), b >= 0, (e * 2).magnitude < 1_000_000_000 {
            return pow10Free(b, e * 2).squareRoot()
        }
        return MathShim.pow(b, e)
    }

    /// JSONata's banker's rounding to `precision` decimal places.
    static func round(_ x: Double, _ precision: Int) -> Double {
        var arg = x
        if precision != 0 {
            arg = shiftDecimal(arg, precision)
        }
        var result = jsMathRound(arg)
        let diff = result - arg
        if diff.magnitude == 0.5 && result.truncatingRemainder(dividingBy: 2).magnitude == 1 {
            result -= 1
        }
        if precision != 0 {
            result = shiftDecimal(result, -precision)
        }
        return normalizeZero(result)
    }

    /// `+(mantissa + 'e' + (exponent + shift))` on the JavaScript string form of `x`.
    static func shiftDecimal(_ x: Double, _ shift: Int) -> Double {
        let s = Stringify.number(x)
        if let e = s.firstIndex(of: "e") {
            let mant = s[s.startIndex..<e]
            let exp = Int(s[s.index(after: e)...].replacingPlus()) ?? 0
            return Double("\(mant)e\(exp + shift)") ?? x
        }
        return Double("\(s)e\(shift)") ?? x
    }

    static func jsMathRound(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        let f = x.rounded(.down)
        return x - f >= 0.5 ? f + 1 : f
    }

    /// Parses the JSON number grammar (what `$number` accepts from strings).
    static func parseJSONNumber(_ s: String) -> Double? {
        let u = Array(s.utf8)
        var i = 0
        func digit(_ k: Int) -> Bool { k < u.count && u[k] >= 48 && u[k] <= 57 }
        if i < u.count && u[i] == 45 { i += 1 }
        guard digit(i) else { return nil }
        while digit(i) { i += 1 }
        if i < u.count && u[i] == 46 {
            i += 1
            guard digit(i) else { return nil }
            while digit(i) { i += 1 }
        }
        if i < u.count && (u[i] == 101 || u[i] == 69) {
            i += 1
            if i < u.count && (u[i] == 43 || u[i] == 45) { i += 1 }
            guard digit(i) else { return nil }
            while digit(i) { i += 1 }
        }
        guard i == u.count, let d = Double(s), d.isFinite else { return nil }
        return d
    }

    /// `0x…`, `0o…`, `0b…` literals.
    static func parseRadixLiteral(_ s: String) -> Double? {
        let u = Array(s.utf8)
        guard u.count > 2, u[0] == 48 else { return nil }
        let radix: Int
        switch u[1] {
        case 120, 88: radix = 16
        case 111, 79: radix = 8
        case 98, 66: radix = 2
        default: return nil
        }
        var v = 0.0
        for c in u[2...] {
            let d: Int
            switch c {
            case 48...57: d = Int(c) - 48
            case 97...102: d = Int(c) - 87
            case 65...70: d = Int(c) - 55
            default: return nil
            }
            guard d < radix else { return nil }
            v = v * Double(radix) + Double(d)
        }
        return v
    }
}

extension Substring {
    func replacingPlus() -> Substring { first == "+" ? dropFirst() : self }
}
