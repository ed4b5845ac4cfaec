/// XPath `format-integer` pictures: analysis, formatting (`$formatInteger`) and parsing
/// (`$parseInteger`), shared with the date/time component formatting.
struct IntegerFormat {
    enum Primary { case decimal, letters, roman, words, sequence }
    enum Case { case upper, lower, title }

    var primary: Primary = .decimal
    var letterCase: Case = .lower
    var ordinal = false
    var zeroCode: UInt32 = 0x30
    var mandatoryDigits = 0
    var optionalDigits = 0
    var regular = false
    /// Regular grouping: every `regularPosition` digits, `regularChar`.
    var regularPosition = 0
    var regularChar = ""
    /// Irregular grouping separators (position counted from the right, character).
    var separators: [(position: Int, character: String)] = []
    var token = ""
    /// Fixed digit count when parsing years (`n`), or 0.
    var n = 0

    static let decimalGroups: [UInt32] = [
        0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
        0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
        0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ]

    init() {}

    init(picture: String) throws(JSONataError) {
        var primaryFormat = picture
        if let semicolon = picture.lastIndex(of: ";") {
            primaryFormat = String(picture[picture.startIndex..<semicolon])
            let modifier = picture[picture.index(after: semicolon)...]
            if modifier.first == "o" { ordinal = true }
        }
        switch primaryFormat {
        case "A": letterCase = .upper; primary = .letters
        case "a": primary = .letters
        case "I": letterCase = .upper; primary = .roman
        case "i": primary = .roman
        case "W": letterCase = .upper; primary = .words
        case "Ww": letterCase = .title; primary = .words
        case "w": primary = .words
        default:
            var zero: UInt32? = nil
            var mandatory = 0, optional = 0, separatorPosition = 0
            var seps: [(position: Int, character: String)] = []
            for cp in primaryFormat.unicodeScalars.reversed() {
                var isDigit = false
                for group in IntegerFormat.decimalGroups where cp.value >= group && cp.value <= group + 9 {
                    isDigit = true
                    mandatory += 1
                    separatorPosition += 1
                    if zero == nil {
                        zero = group
                    } else if zero != group {
                        throw JSONataError.make("D3131")
                    }
                    break
                }
                if !isDigit {
                    if cp == "#" {
                        separatorPosition += 1
                        optional += 1
                    } else {
                        seps.append((separatorPosition, String(cp)))
                    }
                }
            }
            if mandatory > 0 {
                primary = .decimal
                zeroCode = zero ?? 0x30
                mandatoryDigits = mandatory
                optionalDigits = optional
                let reg = IntegerFormat.regularRepeat(seps)
                if reg > 0 {
                    regular = true
                    regularPosition = reg
                    regularChar = seps[0].character
                } else {
                    regular = false
                    separators = seps
                }
            } else {
                primary = .sequence
                token = primaryFormat
            }
        }
    }

    static func regularRepeat(_ seps: [(position: Int, character: String)]) -> Int {
        guard let first = seps.first else { return 0 }
        for s in seps where s.character != first.character { return 0 }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let indexes = seps.map(\.position)
        let factor = indexes.dropFirst().reduce(indexes[0], gcd)
        guard factor > 0 else { return 0 }
        for i in 1...indexes.count where !indexes.contains(i * factor) { return 0 }
        return factor
    }

    // MARK: - formatting

    func format(_ valueIn: Double) throws(JSONataError) -> String {
        var out: String
        let negative = valueIn < 0
        let value = valueIn.magnitude
        switch primary {
        case .letters:
            out = IntegerFormat.decimalToLetters(value, upper: letterCase == .upper)
        case .roman:
            out = IntegerFormat.decimalToRoman(value)
            if letterCase == .upper { out = out.uppercased() }
        case .words:
            out = NumberWords.toWords(value, ordinal: ordinal)
            if letterCase == .upper { out = out.uppercased() } else if letterCase == .lower { out = out.lowercased() }
        case .decimal:
            var digits = Array(Stringify.number(value).unicodeScalars.map(\.value))
            let padLength = mandatoryDigits - digits.count
            if padLength > 10_000 { throw Library.tooLarge() }
            if padLength > 0 { digits = Array(repeating: 0x30, count: padLength) + digits }
            if zeroCode != 0x30 { digits = digits.map { $0 + zeroCode - 0x30 } }
            var s = digits.compactMap { Unicode.Scalar($0) }.map { String($0) }
            if regular {
                let n = (s.count - 1) / max(regularPosition, 1)
                var ii = n
                while ii > 0 {
                    let pos = s.count - ii * regularPosition
                    s.insert(regularChar, at: max(0, min(pos, s.count)))
                    ii -= 1
                }
            } else {
                for sep in separators.reversed() {
                    let pos = s.count - sep.position
                    s.insert(sep.character, at: max(0, min(pos, s.count)))
                }
            }
            out = s.joined()
            if ordinal {
                let last = s.last ?? ""
                var suffix: String
                switch last {
                case "1": suffix = "st"
                case "2": suffix = "nd"
                case "3": suffix = "rd"
                default: suffix = "th"
                }
                if s.count > 1 && s[s.count - 2] == "1" { suffix = "th" }
                out += suffix
            }
        case .sequence:
            throw JSONataError.make("D3130", value: .string(token))
        }
        return negative ? "-" + out : out
    }

