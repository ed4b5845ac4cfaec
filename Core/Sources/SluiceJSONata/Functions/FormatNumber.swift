/// `$formatNumber`: XPath `format-number` with JSONata's picture analysis and defaults.
extension Library {
    static let formattingFunctions: [Builtin] = [
        Builtin("formatNumber", "<n-so?:s>", arity: 3) { _, a throws(JSONataError) in
            guard let v = num(a, 0) else { return nil }
            var props = NumberFormat.defaults
            if case .object(let o)? = arg(a, 2) {
                for k in o.keys { if case .string(let s)? = o[k] { props[k] = s } }
            }
            return .string(try NumberFormat.format(v, picture: str(a, 1) ?? "", props))
        },
    ]
}

enum NumberFormat {
    static let defaults: [String: String] = [
        "decimal-separator": ".", "grouping-separator": ",", "exponent-separator": "e", "infinity": "Infinity",
        "minus-sign": "-", "NaN": "NaN", "percent": "%", "per-mille": "\u{2030}", "zero-digit": "0", "digit": "#",
        "pattern-separator": ";",
    ]

    struct Parts {
        var prefix: [Character]
        var suffix: [Character]
        var activePart: [Character]
        var mantissaPart: [Character]
        var exponentPart: [Character]?
        var integerPart: [Character]
        var fractionalPart: [Character]
        var subpicture: [Character]
    }

    struct Analysis {
        var integerPartGroupingPositions: [Int]
        var regularGrouping: Int
        var minimumIntegerPartSize: Int
        var scalingFactor: Int
        var prefix: [Character]
        var fractionalPartGroupingPositions: [Int]
        var minimumFactionalPartSize: Int
        var maximumFactionalPartSize: Int
        var minimumExponentSize: Int
        var suffix: [Character]
        var picture: [Character]
    }

    static func indexOf(_ hay: [Character], _ c: Character, from: Int = 0) -> Int? {
        var i = max(from, 0)
        while i < hay.count {
            if hay[i] == c { return i }
            i += 1
        }
        return nil
    }

