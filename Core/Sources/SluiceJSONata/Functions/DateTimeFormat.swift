/// Formatting timestamps with picture strings (`$fromMillis`, `$now`).
enum DateTimeFormat {
    static let days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    static func startOfFirstWeek(_ year: Int, _ month: Int) -> Double {
        let jan1 = UTCDate.utc(Double(year), Double(month))
        var dayOfJan1 = UTCDate(millis: jan1).weekday
        if dayOfJan1 == 0 { dayOfJan1 = 7 }
        return dayOfJan1 > 4 ? jan1 + Double(8 - dayOfJan1) * UTCDate.msPerDay : jan1 - Double(dayOfJan1 - 1) * UTCDate.msPerDay
    }

    static func deltaWeeks(_ start: Double, _ end: Double) -> Double { (end - start) / (UTCDate.msPerDay * 7) + 1 }

    enum Fragment {
        case number(Double)
        case text(String)
    }

    static func fragment(_ date: UTCDate, _ component: Character) -> Fragment? {
        switch component {
        case "Y": return .number(Double(date.year))
        case "M": return .number(Double(date.month + 1))
        case "D": return .number(Double(date.day))
        case "d":
            let today = UTCDate.utc(Double(date.year), Double(date.month), Double(date.day))
            let firstJan = UTCDate.utc(Double(date.year), 0)
            return .number((today - firstJan) / UTCDate.msPerDay + 1)
        case "F": return .number(Double(date.weekday == 0 ? 7 : date.weekday))
        case "W":
            let start1 = startOfFirstWeek(date.year, 0)
            let today = UTCDate.utc(Double(date.year), Double(date.month), Double(date.day))
            var week = deltaWeeks(start1, today)
            if week > 52 {
                if today >= startOfFirstWeek(date.year + 1, 0) { week = 1 }
            } else if week < 1 {
                week = deltaWeeks(startOfFirstWeek(date.year - 1, 0), today)
            }
            return .number(week.rounded(.down))
        case "w":
            let start1 = startOfFirstWeek(date.year, date.month)
            let today = UTCDate.utc(Double(date.year), Double(date.month), Double(date.day))
            var week = deltaWeeks(start1, today)
            if week > 4 {
                let (ny, nm) = date.month == 11 ? (date.year + 1, 0) : (date.year, date.month + 1)
                if today >= startOfFirstWeek(ny, nm) { week = 1 }
            } else if week < 1 {
                let (py, pm) = date.month == 0 ? (date.year - 1, 11) : (date.year, date.month - 1)
                week = deltaWeeks(startOfFirstWeek(py, pm), today)
            }
            return .number(week.rounded(.down))
        case "X":
            let start = startOfFirstWeek(date.year, 0)
            let end = startOfFirstWeek(date.year + 1, 0)
            if date.time < start { return .number(Double(date.year - 1)) }
            if date.time >= end { return .number(Double(date.year + 1)) }
            return .number(Double(date.year))
        case "x":
            let start = startOfFirstWeek(date.year, date.month)
            let (ny, nm) = date.month == 11 ? (date.year + 1, 0) : (date.year, date.month + 1)
            let end = startOfFirstWeek(ny, nm)
            if date.time < start { return .number(Double((date.month == 0 ? 11 : date.month - 1) + 1)) }
            if date.time >= end { return .number(Double(nm + 1)) }
            return .number(Double(date.month + 1))
        case "H": return .number(Double(date.hours))
        case "h":
            let h = date.hours % 12
            return .number(Double(h == 0 ? 12 : h))
        case "P": return .text(date.hours >= 12 ? "pm" : "am")
        case "m": return .number(Double(date.minutes))
        case "s": return .number(Double(date.seconds))
        case "f": return .number(Double(date.millis))
        case "C", "E": return .text("ISO")
        default: return nil
        }
    }

    static func format(millis: Double, picture: String?, timezone: String?) throws(JSONataError) -> String {
        var offsetHours = 0.0, offsetMinutes = 0.0
        if let tz = timezone, let offset = IntegerFormat.parseIntPrefix(tz) {
            offsetHours = (offset / 100).rounded(.down)
            offsetMinutes = offset.truncatingRemainder(dividingBy: 100)
        }
        let spec = try DateTimePicture(picture ?? "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]")
        let offsetMillis = (60 * offsetHours + offsetMinutes) * 60 * 1000
        guard UTCDate.isValid(millis + offsetMillis) else {
            throw JSONataError(code: "D3137", message: "Invalid time value")
        }
        let date = UTCDate(millis: millis + offsetMillis)
        var result = ""
        for part in spec.parts {
            switch part {
            case .literal(let s): result += s
            case .marker(let m):
                result += try formatComponent(date, m, offsetHours: offsetHours, offsetMinutes: offsetMinutes)
            }
        }
        return result
    }

    static func formatComponent(_ date: UTCDate, _ m: DateTimePicture.Marker, offsetHours: Double,
                                offsetMinutes: Double) throws(JSONataError) -> String {
        let frag = fragment(date, m.component)
        if "YMDdFWwXxHhms".contains(m.component) {
            guard case .number(var value)? = frag else { return "" }
            if m.component == "Y", m.n != -1 {
                var p = 1.0
                for _ in 0..<m.n { p *= 10 }
                value = value.truncatingRemainder(dividingBy: p)
            }
            if let names = m.names {
                var name: String
                if m.component == "M" || m.component == "x" {
                    name = months[max(0, min(11, Int(value) - 1))]
                } else if m.component == "F" {
                    name = days[max(0, min(7, Int(value)))]
                } else {
                    throw JSONataError.make("D3133", value: .string(String(m.component)))
                }
                if names == .upper { name = name.uppercased() } else if names == .lower { name = name.lowercased() }
                if let wmax = m.widthMax, name.count > wmax { name = String(name.prefix(wmax)) }
                return name
            }
            return try (m.integerFormat ?? IntegerFormat()).format(value)
        }
        if m.component == "f" {
            guard case .number(let value)? = frag else { return "" }
            return try (m.integerFormat ?? IntegerFormat()).format(value)
        }
        if m.component == "Z" || m.component == "z" {
            let offset = offsetHours * 100 + offsetMinutes
            let f = m.integerFormat ?? IntegerFormat()
            var value: String
            if f.regular {
                value = try f.format(offset)
            } else {
                let numDigits = f.mandatoryDigits
                if numDigits == 1 || numDigits == 2 {
                    value = try f.format(offsetHours)
                    if offsetMinutes != 0 {
                        value += ":" + (try IntegerFormat(picture: "00").format(offsetMinutes))
                    }
                } else if numDigits == 3 || numDigits == 4 {
                    value = try f.format(offset)
                } else {
                    throw JSONataError.make("D3134", value: .number(Double(numDigits)))
                }
            }
            if offset >= 0 { value = "+" + value }
            if m.component == "z" { value = "GMT" + value }
            if offset == 0 && m.presentation2 == "t" { value = "Z" }
            return value
        }
        if case .text(let t)? = frag {
            if m.component == "P" {
                if m.names == .upper { return t.uppercased() }
                return t
            }
            return t
        }
        return ""
    }

}