    static func decimalToLetters(_ v: Double, upper: Bool) -> String {
        var value = Int(exactly: v.rounded(.towardZero)) ?? 0
        var letters: [Character] = []
        let a: UInt32 = upper ? 65 : 97
        while value > 0 {
            if let u = Unicode.Scalar(UInt32((value - 1) % 26) + a) { letters.insert(Character(u), at: 0) }
            value = (value - 1) / 26
        }
        return String(letters)
    }

    static let romanNumerals: [(Int, String)] = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
        (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]

    static func decimalToRoman(_ v: Double) -> String {
        var value = Int(exactly: v.rounded(.towardZero)) ?? 0
        var out = ""
        var guardCount = 0
        while value > 0 && guardCount < 100_000 {
            guardCount += 1
            for (n, s) in romanNumerals where value >= n {
                out += s
                value -= n
                break
            }
        }
        return out
    }

    static func romanToDecimal(_ roman: String) -> Double {
        let values: [Character: Int] = ["M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1]
        var decimal = 0, maxV = 1
        for ch in roman.reversed() {
            let v = values[ch] ?? 0
            if v < maxV { decimal -= v } else { maxV = v; decimal += v }
        }
        return Double(decimal)
    }

    static func lettersToDecimal(_ letters: String, upper: Bool) -> Double {
        let a = upper ? 65.0 : 97.0
        var decimal = 0.0
        let scalars = Array(letters.unicodeScalars)
        var mult = 1.0
        for u in scalars.reversed() {
            decimal += (Double(u.value) - a + 1) * mult
            mult *= 26
        }
        return decimal
    }

    // MARK: - parsing

    /// The regular expression source matching a formatted integer.
    var regexSource: String {
        let upper = letterCase == .upper
        let occurrences = n > 0 ? "{\(n)}" : "+"
        switch primary {
        case .letters: return upper ? "[A-Z]+" : "[a-z]+"
        case .roman: return upper ? "[MDCLXVI]+" : "[mdclxvi]+"
        case .words: return "(?:" + (NumberWords.wordKeys + ["and", "[\\-, ]"]).joined(separator: "|") + ")+"
        case .decimal:
            var r = "[0-9]\(occurrences)"
            if ordinal { r += "(?:th|st|nd|rd)" }
            return r
        case .sequence: return ""
        }
    }

    func parse(_ value: String) throws(JSONataError) -> Double? {
        switch primary {
        case .letters: return IntegerFormat.lettersToDecimal(value, upper: letterCase == .upper)
        case .roman: return IntegerFormat.romanToDecimal(letterCase == .upper ? value : value.uppercased())
        case .words: return NumberWords.toNumber(value.lowercased())
        case .decimal:
            var digits = Array(value.unicodeScalars)
            if ordinal { digits = Array(digits.dropLast(2)) }
            if regular {
                digits.removeAll { $0 == "," }
            } else {
                for sep in separators { digits.removeAll { String($0) == sep.character } }
            }
            if zeroCode != 0x30 {
                digits = digits.compactMap { Unicode.Scalar($0.value &- zeroCode &+ 0x30) }
            }
            return IntegerFormat.parseIntPrefix(String(String.UnicodeScalarView(digits)))
        case .sequence:
            throw JSONataError.make("D3130", value: .string(token))
        }
    }

    /// JavaScript `parseInt(s, 10)`: leading sign and digits, `nil` for NaN.
    static func parseIntPrefix(_ s: String) -> Double? {
        var u = Substring(s).drop { $0 == " " }
        var neg = false
        if u.first == "-" { neg = true; u = u.dropFirst() } else if u.first == "+" { u = u.dropFirst() }
        var v = 0.0
        var any = false
        for c in u.unicodeScalars {
            guard c.value >= 48 && c.value <= 57 else { break }
            v = v * 10 + Double(c.value - 48)
            any = true
        }
        return any ? (neg ? -v : v) : nil
    }
}

/// English number words for the `w`, `W` and `Ww` pictures.
enum NumberWords {
    static let few = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
                      "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"]
    static let ordinals = ["Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
                           "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth",
                           "Seventeenth", "Eighteenth", "Nineteenth"]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    static func toWords(_ value: Double, ordinal: Bool) -> String {
        lookup(value.rounded(.down), prev: false, ord: ordinal, depth: 0)
    }

