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

/// A parsed date/time picture string.
struct DateTimePicture {
    enum Names { case upper, lower, title }

    struct Marker {
        var component: Character
        var widthMin: Int?
        var widthMax: Int?
        var presentation1 = ""
        var presentation2: Character?
        var ordinal = false
        var names: Names?
        var integerFormat: IntegerFormat?
        var n = -1
    }

    enum Part {
        case literal(String)
        case marker(Marker)
    }

    var parts: [Part] = []

    static let defaultModifiers: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
        "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]

    init(_ picture: String) throws(JSONataError) {
        let p = Array(picture)
        var start = 0, pos = 0
        func addLiteral(_ s: Int, _ e: Int) {
            if e > s {
                let lit = String(p[s..<e]).replacingAll("]]", with: "]")
                parts.append(.literal(lit))
            }
        }
        while pos < p.count {
            if p[pos] == "[" {
                if pos + 1 < p.count && p[pos + 1] == "[" {
                    addLiteral(start, pos)
                    parts.append(.literal("["))
                    pos += 2
                    start = pos
                    continue
                }
                addLiteral(start, pos)
                start = pos
                guard let close = p[start...].firstIndex(of: "]") else {
                    throw JSONataError.make("D3135")
                }
                pos = close
                let marker = String(p[(start + 1)..<pos].filter { !$0.isWhitespace })
                let chars = Array(marker)
                guard let component = chars.first else {
                    throw JSONataError.make("D3132", value: .string(""))
                }
                var def = Marker(component: component)
                var presMod: String
                if let comma = chars.lastIndex(of: ",") {
                    let widthMod = String(chars[(comma + 1)...])
                    var minS: String? = widthMod, maxS: String? = nil
                    if let dash = widthMod.firstIndex(of: "-") {
                        minS = String(widthMod[widthMod.startIndex..<dash])
                        maxS = String(widthMod[widthMod.index(after: dash)...])
                    }
                    func parseWidth(_ w: String?) -> Int? {
                        guard let w, w != "*" else { return nil }
                        return IntegerFormat.parseIntPrefix(w).map { Int($0) }
                    }
                    def.widthMin = parseWidth(minS)
                    def.widthMax = parseWidth(maxS)
                    presMod = String(chars[1..<comma])
                } else {
                    presMod = String(chars.dropFirst())
                }
                if presMod.count == 1 {
                    def.presentation1 = presMod
                } else if presMod.count > 1 {
                    let last = presMod.last ?? " "
                    if "atco".contains(last) {
                        def.presentation2 = last
                        if last == "o" { def.ordinal = true }
                        def.presentation1 = String(presMod.dropLast())
                    } else {
                        def.presentation1 = presMod
                    }
                } else {
                    guard let d = DateTimePicture.defaultModifiers[component] else {
                        throw JSONataError.make("D3132", value: .string(String(component)))
                    }
                    def.presentation1 = d
                }
                if presMod.isEmpty && DateTimePicture.defaultModifiers[component] == nil {
                    throw JSONataError.make("D3132", value: .string(String(component)))
                }
                let p1 = Array(def.presentation1)
                if p1.first == "n" {
                    def.names = .lower
                } else if p1.first == "N" {
                    def.names = p1.count > 1 && p1[1] == "n" ? .title : .upper
                } else if "YMDdFWwXxHhmsf".contains(component) {
                    var pattern = def.presentation1
                    if let p2 = def.presentation2 { pattern += ";" + String(p2) }
                    var f = try IntegerFormat(picture: pattern)
                    if let wmin = def.widthMin, f.mandatoryDigits < wmin { f.mandatoryDigits = wmin }
                    if component == "Y" {
                        def.n = -1
                        if let wmax = def.widthMax {
                            def.n = wmax
                            f.mandatoryDigits = wmax
                        } else {
                            let w = f.mandatoryDigits + f.optionalDigits
                            if w >= 2 { def.n = w }
                        }
                    }
                    def.integerFormat = f
                }
                if component == "Z" || component == "z" {
                    def.integerFormat = try IntegerFormat(picture: def.presentation1)
                }
                if !"YMDdFWwXxHhPmsfZzCE".contains(component) {
                    throw JSONataError.make("D3132", value: .string(String(component)))
                }
                parts.append(.marker(def))
                start = pos + 1
            }
            pos += 1
        }
        addLiteral(start, pos)
    }
}

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

    // MARK: - parsing

    /// `Date.parse` of the ISO 8601 forms JSONata accepts; `nil` when the text is not ISO 8601.
    static func parseISO(_ s: String) -> Double? {
        let c = Array(s.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= c.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard c[k] >= 48 && c[k] <= 57 else { return nil }
                v = v * 10 + Int(c[k] - 48)
            }
            i += n
            return v
        }
        guard let year = digits(4) else { return nil }
        var month = 1, day = 1, h = 0, mi = 0, sec = 0
        var ms = 0.0
        var hasTime = false
        if i < c.count && c[i] == 45 {
            i += 1
            guard let m = digits(2) else { return nil }
            month = m
            if i < c.count && c[i] == 45 {
                i += 1
                guard let d = digits(2) else { return nil }
                day = d
            }
        }
        if i < c.count && c[i] == 84 {
            i += 1
            guard let hh = digits(2), i < c.count, c[i] == 58 else { return nil }
            i += 1
            guard let mm = digits(2), i < c.count, c[i] == 58 else { return nil }
            i += 1
            guard let ss = digits(2) else { return nil }
            h = hh; mi = mm; sec = ss
            hasTime = true
        }
        if i < c.count && c[i] == 46 {
            i += 1
            var frac = 0.0, scale = 1.0
            var n = 0
            while i < c.count, c[i] >= 48 && c[i] <= 57 {
                if n < 3 { frac = frac * 10 + Double(c[i] - 48); scale *= 10 }
                n += 1
                i += 1
            }
            guard n > 0 else { return nil }
            ms = (frac / scale * 1000).rounded(.down)
        }
        var offsetMinutes = 0
        if i < c.count {
            if c[i] == 90 {
                i += 1
            } else if c[i] == 43 || c[i] == 45 {
                let neg = c[i] == 45
                i += 1
                guard let oh = digits(2) else { return nil }
                if i < c.count && c[i] == 58 { i += 1 }
                guard let om = digits(2) else { return nil }
                offsetMinutes = (oh * 60 + om) * (neg ? -1 : 1)
            } else {
                return nil
            }
        }
        guard i == c.count else { return nil }
        _ = hasTime
        if month < 1 || month > 12 || day < 1 || day > 31 || h > 24 || mi > 59 || sec > 59 { return .nan }
        let t = UTCDate.utc(Double(year), Double(month - 1), Double(day), Double(h), Double(mi), Double(sec), ms)
        return t - Double(offsetMinutes) * 60_000
    }

    private struct ParsePart {
        var regex: String
        var component: Character?
        var parse: ((String) throws(JSONataError) -> Double?)?
    }

    static func escapeRegex(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ".*+?^${}()|[]\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    static func parse(_ timestamp: String, picture: String, now: Double) throws(JSONataError) -> Double? {
        let spec = try DateTimePicture(picture)
        var parts: [ParsePart] = []
        for part in spec.parts {
            switch part {
            case .literal(let s):
                parts.append(ParsePart(regex: escapeRegex(s)))
            case .marker(let m):
                if m.component == "Z" || m.component == "z" {
                    let f = m.integerFormat ?? IntegerFormat()
                    let sep: String? = f.regular ? f.regularChar : nil
                    var r = m.component == "z" ? "GMT" : ""
                    r += "[-+][0-9]+"
                    if let sep { r += escapeRegex(sep) + "[0-9]+" }
                    let isZ = m.component == "z"
                    parts.append(ParsePart(regex: r, component: m.component) { (v: String) throws(JSONataError) -> Double? in
                        var value = v
                        if isZ { value = String(value.dropFirst(3)) }
                        var oh = 0.0, om = 0.0
                        if let sep, let idx = value.range(of: sep) {
                            oh = IntegerFormat.parseIntPrefix(String(value[value.startIndex..<idx.lowerBound])) ?? .nan
                            om = IntegerFormat.parseIntPrefix(String(value[idx.upperBound...])) ?? .nan
                        } else {
                            let numdigits = value.count - 1
                            if numdigits <= 2 {
                                oh = IntegerFormat.parseIntPrefix(value) ?? .nan
                            } else {
                                oh = IntegerFormat.parseIntPrefix(String(value.prefix(3))) ?? .nan
                                om = IntegerFormat.parseIntPrefix(String(value.dropFirst(3))) ?? .nan
                            }
                        }
                        return oh * 60 + om
                    })
                } else if var f = m.integerFormat {
                    f.n = m.n > 0 ? m.n : 0
                    if m.component != "Y", f.primary == .decimal, f.mandatoryDigits >= 2, f.optionalDigits == 0,
                       m.widthMax == nil {
                        f.n = f.mandatoryDigits
                    }
                    if f.primary == .sequence { throw JSONataError.make("D3130", value: .string(f.token)) }
                    let fmt = f
                    parts.append(ParsePart(regex: fmt.regexSource, component: m.component) { (v: String) throws(JSONataError) -> Double? in
                        try fmt.parse(v)
                    })
                } else {
                    var lookup: [String: Double] = [:]
                    if m.component == "M" || m.component == "x" {
                        for (i, name) in months.enumerated() {
                            lookup[m.widthMax.map { String(name.prefix($0)) } ?? name] = Double(i + 1)
                        }
                    } else if m.component == "F" {
                        for (i, name) in days.enumerated() where i > 0 {
                            lookup[m.widthMax.map { String(name.prefix($0)) } ?? name] = Double(i)
                        }
                    } else if m.component == "P" {
                        lookup = ["am": 0, "AM": 0, "pm": 1, "PM": 1]
                    } else {
                        throw JSONataError.make("D3133", value: .string(String(m.component)))
                    }
                    let table = lookup
                    parts.append(ParsePart(regex: "[a-zA-Z]+", component: m.component) { (v: String) throws(JSONataError) -> Double? in
                        table[v]
                    })
                }
            }
        }
        let full = "^" + parts.map { "(" + $0.regex + ")" }.joined() + "$"
        let program = try RegexProgram(pattern: full, flags: "i")
        let input = timestamp.unicodeScalars.map(\.value)
        let matcher = RegexMatcher(program, input: input)
        guard let match = try matcher.firstMatch(from: 0) else { return nil }
        var components: [Character: Double] = [:]
        for (i, part) in parts.enumerated() {
            guard let parse = part.parse, let comp = part.component else { continue }
            guard i < match.groups.count, let r = match.groups[i] else { continue }
            let text = Library.string(fromScalars: input[r])
            if let v = try parse(text) { components[comp] = v }
        }
        if components.isEmpty { return nil }
        var mask = 0
        func shift(_ present: Bool) { mask = (mask << 1) + (present ? 1 : 0) }
        func isType(_ type: Int) -> Bool { (~type & mask) == 0 && (type & mask) != 0 }
        for p in "YXMxWwdD" { shift(components[p] != nil) }
        let dateA = isType(161)
        let dateB = !dateA && isType(130)
        let dateC = isType(84)
        let dateD = !dateC && isType(72)
        mask = 0
        for p in "PHhmsf" { shift(components[p] != nil) }
        let timeA = isType(23)
        let timeB = !timeA && isType(47)
        let dateComps = dateB ? "YD" : dateC ? "XxwF" : dateD ? "XWF" : "YMD"
        let timeComps = timeB ? "Phmsf" : "Hmsf"
        let nowDate = UTCDate(millis: now)
        var startSpecified = false, endSpecified = false
        for part in dateComps + timeComps {
            if components[part] == nil {
                if startSpecified {
                    components[part] = "MDd".contains(part) ? 1 : 0
                    endSpecified = true
                } else {
                    switch fragment(nowDate, part) {
                    case .number(let v)?: components[part] = v
                    case .text(let t)?: components[part] = t == "pm" ? 1 : 0
                    case nil: break
                    }
                }
            } else {
                startSpecified = true
                if endSpecified { throw JSONataError.make("D3136") }
            }
        }
        if let mm = components["M"], mm > 0 { components["M"] = mm - 1 } else { components["M"] = 0 }
        if dateB {
            let firstJan = UTCDate.utc(components["Y"] ?? 0, 0)
            let derived = UTCDate(millis: firstJan + ((components["d"] ?? 1) - 1) * UTCDate.msPerDay)
            components["M"] = Double(derived.month)
            components["D"] = Double(derived.day)
        }
        if dateC || dateD { throw JSONataError.make("D3136") }
        if timeB {
            let h = components["h"] ?? 0
            components["H"] = h == 12 ? 0 : h
            if components["P"] == 1 { components["H"] = (components["H"] ?? 0) + 12 }
        }
        var millis = UTCDate.utc(components["Y"] ?? .nan, components["M"] ?? 0, components["D"] ?? 1,
                                 components["H"] ?? 0, components["m"] ?? 0, components["s"] ?? 0, components["f"] ?? 0)
        if let z = components["Z"] ?? components["z"], z != 0 {
            millis -= z * 60 * 1000
        }
        return millis
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[rest.startIndex..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension StringProtocol {
    func range(of target: String) -> Range<Index>? {
        let t = Array(target)
        guard !t.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            var j = i
            var k = 0
            while k < t.count, j < endIndex, self[j] == t[k] {
                j = index(after: j)
                k += 1
            }
            if k == t.count { return i..<j }
            i = index(after: i)
        }
        return nil
    }
}
