import SluiceJSON

/// The JSON kinds AWS names in `Expected value of type [...]`.
enum ValueKind: String {
    case string = "STRING"
    case integer = "INTEGER"
    case number = "NUMBER"
    case boolean = "BOOLEAN"
    case object = "OBJECT"
    case array = "ARRAY"

    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.boolean, .bool), (.object, .object), (.array, .array), (.number, .number): true
        case (.integer, .number(let n)): n.isIntegerLiteral || n.isIntegral
        default: false
        }
    }
}

/// Small reusable checks whose messages are shared by every state type.
extension ValidationContext {
    /// Reports `Expected value of type [KIND]` and returns false when `value` is not of `kind`.
    @discardableResult
    mutating func expect(_ kind: ValueKind, _ value: JSONValue, at location: Location) -> Bool {
        if kind.matches(value) { return true }
        schemaError("Expected value of type [\(kind.rawValue)]", at: location)
        return false
    }

    /// An integer field with an inclusive lower bound (and optional upper bound).
    mutating func expectInteger(_ value: JSONValue, minimum: Int64, maximum: Int64? = nil, at location: Location) {
        guard expect(.integer, value, at: location), case .number(let n) = value else { return }
        guard let v = n.int64Value else {
            // Integer literals beyond 64 bits: only the sign matters for a lower bound.
            if n.doubleValue < Double(minimum) { schemaError("Minimum value is \(minimum)", at: location) }
            return
        }
        if v < minimum {
            schemaError("Minimum value is \(minimum)", at: location)
        } else if let maximum, v > maximum {
            schemaError("Maximum value is \(maximum)", at: location)
        }
    }

    /// A number field with inclusive bounds written like AWS (`Minimum value is 0.0`).
    mutating func expectNumber(_ value: JSONValue, minimum: Double, maximum: Double?, at location: Location) {
        guard expect(.number, value, at: location), case .number(let n) = value else { return }
        let v = n.doubleValue
        if v < minimum {
            schemaError("Minimum value is \(formatBound(minimum))", at: location)
        } else if let maximum, v > maximum {
            schemaError("Maximum value is \(formatBound(maximum))", at: location)
        }
    }

    private func formatBound(_ d: Double) -> String {
        if d.rounded() == d, abs(d) < 1e15 { return "\(Int64(d)).0" }
        return "\(d)"
    }

    /// At most one of `fields` may be present in `object`; reported at the object.
    mutating func expectAtMostOne(of fields: [String], in object: JSONObject, at location: Location) {
        var present = 0
        for field in fields where object[field] != nil { present += 1 }
        if present > 1 {
            schemaError("There should only be one of the following fields: [\(fields.joined(separator: ", "))]",
                at: location)
        }
    }

    /// Reports missing required fields the way AWS does: `These fields are required: [Next]`.
    mutating func expectRequired(_ required: [String], in object: JSONObject, at location: Location) {
        let missing = required.filter { object[$0] == nil }
        guard !missing.isEmpty else { return }
        schemaError("These fields are required: [\(missing.joined(separator: ", "))]", at: location)
    }

    /// An enumerated string field: `The field 'X' should have one of these values: [A, B]`.
    mutating func expectOneOf(_ allowed: [String], field: String, _ value: JSONValue, at location: Location) {
        guard expect(.string, value, at: location), case .string(let s) = value else { return }
        if !allowed.contains(s) {
            schemaError("The field '\(field)' should have one of these values: [\(allowed.joined(separator: ", "))]",
                at: location)
        }
    }

    mutating func unsupportedField(_ name: String, at location: Location) {
        schemaError("Field '\(name)' is not supported", at: location)
    }
}

/// JSONata expression framing: a string written `{% … %}`.
public enum JSONataText {
    public static func isExpression(_ value: JSONValue) -> Bool {
        guard case .string(let s) = value else { return false }
        return isExpression(s)
    }

    public static func isExpression(_ s: String) -> Bool {
        s.utf8.count >= 4 && s.hasPrefix("{%") && s.hasSuffix("%}")
    }

    /// The expression inside a `{% … %}` string, trimmed of blanks; `nil` for a literal string.
    public static func body(_ text: String) -> String? {
        guard isExpression(text) else { return nil }
        let utf8 = text.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
        var start = utf8.index(utf8.startIndex, offsetBy: 2)
        var end = utf8.index(utf8.endIndex, offsetBy: -2)
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(text[start..<end])
    }
}