    private static func lookup(_ num: Double, prev: Bool, ord: Bool, depth: Int) -> String {
        guard depth < 20 else { return "" }
        var words = ""
        if num <= 19 {
            let i = Int(num)
            words = (prev ? " and " : "") + (ord ? ordinals[i] : few[i])
        } else if num < 100 {
            let tens = Int(num / 10)
            let remainder = num.truncatingRemainder(dividingBy: 10)
            words = (prev ? " and " : "") + decades[tens - 2]
            if remainder > 0 {
                words += "-" + lookup(remainder, prev: false, ord: ord, depth: depth + 1)
            } else if ord {
                words = String(words.dropLast()) + "ieth"
            }
        } else if num < 1000 {
            let hundreds = Int(num / 100)
            let remainder = num.truncatingRemainder(dividingBy: 100)
            words = (prev ? ", " : "") + few[hundreds] + " Hundred"
            if remainder > 0 {
                words += lookup(remainder, prev: true, ord: ord, depth: depth + 1)
            } else if ord {
                words += "th"
            }
        } else {
            var digits = 0
            var t = num
            while t >= 10 { t /= 10; digits += 1 }
            var mag = digits / 3
            if mag > magnitudes.count { mag = magnitudes.count }
            var factor = 1.0
            for _ in 0..<(mag * 3) { factor *= 10 }
            let mant = (num / factor).rounded(.down)
            let remainder = num - mant * factor
            words = (prev ? ", " : "") + lookup(mant, prev: false, ord: false, depth: depth + 1) + " " + magnitudes[mag - 1]
            if remainder > 0 {
                words += lookup(remainder, prev: true, ord: ord, depth: depth + 1)
            } else if ord {
                words += "th"
            }
        }
        return words
    }

    static let wordValues: [(String, Double)] = {
        var out: [(String, Double)] = []
        for (i, w) in few.enumerated() { out.append((w.lowercased(), Double(i))) }
        for (i, w) in ordinals.enumerated() { out.append((w.lowercased(), Double(i))) }
        for (i, w) in decades.enumerated() {
            let lw = w.lowercased()
            out.append((lw, Double((i + 2) * 10)))
            out.append((String(lw.dropLast()) + "ieth", Double((i + 2) * 10)))
        }
        out.append(("hundredth", 100))
        var val = 1000.0
        for w in magnitudes {
            let lw = w.lowercased()
            out.append((lw, val))
            out.append((lw + "th", val))
            val *= 1000
        }
        return out
    }()

    static let wordKeys: [String] = {
        var seen = Set<String>()
        return wordValues.map(\.0).filter { seen.insert($0).inserted }
    }()

    static func toNumber(_ text: String) -> Double {
        var table: [String: Double] = [:]
        for (k, v) in wordValues { table[k] = v }
        // split on ", ", " and ", whitespace or '-'
        var parts: [String] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "," && i + 1 < chars.count && chars[i + 1] == " " {
                parts.append(current); current = ""; i += 2; continue
            }
            if chars[i] == " " && i + 4 < chars.count + 0 && String(chars[i..<min(i + 5, chars.count)]) == " and " {
                parts.append(current); current = ""; i += 5; continue
            }
            if chars[i] == " " || chars[i] == "-" || chars[i] == "\\" {
                parts.append(current); current = ""; i += 1; continue
            }
            current.append(chars[i])
            i += 1
        }
        parts.append(current)
        var segs: [Double] = [0]
        for p in parts {
            guard let value = table[p] else {
                // undefined in JS arithmetic → NaN
                return .nan
            }
            if value < 100 {
                var top = segs.popLast() ?? 0
                if top >= 1000 {
                    segs.append(top)
                    top = 0
                }
                segs.append(top + value)
            } else {
                segs.append((segs.popLast() ?? 0) * value)
            }
        }
        return segs.reduce(0, +)
    }
}
