import SluiceJSON

extension JSONValue {
    /// The value as Java's `toString` renders the parsed JSON, which is what `States.Format` inserts:
    /// strings bare, objects as `{a=1, b=[x, y]}`, arrays as `[1, 2]`.
    var javaToString: String {
        var out = ""
        writeJavaString(into: &out, depth: 0)
        return out
    }

    private func writeJavaString(into out: inout String, depth: Int) {
        guard depth < 512 else { return }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isIntegerLiteral ? n.description : JSONValue.javaDoubleString(n.doubleValue)
        case .string(let s): out += s
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += ", " }
                v.writeJavaString(into: &out, depth: depth + 1)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, m) in o.enumerated() {
                if i > 0 { out += ", " }
                out += m.key
                out += "="
                m.value.writeJavaString(into: &out, depth: depth + 1)
            }
            out += "}"
        }
    }
}

extension JSONValue {
    /// Java's `Double.toString`: plain decimals in [10⁻³, 10⁷), otherwise `d.dddE±n`.
    static func javaDoubleString(_ d: Double) -> String {
        guard d.isFinite else { return d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity") }
        let magnitude = abs(d)
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            let text = d.description
            if text.contains("e") { return scientific(d) }
            return text.contains(".") ? text : text + ".0"
        }
        return scientific(d)
    }

    /// The shortest round-trip digits of `d` written as Java's computerized scientific notation.
    private static func scientific(_ d: Double) -> String {
        let text = abs(d).description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var pointOffset = 0
        var seenPoint = false
        for c in mantissa {
            if c == "." {
                seenPoint = true
                continue
            }
            digits.append(c)
            if !seenPoint { pointOffset += 1 }
        }
        // Drop leading zeros, adjusting where the decimal point falls.
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            pointOffset -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        exponent += pointOffset - 1
        let first = digits.prefix(1)
        let rest = digits.dropFirst()
        return (d < 0 ? "-" : "") + first + "." + (rest.isEmpty ? "0" : rest) + "E" + String(exponent)
    }
}
