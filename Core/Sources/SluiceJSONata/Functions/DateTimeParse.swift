/// Parsing timestamps: ISO 8601 and picture strings (`$toMillis`).
extension DateTimeFormat {
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
