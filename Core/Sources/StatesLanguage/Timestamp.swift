/// An instant as the States Language writes it: an ISO-8601 extended offset date-time such as
/// `2016-03-14T01:59:00Z`, `2016-03-05T21:29:29.243167252Z` or `2016-03-14T01:59:00+02:00`.
///
/// AWS's run-time message names the format it parses with ("ISO-8601 extended offset date-time
/// format string"), Java's `ISO_OFFSET_DATE_TIME`; definitions are checked against RFC 3339.
///
/// Keeps nanosecond precision so that comparisons of timestamps that differ below a millisecond
/// are exact.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since the Unix epoch (UTC).
    public let seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public let nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The instant `milliseconds` after the Unix epoch.
    public init(millisecondsSinceEpoch milliseconds: Int64) {
        let (q, r) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        if r < 0 {
            self.init(seconds: q - 1, nanoseconds: Int32((r + 1000) * 1_000_000))
        } else {
            self.init(seconds: q, nanoseconds: Int32(r * 1_000_000))
        }
    }

    /// Milliseconds since the Unix epoch, rounded down.
    public var millisecondsSinceEpoch: Int64 {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        return product &+ Int64(nanoseconds / 1_000_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.nanoseconds < rhs.nanoseconds
    }

    /// The instant as AWS prints context-object timestamps: `2024-01-01T00:00:00.000Z`.
    public var description: String { Timestamp.format(millisecondsSinceEpoch: millisecondsSinceEpoch) }
}

extension Timestamp {
    /// Parses a timestamp read at run time (`TimestampPath`, `Timestamp…` comparisons) the way AWS
    /// does, with Java's ISO-8601 extended offset date-time format: `yyyy-MM-ddTHH:mm`, optional
    /// `:ss` and then `.` with 1–9 fraction digits, then `Z` or an offset `±HH:MM` (or `±HH:MM:SS`,
    /// at most ±18:00). `T` and `Z` may be lower case. Returns `nil` for anything else: a missing
    /// `T` or zone, an impossible date or time.
    public init?(iso8601 text: String) {
        guard let t = Timestamp.parse(text, requireSeconds: false) else { return nil }
        self = t
    }

    /// Parses a timestamp written in a definition (a Wait state's `Timestamp`, a `Timestamp…`
    /// comparison value), which AWS checks against RFC 3339: like `init(iso8601:)` but the seconds
    /// are required.
    public init?(rfc3339 text: String) {
        guard let t = Timestamp.parse(text, requireSeconds: true) else { return nil }
        self = t
    }

    private static func parse(_ text: String, requireSeconds: Bool) -> Timestamp? {
        var reader = DigitReader(text.utf8)
        guard let year = reader.digits(4), reader.take(UInt8(ascii: "-")),
            let month = reader.digits(2), reader.take(UInt8(ascii: "-")),
            let day = reader.digits(2), reader.take(UInt8(ascii: "T")) || reader.take(UInt8(ascii: "t")),
            let hour = reader.digits(2), reader.take(UInt8(ascii: ":")),
            let minute = reader.digits(2)
        else { return nil }
        var second = 0
        var nanos = 0
        if reader.take(UInt8(ascii: ":")) {
            guard let s = reader.digits(2) else { return nil }
            second = s
            if reader.take(UInt8(ascii: ".")) {
                var count = 0
                while let d = reader.digit() {
                    count += 1
                    guard count <= 9 else { return nil }
                    nanos = nanos * 10 + d
                }
                guard count > 0 else { return nil }
                for _ in count..<9 { nanos *= 10 }
            }
        } else if requireSeconds {
            return nil
        }
        guard (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var offsetSeconds = 0
        if reader.take(UInt8(ascii: "Z")) || reader.take(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else {
            let sign: Int
            if reader.take(UInt8(ascii: "+")) {
                sign = 1
            } else if reader.take(UInt8(ascii: "-")) {
                sign = -1
            } else {
                return nil
            }
            guard let oh = reader.digits(2), reader.take(UInt8(ascii: ":")), let om = reader.digits(2), om < 60
            else { return nil }
            var os = 0
            if reader.take(UInt8(ascii: ":")) {
                guard let s = reader.digits(2), s < 60 else { return nil }
                os = s
            }
            let total = oh * 3600 + om * 60 + os
            guard total <= 18 * 3600 else { return nil }
            offsetSeconds = sign * total
        }
        guard reader.atEnd else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(seconds: local - Int64(offsetSeconds), nanoseconds: Int32(nanos))
    }

    /// Formats milliseconds since the epoch as `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC.
    public static func format(millisecondsSinceEpoch milliseconds: Int64) -> String {
        let (q, r) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let days = r < 0 ? q - 1 : q
        let msOfDay = r < 0 ? r + 86_400_000 : r
        let (year, month, day) = civilFromDays(days)
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let millis = msOfDay % 1000
        var out = ""
        out.reserveCapacity(24)
        if year < 0 { out += "-" }
        appendPadded(abs(year), width: 4, to: &out)
        out += "-"
        appendPadded(month, width: 2, to: &out)
        out += "-"
        appendPadded(day, width: 2, to: &out)
        out += "T"
        appendPadded(Int64(hour), width: 2, to: &out)
        out += ":"
        appendPadded(Int64(minute), width: 2, to: &out)
        out += ":"
        appendPadded(Int64(second), width: 2, to: &out)
        out += "."
        appendPadded(Int64(millis), width: 3, to: &out)
        out += "Z"
        return out
    }

    private static func appendPadded(_ value: some BinaryInteger, width: Int, to out: inout String) {
        let digits = String(value)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }

    static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Reads ASCII digits and punctuation from UTF-8 text.
private struct DigitReader {
    let bytes: String.UTF8View
    var index: String.UTF8View.Index

    init(_ bytes: String.UTF8View) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var atEnd: Bool { index == bytes.endIndex }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index != bytes.endIndex, bytes[index] == byte else { return false }
        bytes.formIndex(after: &index)
        return true
    }

    mutating func digit() -> Int? {
        guard index != bytes.endIndex else { return nil }
        let b = bytes[index]
        guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
        bytes.formIndex(after: &index)
        return Int(b - UInt8(ascii: "0"))
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let d = digit() else { return nil }
            value = value * 10 + d
        }
        return value
    }
}
