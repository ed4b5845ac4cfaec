/// A DynamoDB number: an exact decimal of at most 38 significant digits with a magnitude between
/// 1E-130 and 9.99…E+125, kept as digits and an exponent (never as a binary float).
///
/// The value is `±digits × 10^exponent` where `digits` has no leading or trailing zeros; zero has
/// no digits. Texts are normalised as DynamoDB does: `"01.50"`, `"1.5e0"` and `"+1.5"` are all `1.5`.
public struct DynamoNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whether the number is below zero (never true for zero).
    public let isNegative: Bool
    /// Significant digits, each 0…9, most significant first; no leading or trailing zeros.
    public let digits: [UInt8]
    /// The power of ten of the last digit.
    public let exponent: Int

    public static let maxDigits = 38
    public static let zero = DynamoNumber(uncheckedNegative: false, digits: [], exponent: 0)

    init(uncheckedNegative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = uncheckedNegative && !digits.isEmpty
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    /// Builds a number from raw digits (leading/trailing zeros allowed), checking DynamoDB's limits.
    init(negative: Bool, rawDigits: [UInt8], exponent: Int) throws(ExpressionError) {
        var start = 0
        while start < rawDigits.count, rawDigits[start] == 0 { start += 1 }
        var end = rawDigits.count
        var exponent = exponent
        while end > start, rawDigits[end - 1] == 0 {
            end -= 1
            exponent += 1
        }
        let digits = Array(rawDigits[start..<end])
        if digits.isEmpty {
            self = .zero
            return
        }
        if digits.count > Self.maxDigits {
            throw ExpressionError("Attempting to store more than 38 significant digits in a Number")
        }
        let magnitude = exponent + digits.count - 1
        if magnitude > 125 {
            throw ExpressionError("Number overflow. Attempting to store a number with magnitude larger than supported range")
        }
        if magnitude < -130 {
            throw ExpressionError("Number underflow. Attempting to store a number with magnitude smaller than supported range")
        }
        self.init(uncheckedNegative: negative, digits: digits, exponent: exponent)
    }

    /// Parses DynamoDB's number text: `[+-]digits[.digits][(e|E)[+-]digits]`.
    public init(parsing text: String) throws(ExpressionError) {
        let invalid = ExpressionError("A value provided cannot be converted into a number")
        var bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty else { throw invalid }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var raw: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var seenDigit = false
        while let c = bytes.first {
            if c >= 0x30 && c <= 0x39 {
                raw.append(c - 0x30)
                if seenPoint { fractionDigits += 1 }
                seenDigit = true
            } else if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        guard seenDigit else { throw invalid }
        var exponent = 0
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var expNegative = false
            if let s = bytes.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
                expNegative = s == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty else { throw invalid }
            while let d = bytes.first, d >= 0x30 && d <= 0x39 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(d - 0x30) }
                bytes = bytes.dropFirst()
            }
            if expNegative { exponent = -exponent }
        }
        guard bytes.isEmpty else { throw invalid }
        // Huge digit strings: only the significant part matters for the limit checks.
        try self.init(negative: negative, rawDigits: raw, exponent: exponent - fractionDigits)
    }

    public var isZero: Bool { digits.isEmpty }

    /// The power of ten of the most significant digit.
    var magnitude: Int { exponent + digits.count - 1 }

    /// Plain decimal text, as DynamoDB answers (`100`, `0.001`, `-1.5`).
    public var description: String {
        if digits.isEmpty { return "0" }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count + 4)
        if isNegative { out.append(UInt8(ascii: "-")) }
        if exponent >= 0 {
            for d in digits { out.append(d + 0x30) }
            for _ in 0..<exponent { out.append(0x30) }
        } else {
            let intCount = digits.count + exponent
            if intCount <= 0 {
                out.append(0x30)
                out.append(UInt8(ascii: "."))
                for _ in 0..<(-intCount) { out.append(0x30) }
                for d in digits { out.append(d + 0x30) }
            } else {
                for d in digits[..<intCount] { out.append(d + 0x30) }
                out.append(UInt8(ascii: "."))
                for d in digits[intCount...] { out.append(d + 0x30) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (lhs: DynamoNumber, rhs: DynamoNumber) -> Bool { compare(lhs, rhs) < 0 }

    /// -1, 0 or 1.
    public static func compare(_ a: DynamoNumber, _ b: DynamoNumber) -> Int {
        let signA = a.isZero ? 0 : (a.isNegative ? -1 : 1)
        let signB = b.isZero ? 0 : (b.isNegative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        if signA == 0 { return 0 }
        let m = compareMagnitude(a, b)
        return signA < 0 ? -m : m
    }

    static func compareMagnitude(_ a: DynamoNumber, _ b: DynamoNumber) -> Int {
        if a.magnitude != b.magnitude { return a.magnitude < b.magnitude ? -1 : 1 }
        let n = min(a.digits.count, b.digits.count)
        for i in 0..<n where a.digits[i] != b.digits[i] {
            return a.digits[i] < b.digits[i] ? -1 : 1
        }
        if a.digits.count == b.digits.count { return 0 }
        return a.digits.count < b.digits.count ? -1 : 1
    }

    // MARK: Arithmetic (SET a = a + :n, ADD)

    public func adding(_ other: DynamoNumber) throws(ExpressionError) -> DynamoNumber {
        if isZero { return other }
        if other.isZero { return self }
        let low = min(exponent, other.exponent)
        let a = aligned(to: low)
        let b = other.aligned(to: low)
        if isNegative == other.isNegative {
            return try DynamoNumber(negative: isNegative, rawDigits: Self.add(a, b), exponent: low)
        }
        let cmp = Self.compareMagnitude(self, other)
        if cmp == 0 { return .zero }
        if cmp > 0 {
            return try DynamoNumber(negative: isNegative, rawDigits: Self.subtract(a, b), exponent: low)
        }
        return try DynamoNumber(negative: other.isNegative, rawDigits: Self.subtract(b, a), exponent: low)
    }

    public func subtracting(_ other: DynamoNumber) throws(ExpressionError) -> DynamoNumber {
        try adding(other.negated)
    }

    public var negated: DynamoNumber {
        DynamoNumber(uncheckedNegative: !isNegative, digits: digits, exponent: exponent)
    }

    /// The digits with zeros appended so the last one is at `low` (≤ exponent).
    private func aligned(to low: Int) -> [UInt8] {
        digits + [UInt8](repeating: 0, count: exponent - low)
    }

    /// Sum of two digit strings (most significant first).
    private static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: max(a.count, b.count) + 1)
        var carry: UInt8 = 0
        var i = a.count - 1, j = b.count - 1, k = result.count - 1
        while k >= 0 {
            var sum = carry
            if i >= 0 { sum += a[i] }
            if j >= 0 { sum += b[j] }
            result[k] = sum % 10
            carry = sum / 10
            i -= 1
            j -= 1
            k -= 1
        }
        return result
    }

    /// `a − b` for digit strings with a ≥ b.
    private static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = a
        var borrow: Int = 0
        var i = a.count - 1, j = b.count - 1
        while i >= 0 {
            var d = Int(a[i]) - borrow - (j >= 0 ? Int(b[j]) : 0)
            if d < 0 {
                d += 10
                borrow = 1
            } else {
                borrow = 0
            }
            result[i] = UInt8(d)
            i -= 1
            j -= 1
        }
        return result
    }

    /// Bytes whose bytewise order is the numeric order (for sort keys in an index).
    public var sortableBytes: [UInt8] {
        if isZero { return [0x80] }
        let biased = UInt16(clamping: magnitude + 1000)
        if !isNegative {
            var out: [UInt8] = [0x81, UInt8(biased >> 8), UInt8(biased & 0xFF)]
            for d in digits { out.append(d + 1) }
            return out
        }
        let inverted = ~biased
        var out: [UInt8] = [0x7F, UInt8(inverted >> 8), UInt8(inverted & 0xFF)]
        for d in digits { out.append(0xFE - d) }
        out.append(0xFF)
        return out
    }
}
