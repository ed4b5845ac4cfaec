import SluiceJSON
import StatesJSONPath
import StatesValidation

/// Typed access to the members of one definition object, with AWS-style errors that name the
/// object's location (`/States/X`).
struct FieldReader {
    let object: JSONObject
    /// The JSON pointer of `object` in the document, e.g. `/States/Wait`.
    let location: String

    init(_ value: JSONValue, at location: String) throws(DefinitionError) {
        guard case .object(let object) = value else {
            throw DefinitionError.schema("Expected value of type Object", at: location)
        }
        self.object = object
        self.location = location
    }

    func at(_ key: String) -> String { "\(location)/\(key)" }

    func has(_ key: String) -> Bool { object[key] != nil }

    subscript(key: String) -> JSONValue? { object[key] }

    func string(_ key: String) throws(DefinitionError) -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let s) = value else { throw DefinitionError.schema("Expected value of type String", at: at(key)) }
        return s
    }

    func requiredString(_ key: String) throws(DefinitionError) -> String {
        guard let s = try string(key) else { throw DefinitionError.schema("These fields are required: [\(key)]", at: location) }
        return s
    }

    func bool(_ key: String) throws(DefinitionError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard case .bool(let b) = value else { throw DefinitionError.schema("Expected value of type Boolean", at: at(key)) }
        return b
    }

    func number(_ key: String) throws(DefinitionError) -> JSONNumber? {
        guard let value = object[key] else { return nil }
        guard case .number(let n) = value else { throw DefinitionError.schema("Expected value of type Number", at: at(key)) }
        return n
    }

    func int(_ key: String) throws(DefinitionError) -> Int? {
        guard let n = try number(key) else { return nil }
        guard let i = n.intValue else { throw DefinitionError.schema("Expected value of type Integer", at: at(key)) }
        return i
    }

    func array(_ key: String) throws(DefinitionError) -> [JSONValue]? {
        guard let value = object[key] else { return nil }
        guard case .array(let a) = value else { throw DefinitionError.schema("Expected value of type Array", at: at(key)) }
        return a
    }

    func stringArray(_ key: String) throws(DefinitionError) -> [String]? {
        guard let items = try array(key) else { return nil }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case .string(let s) = item else { throw DefinitionError.schema("Expected value of type String", at: at(key)) }
            result.append(s)
        }
        return result
    }

    /// A path-valued field (`InputPath`, `ItemsPath`, `…Path`); `nil` when absent.
    func path(_ key: String) throws(DefinitionError) -> Path? {
        guard let text = try string(key) else { return nil }
        return try compilePath(text, at: at(key))
    }

    /// `InputPath`/`OutputPath`/`ItemsPath`: absent or `$` → identity, `null` → `.null`.
    func inputOutputPath(_ key: String) throws(DefinitionError) -> InputOutputPath {
        guard let value = object[key] else { return .identity }
        switch value {
        case .null: return .null
        case .string("$"): return .identity
        case .string(let text): return .path(try compilePath(text, at: at(key)))
        default: throw DefinitionError.schema("Expected value of type String", at: at(key))
        }
    }

    /// `ResultPath`: absent → `$`, `null` → discard the result.
    func resultPath(_ key: String = "ResultPath") throws(DefinitionError) -> ResultPath {
        let text: String?
        switch object[key] {
        case nil: text = "$"
        case .null?: text = nil
        case .string(let s)?: text = s
        default: throw DefinitionError.schema("Expected value of type String", at: at(key))
        }
        do {
            return try ResultPath(text)
        } catch {
            throw DefinitionError("INVALID_JSON_PATH: Invalid JSON path: \(text ?? "null") at \(at(key))")
        }
    }

    /// A JSONPath-mode payload template (`Parameters`, `ResultSelector`, …).
    func payloadTemplate(_ key: String) throws(DefinitionError) -> PayloadTemplate? {
        guard let value = object[key] else { return nil }
        do {
            return try PayloadTemplate(value)
        } catch {
            throw DefinitionError("SCHEMA_VALIDATION_FAILED: \(error.message) at \(at(key))")
        }
    }
}

func compilePath(_ text: String, at location: String) throws(DefinitionError) -> Path {
    do {
        return try Path(text)
    } catch {
        throw DefinitionError("INVALID_JSON_PATH: Invalid JSON path: \(text) at \(location)")
    }
}

/// Whether `value` is a JSONata expression string: `{% … %}`.
func isJSONataExpression(_ value: JSONValue) -> Bool { JSONataText.isExpression(value) }

extension DefinitionError {
    static func schema(_ message: String, at location: String) -> DefinitionError {
        DefinitionError("SCHEMA_VALIDATION_FAILED: \(message) at \(location)")
    }
}
