/// Date/time functions: `$now`, `$millis`, `$fromMillis`, `$toMillis`, `$formatInteger`,
/// `$parseInteger`, implementing XPath picture strings as JSONata does.
extension Library {
    static let dateTimeFunctions: [Builtin] = [
        Builtin("now", "<s?s?:s>", arity: 2) { ctx, a throws(JSONataError) in
            .string(try DateTimeFormat.format(millis: ctx.evaluator.timestamp, picture: str(a, 0), timezone: str(a, 1)))
        },
        Builtin("millis", "<:n>", arity: 0) { ctx, _ in .number(ctx.evaluator.timestamp) },
        Builtin("fromMillis", "<n-s?s?:s>", arity: 3) { _, a throws(JSONataError) in
            guard let ms = num(a, 0) else { return nil }
            return .string(try DateTimeFormat.format(millis: ms, picture: str(a, 1), timezone: str(a, 2)))
        },
        Builtin("toMillis", "<s-s?:n>", arity: 2) { ctx, a throws(JSONataError) in
            guard let ts = str(a, 0) else { return nil }
            if let picture = str(a, 1) {
                return try DateTimeFormat.parse(ts, picture: picture, now: ctx.evaluator.timestamp).map { .number($0) }
            }
            guard let ms = DateTimeFormat.parseISO(ts) else {
                throw JSONataError.make("D3110", value: .string(ts))
            }
            return ms.isNaN ? nil : .number(ms)
        },
        Builtin("formatInteger", "<n-s:s>", arity: 2) { _, a throws(JSONataError) in
            guard let v = num(a, 0) else { return nil }
            let format = try IntegerFormat(picture: str(a, 1) ?? "")
            return .string(try format.format(v.rounded(.down)))
        },
        Builtin("parseInteger", "<s-s:n>", arity: 2) { _, a throws(JSONataError) in
            guard let v = str(a, 0) else { return nil }
            let format = try IntegerFormat(picture: str(a, 1) ?? "")
            return try format.parse(v).map { .number($0) }
        },
    ]
}
