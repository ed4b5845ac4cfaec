/// A JSON number that remembers whether it was written as an integer.
///
/// Integers that fit in 64 bits are kept exactly; larger integer literals keep their digits; every
/// other number is a `Double`. Two numbers are equal when their numeric values are equal (`1 == 1.0`).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline
    enum Storage: Sendable {
        case int(Int64)
        case double(Double)
        /// An integer literal too large for `Int64`, with its digits (and sign) as written.
        case bigInteger(String)
    }

    @usableFromInline let storage: Storage

    @inlinable public init(_ value: Int) { storage = .int(Int64(value)) }
    @inlinable public init(_ value: Int64) { storage = .int(value) }
    @inlinable public init(_ value: Double) { storage = .double(value) }

    /// A computed number the way JSONata results reach AWS's output: an integral value in `Int64`
    /// range becomes an integer (written `7`, not `7.0`), anything else stays a double.
    ///
    /// Evidence: `cases/outputdecl.test_output.test_base_cases[BASE_EXPR]` writes
    /// `$sum([1,2,3]) + 1` as `7`; `evaluate_jsonata…test_base_map[ITEMS]` writes `$number("2")` as
    /// the raw text `2`; `test_parse.e0` writes `$parse("-0")` as `0`.
    public init(normalizing value: Double) {
        if value.isFinite, value.rounded(.towardZero) == value, value >= -9.223372036854775808e18,
            value < 9.223372036854775808e18
        {
            storage = .int(Int64(value))
        } else {
            storage = .double(value)
        }
    }

    /// An integer literal of any size (digits with an optional leading `-`).
    public init(integerDigits: String) {
        if let v = Int64(integerDigits) { storage = .int(v) } else { storage = .bigInteger(integerDigits) }
    }

    /// Whether the number was an integer literal (or constructed from an integer).
    @inlinable
    public var isIntegerLiteral: Bool {
        switch storage {
        case .int, .bigInteger: true
        case .double: false
        }
    }

    /// Whether the value is integral (`3` and `3.0` both are).
    public var isIntegral: Bool {
        switch storage {
        case .int, .bigInteger: true
        case .double(let d): d.isFinite && d.rounded(.towardZero) == d
        }
    }

    /// The value as `Int64` when it is integral and in range.
    public var int64Value: Int64? {
        switch storage {
        case .int(let v): return v
        case .bigInteger: return nil
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18
            else { return nil }
            return Int64(d)
        }
    }

    /// The value as `Int` when it is integral and in range.
    public var intValue: Int? { int64Value.map { Int($0) } }

    /// The value as a `Double` (possibly rounded).
    public var doubleValue: Double {
        switch storage {
        case .int(let v): Double(v)
        case .double(let d): d
        case .bigInteger(let s): Double(s) ?? .nan
        }
    }

    /// The number as AWS prints it (Jackson / Java `Double.toString`; see `JSONNumberFormatting`):
    /// integers with all their digits, doubles shortest with a point (`1.0`, `0.30000000000000004`,
    /// `1.0E21`, `1.0E-4`).
    public var description: String {
        var out: [UInt8] = []
        appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the number's JSON text, as AWS writes it, to `out`.
    public func appendJSON(to out: inout [UInt8]) { write(to: &out) }

    @inline(__always)
    func write<Sink: ByteSink>(to out: inout Sink) {
        switch storage {
        case .int(let v): JSONNumberFormatting.appendInteger(v, to: &out)
        case .bigInteger(let s):
            var s = s
            s.withUTF8 { out.append(bytes: $0) }
        case .double(let d): JSONNumberFormatting.appendDouble(d, to: &out)
        }
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): a == b
        case (.bigInteger(let a), .bigInteger(let b)): a == b
        default: lhs.doubleValue == rhs.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        if let i = int64Value { hasher.combine(i) } else { hasher.combine(doubleValue) }
    }
}

extension JSONNumber: Comparable {
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage { return a < b }
        return lhs.doubleValue < rhs.doubleValue
    }
}

