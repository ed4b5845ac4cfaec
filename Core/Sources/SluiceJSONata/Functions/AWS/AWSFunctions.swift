import SluiceDigest
import SluiceJSON

/// The functions AWS Step Functions adds to JSONata: `$partition`, `$range`, `$hash`, seeded
/// `$random`, `$uuid` and `$parse` (enabled with `JSONataOptions.awsFunctions`).
extension Library {
    static let awsFunctions: [Builtin] = [
        Builtin("partition", "<an:a>", arity: 2) { ctx, a throws(JSONataError) in
            guard let v = arg(a, 0) else { return nil }
            let items = items(v)
            guard let size = num(a, 1), size >= 1, size == size.rounded(), let n = Int(exactly: size) else {
                throw JSONataError.make("T0410", token: ctx.name, value: arg(a, 1), index: 2)
            }
            var out: [JV] = []
            var i = 0
            while i < items.count {
                let end = items.count - i <= n ? items.count : i + n
                out.append(.array(JArray(Array(items[i..<end]))))
                i = end
            }
            return .array(JArray(out))
        },
        Builtin("range", "<nnn?:a<n>>", arity: 3) { ctx, a throws(JSONataError) in
            guard let start = num(a, 0), let end = num(a, 1) else { return nil }
            let step = num(a, 2) ?? 1
            let result = JArray.sequence()
            if step == 0 { return .array(result) }
            var v = start
            var count = 0
            while step > 0 ? v <= end : v >= end {
                count += 1
                if count > 10_000_000 { throw JSONataError.make("D2014", value: .number(Double(count))) }
                result.items.append(.number(v))
                v += step
            }
            return .array(result)
        },
        Builtin("hash", "<ss?:s>", arity: 2) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            let algorithm = str(a, 1) ?? "SHA-256"
            let bytes = Array(s.utf8)
            let digest: [UInt8]
            switch algorithm {
            case "MD5": digest = Digest.md5(bytes)
            case "SHA-1": digest = Digest.sha1(bytes)
            case "SHA-256": digest = Digest.sha256(bytes)
            case "SHA-384": digest = Digest.sha384(bytes)
            case "SHA-512": digest = Digest.sha512(bytes)
            default:
                throw JSONataError(code: "D3137", message: "Unsupported hash algorithm: \(algorithm). Supported algorithms: MD5, SHA-1, SHA-256, SHA-384, SHA-512",
                                   token: ctx.name)
            }
            return .string(Digest.hex(digest))
        },
        Builtin("random", "<n?:n>", arity: 1) { ctx, a in
            if let seed = num(a, 0) {
                var g = SplitMix64(seed: UInt64(bitPattern: Int64(exactly: seed.rounded(.towardZero)) ?? 0))
                return .number(g.nextDouble())
            }
            return .number(ctx.evaluator.rng.nextDouble())
        },
        Builtin("uuid", "<:s>", arity: 0) { ctx, _ in
            var bytes: [UInt8] = []
            for _ in 0..<2 {
                let r = ctx.evaluator.rng.next()
                for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: r >> (8 * UInt64(i)))) }
            }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            let h = Digest.hex(bytes)
            let c = Array(h)
            return .string(String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-"
                           + String(c[16..<20]) + "-" + String(c[20..<32]))
        },
        Builtin("parse", "<s-:j>", arity: 1) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            do throws(JSONParseError) {
                let v = try JSONValue(parsing: s)
                return Convert.toJV(v)
            } catch {
                throw JSONataError(code: "D3137", message: "Unable to parse JSON: \(error.description)", token: ctx.name)
            }
        },
    ]
}
