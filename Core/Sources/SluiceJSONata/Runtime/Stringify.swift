/// JavaScript-compatible rendering of numbers and values (`Number#toString`, `JSON.stringify`,
/// and JSONata's `$string` with its 15-significant-digit rule).
enum Stringify {
    /// Decimal digits and exponent of the shortest round-trip representation of `d` (> 0, finite):
    /// value = 0.d1d2…dk × 10^exponent.
    static func shortestDigits(_ d: Double) -> (digits: [UInt8], exponent: Int) {
        let desc = d.magnitude.description
        var mantissa = Substring(desc)
        var exp = 0
        if let e = desc.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = desc[desc.startIndex..<e]
            exp = Int(desc[desc.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var pointPos: Int?
        for ch in mantissa.utf8 {
            if ch == UInt8(ascii: ".") {
                pointPos = digits.count
            } else {
                digits.append(ch - 48)
            }
        }
        var intLen = pointPos ?? digits.count
        // strip leading zeros
        var lead = 0
        while lead < digits.count - 1 && digits[lead] == 0 {
            lead += 1
            intLen -= 1
        }
        digits.removeFirst(lead)
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        if digits == [0] { return ([0], 1) }
        return (digits, intLen + exp)
    }

    /// Formats digits/exponent the way JavaScript's `Number#toString` does.
    static func jsFormat(negative: Bool, digits: [UInt8], exponent n: Int) -> String {
        var out = negative ? "-" : ""
        let k = digits.count
        func app(_ ds: ArraySlice<UInt8>) { for x in ds { out.unicodeScalars.append(Unicode.Scalar(x + 48)) } }
        if k <= n && n <= 21 {
            app(digits[...])
            out += String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            app(digits[0..<n])
            out += "."
            app(digits[n...])
        } else if -6 < n && n <= 0 {
            out += "0."
            out += String(repeating: "0", count: -n)
            app(digits[...])
        } else {
            let e = n - 1
            app(digits[0..<1])
            if k > 1 {
                out += "."
                app(digits[1...])
            }
            out += e >= 0 ? "e+\(e)" : "e-\(-e)"
        }
        return out
    }

    /// JavaScript `String(number)`.
    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return "0" }
        if d.magnitude < 9.0e15, d == d.rounded(.towardZero) { return String(Int64(d)) }
        let (digits, n) = shortestDigits(d)
        return jsFormat(negative: d < 0, digits: digits, exponent: n)
    }

    /// Digits rounded to `precision` significant digits (half away from zero on the decimal digits).
    static func roundDigits(_ digits: [UInt8], exponent: Int, precision: Int) -> (digits: [UInt8], exponent: Int) {
        guard digits.count > precision else { return (digits, exponent) }
        var ds = Array(digits[0..<precision])
        var exp = exponent
        if digits[precision] >= 5 {
            var i = precision - 1
            while i >= 0 {
                if ds[i] == 9 {
                    ds[i] = 0
                    i -= 1
                } else {
                    ds[i] += 1
                    break
                }
            }
            if i < 0 {
                ds.insert(1, at: 0)
                ds.removeLast()
                exp += 1
            }
        }
        while ds.count > 1 && ds.last == 0 { ds.removeLast() }
        return (ds, exp)
    }

    /// `Number(d.toPrecision(15))` rendered as a JavaScript string.
    static func number15(_ d: Double) -> String {
        if !d.isFinite || d == 0 { return number(d) }
        if d.magnitude < 1e15, d == d.rounded(.towardZero) { return String(Int64(d)) }
        let (digits, n) = shortestDigits(d)
        let (rd, rn) = roundDigits(digits, exponent: n, precision: 15)
        return jsFormat(negative: d < 0, digits: rd, exponent: rn)
    }

    /// The value `Number(d.toPrecision(15))`.
    static func precision15(_ d: Double) -> Double {
        Double(number15(d)) ?? d
    }

    /// JSONata `$string` of a non-string value: JSON with numbers at 15 significant digits.
    static func string(_ v: JV, prettify: Bool = false, forError: Bool = false) -> String {
        var out = ""
        var value = v
        if case .array(let a) = v, a.outerWrapper, let first = a.items.first { value = first }
        var budget = 2_000_000
        write(value, into: &out, indent: prettify ? 0 : nil, depth: 0, budget: &budget)
        return out
    }

    /// Appends the JSON text of `v`; `budget` bounds the nodes written (values made cyclic by a
    /// transform are cut off instead of looping).
    static func write(_ v: JV, into out: inout String, indent: Int?, depth: Int, budget: inout Int) {
        budget -= 1
        if depth > 1000 || budget < 0 { out += "null"; return }
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += d.isFinite ? number15(d) : "null"
        case .string(let s): quote(s, into: &out)
        case .function: out += "\"\""
        case .tuples(let t):
            write(.array(JArray(t.items.compactMap(\.context))), into: &out, indent: indent, depth: depth + 1, budget: &budget)
        case .array(let a):
            if a.items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in a.items.enumerated() {
                if i > 0 { out += "," }
                if let ind = indent { newline(&out, ind + 1) }
                write(item, into: &out, indent: indent.map { $0 + 1 }, depth: depth + 1, budget: &budget)
            }
            if let ind = indent { newline(&out, ind) }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            var first = true
            for (k, val) in o.entries {
                if !first { out += "," }
                first = false
                if let ind = indent { newline(&out, ind + 1) }
                quote(k, into: &out)
                out += indent == nil ? ":" : ": "
                write(val, into: &out, indent: indent.map { $0 + 1 }, depth: depth + 1, budget: &budget)
            }
            if let ind = indent { newline(&out, ind) }
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ level: Int) {
        out += "\n"
        out += String(repeating: "  ", count: level)
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
