/// Proleptic Gregorian calendar arithmetic in UTC (what JavaScript's `Date` does with UTC methods).
struct UTCDate {
    var year: Int
    /// 0-based month.
    var month: Int
    var day: Int
    var hours: Int
    var minutes: Int
    var seconds: Int
    var millis: Int
    /// 0 = Sunday.
    var weekday: Int
    var time: Double

    static let msPerDay = 86_400_000.0

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// `Date.UTC(y, m, d, h, mi, s, ms)` with month overflow.
    static func utc(_ y: Double, _ m: Double = 0, _ d: Double = 1, _ h: Double = 0, _ mi: Double = 0,
                    _ s: Double = 0, _ ms: Double = 0) -> Double {
        guard [y, m, d, h, mi, s, ms].allSatisfy({ $0.isFinite && $0.magnitude < 1e12 }), y.magnitude < 1e8
        else { return .nan }
        let yi = Int(y.rounded(.towardZero)) + Int((m / 12).rounded(.down))
        var mi2 = Int(m.rounded(.towardZero)) % 12
        if mi2 < 0 { mi2 += 12 }
        let days = Double(daysFromCivil(yi, mi2 + 1, 1)) + d.rounded(.towardZero) - 1
        return days * msPerDay + h.rounded(.towardZero) * 3_600_000 + mi.rounded(.towardZero) * 60_000
            + s.rounded(.towardZero) * 1000 + ms.rounded(.towardZero)
    }

    /// JavaScript's `Date` range (±8.64e15 ms); outside it a date is invalid.
    static func isValid(_ t: Double) -> Bool { t.isFinite && t.magnitude <= 8.64e15 }

    init(millis t0: Double) {
        let t = UTCDate.isValid(t0) ? t0 : 0
        time = t
        let days = (t / UTCDate.msPerDay).rounded(.down)
        var msInDay = Int(t - days * UTCDate.msPerDay)
        if msInDay < 0 { msInDay += 86_400_000 }
        let (y, m, d) = UTCDate.civilFromDays(Int(days))
        year = y
        month = m - 1
        day = d
        hours = msInDay / 3_600_000
        minutes = (msInDay / 60_000) % 60
        seconds = (msInDay / 1000) % 60
        millis = msInDay % 1000
        var wd = (Int(days) + 4) % 7
        if wd < 0 { wd += 7 }
        weekday = wd
    }
}
