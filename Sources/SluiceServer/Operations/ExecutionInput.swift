import SluiceAPI
import SluiceJSON

/// The `input` member of StartExecution/StartSyncExecution: JSON text, refused with AWS's
/// `InvalidExecutionInput` (worded like the Jackson messages AWS shows) when it does not parse.
enum ExecutionInput {
    static func parse(_ text: String) throws(AWSError) -> JSONValue {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard !trimmed.isEmpty else { throw AWSError.invalidExecutionInput("Invalid execution input.") }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw AWSError.invalidExecutionInput(describe(error, in: Array(text.utf8)))
        }
    }

    static func describe(_ error: JSONParseError, in bytes: [UInt8]) -> String {
        switch error.reason {
        case .unexpectedCharacter(let byte):
            if isLetter(byte) {
                var begin = min(error.offset, bytes.count)
                while begin > 0, isLetter(bytes[begin - 1]) { begin -= 1 }
                var end = error.offset
                while end < bytes.count, isLetter(bytes[end]) || (bytes[end] >= 0x30 && bytes[end] <= 0x39) { end += 1 }
                let token = String(decoding: bytes[begin..<end], as: UTF8.self)
                return
                    "Unrecognized token '\(token)': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
            }
            let shown = "'\(Character(Unicode.Scalar(byte)))' (code \(byte))"
            if precededByObjectStart(bytes, error.offset) {
                return "Unexpected character (\(shown)): was expecting double-quote to start field name"
            }
            return "Unexpected character (\(shown))"
        case .unexpectedEnd: return "Unexpected end-of-input"
        default: return error.description
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func precededByObjectStart(_ bytes: [UInt8], _ offset: Int) -> Bool {
        var i = offset - 1
        while i >= 0, i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i -= 1
            case UInt8(ascii: "{"), UInt8(ascii: ","): return true
            default: return false
            }
        }
        return false
    }
}
