import SluiceJSON

/// The evaluated arguments of one call, with typed accessors that fail the way AWS does.
struct IntrinsicArguments {
    let call: IntrinsicFunctionCall
    let values: [JSONValue]

    var function: IntrinsicFunction { call.function }

    /// AWS's one wording for every invalid argument, wrong count or out-of-range value.
    func failure() -> StatesError {
        StatesError.runtime(
            "There was an error while evaluating the intrinsic function: \(call.rendered). Invalid arguments in \(function.rawValue)"
        )
    }

    func requireCount(_ count: Int) throws(StatesError) {
        guard values.count == count else { throw failure() }
    }

    func requireCount(_ range: ClosedRange<Int>) throws(StatesError) {
        guard range.contains(values.count) else { throw failure() }
    }

    func string(_ i: Int) throws(StatesError) -> String {
        guard i < values.count, case .string(let s) = values[i] else {
            throw failure()
        }
        return s
    }

    func array(_ i: Int) throws(StatesError) -> [JSONValue] {
        guard i < values.count, case .array(let a) = values[i] else {
            throw failure()
        }
        return a
    }

    func object(_ i: Int) throws(StatesError) -> JSONObject {
        guard i < values.count, case .object(let o) = values[i] else {
            throw failure()
        }
        return o
    }

    func number(_ i: Int) throws(StatesError) -> JSONNumber {
        guard i < values.count, case .number(let n) = values[i] else {
            throw failure()
        }
        return n
    }

    /// An integer argument the way AWS reads it: fractions are cut toward zero (Java's `intValue`),
    /// and the value must fit a Java `int`.
    func truncated(_ i: Int) throws(StatesError) -> Int {
        let n = try number(i)
        if let v = n.int64Value, Int64(Int32.min)...Int64(Int32.max) ~= v { return Int(v) }
        let d = n.doubleValue.rounded(.towardZero)
        guard d.isFinite, d >= Double(Int32.min), d <= Double(Int32.max) else { throw failure() }
        return Int(d)
    }

    /// A number rounded half up to an integer, as Java's `Math.round` does (`States.MathAdd`).
    func rounded(_ i: Int) throws(StatesError) -> Int {
        let n = try number(i)
        if let v = n.int64Value, n.isIntegerLiteral { return try inInt32(Int(v)) }
        let d = (n.doubleValue + 0.5).rounded(.down)
        guard d.isFinite, d >= -9.0e18, d <= 9.0e18 else { throw failure() }
        return try inInt32(Int(d))
    }

    func inInt32(_ v: Int) throws(StatesError) -> Int {
        guard Int(Int32.min)...Int(Int32.max) ~= v else { throw failure() }
        return v
    }
}
