import SluiceJSON

/// The evaluated arguments of one call, with typed accessors that fail the way AWS does.
struct IntrinsicArguments {
    let function: IntrinsicFunction
    let values: [JSONValue]

    func failure(_ detail: String) -> StatesError {
        StatesError.intrinsicFailure("Invalid arguments in \(function.rawValue): \(detail)")
    }

    func requireCount(_ count: Int) throws(StatesError) {
        guard values.count == count else {
            throw failure("expected \(count) argument\(count == 1 ? "" : "s") but got \(values.count)")
        }
    }

    func requireCount(_ range: ClosedRange<Int>) throws(StatesError) {
        guard range.contains(values.count) else {
            throw failure(
                "expected \(range.lowerBound) to \(range.upperBound) arguments but got \(values.count)")
        }
    }

    func string(_ i: Int) throws(StatesError) -> String {
        guard i < values.count, case .string(let s) = values[i] else {
            throw failure("argument \(i + 1) must be a string")
        }
        return s
    }

    func array(_ i: Int) throws(StatesError) -> [JSONValue] {
        guard i < values.count, case .array(let a) = values[i] else {
            throw failure("argument \(i + 1) must be an array")
        }
        return a
    }

    func object(_ i: Int) throws(StatesError) -> JSONObject {
        guard i < values.count, case .object(let o) = values[i] else {
            throw failure("argument \(i + 1) must be a JSON object")
        }
        return o
    }

    func bool(_ i: Int) throws(StatesError) -> Bool {
        guard i < values.count, case .bool(let b) = values[i] else {
            throw failure("argument \(i + 1) must be a boolean")
        }
        return b
    }

    func number(_ i: Int) throws(StatesError) -> JSONNumber {
        guard i < values.count, case .number(let n) = values[i] else {
            throw failure("argument \(i + 1) must be a number")
        }
        return n
    }

    /// An integer argument; `1.0` counts as an integer, `1.5` does not.
    func integer(_ i: Int) throws(StatesError) -> Int {
        let n = try number(i)
        guard let v = n.intValue else { throw failure("argument \(i + 1) must be an integer") }
        return v
    }

    /// A number rounded half up to an integer, as Java's `Math.round` does.
    func rounded(_ i: Int) throws(StatesError) -> Int {
        let n = try number(i)
        if let v = n.intValue { return v }
        let d = (n.doubleValue + 0.5).rounded(.down)
        guard d.isFinite, d >= -9.0e18, d <= 9.0e18 else { throw failure("argument \(i + 1) is out of range") }
        return Int(d)
    }
}
