import Foundation
import SluiceJSON

/// Reading definitions and inputs the way the command line accepts them.
enum DefinitionSource {
    /// The text of a file, with `${KEY}` substitutions applied (as SAM's DefinitionSubstitutions do).
    static func read(path: String, substitutions: [String: String] = [:]) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path)")
        }
        guard var text = String(data: data, encoding: .utf8) else { throw CLIError("\(path) is not UTF-8 text") }
        for (key, value) in substitutions { text = text.replacingOccurrences(of: "${\(key)}", with: value) }
        return text
    }

    /// `--input JSON` or `--input @FILE`.
    static func input(_ argument: String?) throws -> JSONValue {
        guard var text = argument else { return .object(JSONObject()) }
        if text.hasPrefix("@") { text = try read(path: String(text.dropFirst())) }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw CLIError("the input is not valid JSON: \(error)")
        }
    }

    /// `KEY=VALUE` pairs.
    static func pairs(_ items: [String], option: String) throws -> [(String, String)] {
        try items.map { item in
            guard let eq = item.firstIndex(of: "=") else { throw CLIError("\(option) takes KEY=VALUE, got \(item)") }
            return (String(item[..<eq]), String(item[item.index(after: eq)...]))
        }
    }
}

/// A usage or input error, printed on stderr.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