    static func format(_ value: Double, picture: String, _ props: [String: String]) throws(JSONataError) -> String {
        func ch(_ k: String) -> Character { props[k]?.first ?? " " }
        let zeroDigit = ch("zero-digit")
        guard let zeroScalar = zeroDigit.unicodeScalars.first else { return "" }
        let family: [Character] = (0..<10).compactMap { Unicode.Scalar(zeroScalar.value + UInt32($0)).map(Character.init) }
        let decimalSep = ch("decimal-separator"), groupSep = ch("grouping-separator"), expSep = ch("exponent-separator")
        let digit = ch("digit"), patternSep = ch("pattern-separator"), percent = ch("percent"), perMille = ch("per-mille")
        let minus = props["minus-sign"] ?? "-"
        let active: Set<Character> = Set(family + [decimalSep, expSep, groupSep, digit, patternSep])

        let pictureChars = Array(picture)
        let subPictures = pictureChars.split(separator: patternSep, omittingEmptySubsequences: false).map(Array.init)
        if subPictures.count > 2 { throw JSONataError.make("D3080") }

        func splitParts(_ sp: [Character]) -> Parts {
            var prefixEnd = sp.count
            for (i, c) in sp.enumerated() where active.contains(c) && c != expSep { prefixEnd = i; break }
            var suffixStart = sp.count
            var i = sp.count - 1
            while i >= 0 {
                if active.contains(sp[i]) && sp[i] != expSep { suffixStart = i + 1; break }
                i -= 1
            }
            if prefixEnd == sp.count { suffixStart = sp.count }
            let prefix = Array(sp[0..<prefixEnd])
            let suffix = Array(sp[max(suffixStart, prefixEnd)...])
            let activePart = Array(sp[prefixEnd..<max(suffixStart, prefixEnd)])
            var mantissa: [Character], exponent: [Character]?
            if let ep = indexOf(sp, expSep, from: prefix.count), ep <= sp.count - suffix.count {
                let rel = ep - prefix.count
                mantissa = Array(activePart[0..<min(rel, activePart.count)])
                exponent = rel + 1 <= activePart.count ? Array(activePart[(rel + 1)...]) : []
            } else {
                mantissa = activePart
                exponent = nil
            }
            var integer: [Character], fractional: [Character]
            if let dp = indexOf(mantissa, decimalSep) {
                integer = Array(mantissa[0..<dp])
                fractional = Array(mantissa[(dp + 1)...])
            } else {
                integer = mantissa
                fractional = suffix
            }
            return Parts(prefix: prefix, suffix: suffix, activePart: activePart, mantissaPart: mantissa,
                         exponentPart: exponent, integerPart: integer, fractionalPart: fractional, subpicture: sp)
        }

        func validate(_ p: Parts) throws(JSONataError) {
            var error: String?
            let sp = p.subpicture
            let decimalPos = indexOf(sp, decimalSep)
            if sp.filter({ $0 == decimalSep }).count > 1 { error = "D3081" }
            if sp.filter({ $0 == percent }).count > 1 { error = "D3082" }
            if sp.filter({ $0 == perMille }).count > 1 { error = "D3083" }
            if sp.contains(percent) && sp.contains(perMille) { error = "D3084" }
            if !p.mantissaPart.contains(where: { family.contains($0) || $0 == digit }) { error = "D3085" }
            if p.activePart.contains(where: { !active.contains($0) }) { error = "D3086" }
            if let dp = decimalPos {
                if (dp > 0 && sp[dp - 1] == groupSep) || (dp + 1 < sp.count && sp[dp + 1] == groupSep) { error = "D3087" }
            } else if p.integerPart.last == groupSep {
                error = "D3088"
            }
            for i in 0..<max(sp.count - 1, 0) where sp[i] == groupSep && sp[i + 1] == groupSep { error = "D3089" }
            if let od = indexOf(p.integerPart, digit), p.integerPart[0..<od].contains(where: { family.contains($0) }) {
                error = "D3090"
            }
            if let od = p.fractionalPart.lastIndex(of: digit), p.fractionalPart[od...].contains(where: { family.contains($0) }) {
                error = "D3091"
            }
            if let e = p.exponentPart {
                if !e.isEmpty && (sp.contains(percent) || sp.contains(perMille)) { error = "D3092" }
                if e.isEmpty || e.contains(where: { !family.contains($0) }) { error = "D3093" }
            }
            if let error { throw JSONataError.make(error) }
        }

        func analyse(_ p: Parts) -> Analysis {
            func groupingPositions(_ part: [Character], toLeft: Bool) -> [Int] {
                var positions: [Int] = []
                var gp = indexOf(part, groupSep)
                while let g = gp {
                    let slice = toLeft ? Array(part[0..<g]) : Array(part[g...])
                    positions.append(slice.filter { family.contains($0) || $0 == digit }.count)
                    gp = indexOf(p.integerPart, groupSep, from: g + 1)
                }
                return positions
            }
            let intPositions = groupingPositions(p.integerPart, toLeft: false)
            func regular(_ idx: [Int]) -> Int {
                guard let first = idx.first else { return 0 }
                func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
                let factor = idx.dropFirst().reduce(first, gcd)
                guard factor > 0 else { return 0 }
                for i in 1...idx.count where !idx.contains(i * factor) { return 0 }
                return factor
            }
            let fracPositions = groupingPositions(p.fractionalPart, toLeft: true)
            var minInt = p.integerPart.filter { family.contains($0) }.count
            let scaling = minInt
            var minFrac = p.fractionalPart.filter { family.contains($0) }.count
            var maxFrac = p.fractionalPart.filter { family.contains($0) || $0 == digit }.count
            let expPresent = p.exponentPart != nil
            if minInt == 0 && maxFrac == 0 {
                if expPresent {
                    minFrac = 1
                    maxFrac = 1
                } else {
                    minInt = 1
                }
            }
            if expPresent && minInt == 0 && p.integerPart.contains(digit) { minInt = 1 }
            if minInt == 0 && minFrac == 0 { minFrac = 1 }
            let minExp = p.exponentPart.map { $0.filter { family.contains($0) }.count } ?? 0
            return Analysis(integerPartGroupingPositions: intPositions, regularGrouping: regular(intPositions),
                            minimumIntegerPartSize: minInt, scalingFactor: scaling, prefix: p.prefix,
                            fractionalPartGroupingPositions: fracPositions, minimumFactionalPartSize: minFrac,
                            maximumFactionalPartSize: maxFrac, minimumExponentSize: minExp, suffix: p.suffix,
                            picture: p.subpicture)
        }

        let parts = subPictures.map(splitParts)
        for p in parts { try validate(p) }
        var variables = parts.map(analyse)
        if variables.count == 1, var neg = variables.first {
            neg.prefix = Array(minus) + neg.prefix
            variables.append(neg)
        }
        guard variables.count >= 2 else { return "" }
        let pic = value >= 0 ? variables[0] : variables[1]
        var adjusted = value
        if pic.picture.contains(percent) {
            adjusted = value * 100
        } else if pic.picture.contains(perMille) {
            adjusted = value * 1000
        }
        var mantissa = adjusted
        var exponent: Int? = nil
        if pic.minimumExponentSize != 0 {
            var maxM = 1.0, minM = 1.0
            for _ in 0..<pic.scalingFactor { maxM *= 10 }
            minM = maxM / 10
            var e = 0
            var guardCount = 0
            while mantissa < minM && mantissa != 0 && guardCount < 2000 { mantissa *= 10; e -= 1; guardCount += 1 }
            while mantissa > maxM && guardCount < 4000 { mantissa /= 10; e += 1; guardCount += 1 }
            exponent = e
        }
        let rounded = Library.round(mantissa, pic.maximumFactionalPartSize)
        func makeString(_ v: Double, _ dp: Int) -> [Character] {
            let s = Array(toFixed(v.magnitude, dp))
            if zeroDigit == "0" { return s }
            return s.map { c in
                if let a = c.asciiValue, a >= 48 && a <= 57 { return family[Int(a - 48)] }
                return c
            }
        }
        var sv = makeString(rounded, pic.maximumFactionalPartSize)
        if let dp = indexOf(sv, ".") { sv[dp] = decimalSep } else { sv.append(decimalSep) }
        while sv.first == zeroDigit { sv.removeFirst() }
        while sv.last == zeroDigit { sv.removeLast() }
        var decimalPos = indexOf(sv, decimalSep) ?? sv.count
        let padLeft = pic.minimumIntegerPartSize - decimalPos
        let padRight = pic.minimumFactionalPartSize - (sv.count - decimalPos - 1)
        if padLeft > 0 { sv = Array(repeating: zeroDigit, count: padLeft) + sv }
        if padRight > 0 { sv += Array(repeating: zeroDigit, count: padRight) }
        decimalPos = indexOf(sv, decimalSep) ?? sv.count
        if pic.regularGrouping > 0 {
            let groupCount = (decimalPos - 1) / pic.regularGrouping
            if groupCount >= 1 {
                for group in 1...groupCount {
                    let at = decimalPos - group * pic.regularGrouping
                    if at >= 0 && at <= sv.count { sv.insert(groupSep, at: at) }
                }
            }
        } else {
            for pos in pic.integerPartGroupingPositions {
                let at = decimalPos - pos
                if at >= 0 && at <= sv.count { sv.insert(groupSep, at: at) }
                decimalPos += 1
            }
        }
        decimalPos = indexOf(sv, decimalSep) ?? sv.count
        for pos in pic.fractionalPartGroupingPositions {
            let at = pos + decimalPos + 1
            if at >= 0 && at <= sv.count { sv.insert(groupSep, at: at) }
        }
        decimalPos = indexOf(sv, decimalSep) ?? -1
        if !pic.picture.contains(decimalSep) || decimalPos == sv.count - 1 {
            if !sv.isEmpty { sv.removeLast() }
        }
        if let exponent {
            var se = makeString(Double(exponent), 0)
            let pl = pic.minimumExponentSize - se.count
            if pl > 0 { se = Array(repeating: zeroDigit, count: pl) + se }
            sv += [expSep] + (exponent < 0 ? Array(minus) : []) + se
        }
        return String(pic.prefix + sv + pic.suffix)
    }

