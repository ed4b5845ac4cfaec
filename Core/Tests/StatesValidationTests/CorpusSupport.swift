import Foundation
import SluiceJSON

/// Reads the shared conformance corpus in place (`../shared/conformance` from the repository root).
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // StatesValidationTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // Core
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/conformance")
        .standardizedFileURL

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.path) }

    /// The case folders of one corpus section, sorted by name.
    static func cases(in section: String) -> [URL] {
        let folder = root.appendingPathComponent(section)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }.filter { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    static func text(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func json(_ url: URL) -> JSONValue? {
        guard let text = text(url) else { return nil }
        return try? JSONValue(parsing: text)
    }

    /// Fixture placeholders (`<stub:…create_activity()…>`) stand for real ARNs in the recordings;
    /// put back ARNs of the right kind.
    static func replacingStubs(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s) where s.hasPrefix("<stub:"):
            return s.contains("activity")
                ? "arn:aws:states:us-east-1:111111111111:activity:stub"
                : "arn:aws:lambda:us-east-1:111111111111:function:stub"
        case .array(let items):
            return .array(items.map(replacingStubs))
        case .object(let object):
            return .object(JSONObject(uniqueMembers: object.map { (key: $0.key, value: replacingStubs($0.value)) }))
        default:
            return value
        }
    }

}

/// Python's `repr` of a string, which the recorded Map-label messages embed.
func pythonRepr(_ s: String) -> String {
    let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case quote: out += "\\" + String(quote)
        default:
            let v = scalar.value
            if v < 0x20 || (0x7F...0xA0).contains(v) {
                let hex = String(v, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out.unicodeScalars.append(quote)
    return out
}
