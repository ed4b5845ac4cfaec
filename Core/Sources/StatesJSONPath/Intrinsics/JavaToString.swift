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
        case .number(let n): out += n.description
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
