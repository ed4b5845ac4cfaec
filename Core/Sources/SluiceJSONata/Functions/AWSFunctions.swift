import SluiceJSON

/// The functions AWS Step Functions adds to JSONata: `$partition`, `$range`, `$random` (with an
/// optional seed), `$uuid`, `$parse`, and `$hash` when the host supplies it
/// (`JSONataOptions.hostFunctions`).
extension Library {
    static let awsFunctions: [Builtin] = [
        Builtin("partition", "<an:a>", arity: 2) { _, a throws(JSONataError) in
            guard let size = num(a, 1) else { return nil }
            let values = items(arg(a, 0))
            guard size >= 1, size == size.rounded(.towardZero), size <= 1e9 else {
                throw JSONataError(code: "D3141", message: "The chunk size argument of $partition must be a positive integer")
            }
            let chunk = Int(size)
            var out: [JV] = []
            out.reserveCapacity(values.count / chunk + 1)
            var i = 0
            while i < values.count {
                out.append(.array(JArray(Array(values[i..<min(i + chunk, values.count)]))))
                i += chunk
            }
            return .array(JArray(out))
        },
        Builtin("range", "<nnn:a>", arity: 3) { _, a throws(JSONataError) in
            guard let start = num(a, 0), let end = num(a, 1), let step = num(a, 2) else { return nil }
            guard start == start.rounded(.towardZero), end == end.rounded(.towardZero),
                step == step.rounded(.towardZero), step != 0, start.magnitude < 1e15, end.magnitude < 1e15,
                step.magnitude < 1e15
            else {
                throw JSONataError(code: "D3141", message: "The arguments of $range must be integers and the step must not be 0")
            }
            let count = step > 0 ? (end >= start ? Int((end - start) / step) + 1 : 0)
                : (end <= start ? Int((start - end) / -step) + 1 : 0)
            if count > 1_000_000 { throw JSONataError.make("D2014", value: .number(Double(count))) }
            var out: [JV] = []
            out.reserveCapacity(count)
            var x = start
            for _ in 0..<count {
                out.append(.number(x))
                x += step
            }
            return .array(JArray.sequence(out))
        },
        Builtin("random", "<n?:n>", arity: 1) { ctx, a in
            if let seed = num(a, 0), seed.isFinite {
                var seeded = SplitMix64(seed: UInt64(bitPattern: Int64(seed.rounded(.towardZero).clamped(to: -9e18...9e18))))
                return .number(seeded.nextDouble())
            }
            return .number(ctx.evaluator.rng.nextDouble())
        },
        Builtin("uuid", "<:s>", arity: 0) { ctx, _ in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16)
            for _ in 0..<2 {
                let word = ctx.evaluator.rng.next()
                for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
            }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let hex: [Character] = Array("0123456789abcdef")
            var text = ""
            for (i, b) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 { text.append("-") }
                text.append(hex[Int(b >> 4)])
                text.append(hex[Int(b & 0x0F)])
            }
            return .string(text)
        },
        Builtin("parse", "<s:x>", arity: 1) { _, a throws(JSONataError) in
            guard let text = str(a, 0) else { return nil }
            let value: JSONValue
            do {
                value = try JSONValue(parsing: text)
            } catch {
                throw JSONataError(code: "D3141", message: "The argument of $parse is not valid JSON: \(text)")
            }
            return Convert.toJV(value)
        },
    ]
}

private extension Double {
    func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
