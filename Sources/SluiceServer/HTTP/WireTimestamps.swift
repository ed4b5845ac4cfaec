import StatesLanguage

/// The timestamp formats of the wire (Lambda API fields, HTTP dates in SDK metadata), written from
/// epoch milliseconds without a formatter (they are made per task on the Step Functions path).
enum WireTimestamps {
    /// The UTC calendar fields of an instant.
    struct Fields {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
        /// 0 = Sunday.
        var weekday: Int
    }

    static func fields(_ millis: Int64) -> Fields {
        let ms = Int(millis)
        var days = ms / 86_400_000
        var rest = ms % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let (year, month, day) = Timestamp.civilFromDays(Int64(days))
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        return Fields(
            year: Int(year), month: Int(month), day: Int(day), hour: rest / 3_600_000, minute: rest / 60_000 % 60,
            second: rest / 1000 % 60, millisecond: rest % 1000, weekday: weekday)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// `2026-11-21T16:00:00.123+0000` (FunctionConfiguration.LastModified).
    static func lastModified(_ millis: Int64) -> String {
        let f = fields(millis)
        return "\(iso(f)).\(pad(f.millisecond, 3))+0000"
    }

    /// `2026-11-21T16:00:00.123000Z` (function URL CreationTime / LastModifiedTime).
    static func functionURL(_ millis: Int64) -> String {
        let f = fields(millis)
        return "\(iso(f)).\(pad(f.millisecond, 3))000Z"
    }

    /// `Sat, 21 Nov 2026 16:00:00 GMT` (HTTP Date).
    static func http(_ millis: Int64) -> String {
        let f = fields(millis)
        return "\(dayNames[f.weekday]), \(pad(f.day, 2)) \(monthNames[f.month - 1]) \(f.year) \(clock(f)) GMT"
    }

    /// `21/Nov/2026:16:00:00 +0000` (payload 2.0 requestContext.time).
    static func commonLog(_ millis: Int64) -> String {
        let f = fields(millis)
        return "\(pad(f.day, 2))/\(monthNames[f.month - 1])/\(f.year):\(clock(f)) +0000"
    }

    private static func iso(_ f: Fields) -> String {
        "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(clock(f))"
    }

    private static func clock(_ f: Fields) -> String { "\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))" }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