    /// `Number#toFixed(dp)` for a non-negative finite value.
    static func toFixed(_ v: Double, _ dp: Int) -> String {
        if v == 0 { return dp > 0 ? "0." + String(repeating: "0", count: dp) : "0" }
        if v >= 1e21 { return Stringify.number(v) }
        let (digits, n) = Stringify.shortestDigits(v)
        // digits d1..dk with value 0.d1..dk * 10^n; keep n + dp digits
        let keep = n + dp
        var ds = digits
        var exp = n
        if keep < ds.count {
            if keep < 0 {
                ds = [0]
                exp = 1
            } else {
                let r = Stringify.roundDigits(ds, exponent: n, precision: max(keep, 0))
                if keep == 0 {
                    // rounding to zero significant digits
                    ds = digits[0] >= 5 ? [1] : [0]
                    exp = digits[0] >= 5 ? n + 1 : n
                } else {
                    ds = r.digits
                    exp = r.exponent
                }
            }
        }
        // build integer and fractional parts
        var intPart = ""
        var fracPart = ""
        for i in 0..<max(exp, 0) { intPart.append(i < ds.count ? Character(Unicode.Scalar(ds[i] + 48)) : "0") }
        if intPart.isEmpty { intPart = "0" }
        for k in 0..<dp {
            let idx = exp + k
            if idx >= 0 && idx < ds.count {
                fracPart.append(Character(Unicode.Scalar(ds[idx] + 48)))
            } else {
                fracPart.append("0")
            }
        }
        return dp > 0 ? intPart + "." + fracPart : intPart
    }
}
