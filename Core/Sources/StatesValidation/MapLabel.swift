import SluiceJSON

/// A Distributed Map's `Label`: 1 to 40 characters, none of them whitespace, brackets, wildcards,
/// the specials `" # % \ ^ | ~ ` $ & , ; : /` or control characters.
enum MapLabel {
    static let maxLength = 40

    static func check(_ value: JSONValue, at location: Location, in context: inout ValidationContext) {
        guard context.expect(.string, value, at: location), case .string(let label) = value else { return }
        if let message = problem(in: label) {
            context.error(DiagnosticCode.invalidLabelName, message, at: location)
        }
    }

    /// The reason a label is refused, or `nil` when it is acceptable.
    static func problem(in label: String) -> String? {
        if label.isEmpty { return "Label cannot be empty" }
        if label.unicodeScalars.count > maxLength { return "Label cannot exceed \(maxLength) characters" }
        for scalar in label.unicodeScalars where isForbidden(scalar) {
            return "Label contains invalid character: \(quoted(scalar))"
        }
        return nil
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if scalar.properties.isWhitespace { return true }
        return "[]{}<>?*\"#%\\^|~`$&,;:/".unicodeScalars.contains(scalar)
    }

    /// The character quoted the way the recorded message shows it: `' '`, `'\n'`, `'\x85'`.
    static func quoted(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "'\\n'"
        case "\r": return "'\\r'"
        case "\t": return "'\\t'"
        case "\\": return "'\\\\'"
        case "'": return "\"'\""
        default:
            let v = scalar.value
            if v < 0x20 || (0x7F...0xA0).contains(v) {
                let hex = String(v, radix: 16)
                return "'\\x" + (hex.count < 2 ? "0" + hex : hex) + "'"
            }
            return "'\(Character(scalar))'"
        }
    }
}
