extension JSONValue {
    /// The compact JSON text of this value, as AWS writes it (no spaces, `/` not escaped).
    public var serialized: String {
        var out = ""
        JSONSerializer.write(self, into: &out)
        return out
    }

    /// The JSON text with two-space indentation, for people to read.
    public var prettyPrinted: String {
        var out = ""
        JSONSerializer.writePretty(self, indent: 0, into: &out)
        return out
    }
}

/// Writes `JSONValue`s as JSON text.
enum JSONSerializer {
    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): JSONNumber.write(n, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out += "["
            var first = true
            for v in a {
                if !first { out += "," }
                first = false
                write(v, into: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for m in o {
                if !first { out += "," }
                first = false
                writeString(m.key, into: &out)
                out += ":"
                write(m.value, into: &out)
            }
            out += "}"
        }
    }

    static func writePretty(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, v) in a.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                writePretty(v, indent: indent + 1, into: &out)
                out += i == a.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, m) in o.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                writeString(m.key, into: &out)
                out += ": "
                writePretty(m.value, indent: indent + 1, into: &out)
                out += i == o.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        default:
            write(value, into: &out)
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
