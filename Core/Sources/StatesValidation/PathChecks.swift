import SluiceJSON
import StatesJSONPath

/// JSONPath-mode expression checks: paths, `.$` values and payload templates, compiled with
/// `StatesJSONPath` exactly as the interpreter will compile them.
extension ValidationContext {
    /// Whether the JSONPath compiler is usable. While `StatesJSONPath` is a placeholder that rejects
    /// every path, path checks are skipped rather than refusing every definition.
    static let pathCheckingAvailable: Bool = (try? Path("$")) != nil

    /// A path field (`InputPath`, `ItemsPath`, `Variable`, …). `reference` requires a Reference
    /// Path (one node: no wildcards, filters, slices or deep scan).
    /// `allowContext: false` refuses the context object (`$$…`), as AWS does for the Map's numeric
    /// `…Path` fields.
    mutating func checkPath(
        _ value: JSONValue, field: String, allowNull: Bool, reference: Bool, allowContext: Bool = true,
        at location: Location
    ) {
        if allowNull, value.isNull { return }
        guard expect(.string, value, at: location), case .string(let text) = value else { return }
        guard Self.pathCheckingAvailable else { return }
        if reference, !text.hasPrefix("$") {
            schemaError("Value is not a Reference Path: Reference path didn't start with '$'", at: location)
            return
        }
        do {
            let path = try Path(text)
            if reference, !path.isReferencePath || (!allowContext && text.hasPrefix("$$")) {
                schemaError("Value is not a Reference Path", at: location)
            }
        } catch {
            schemaError("Value must be a valid JSONPath.", at: location)
        }
    }

    /// A field holding a path or an intrinsic function call (`ErrorPath`, `CausePath`).
    mutating func checkDynamicValue(_ value: JSONValue, field: String, at location: Location) {
        guard expect(.string, value, at: location), case .string(let text) = value else { return }
        guard Self.pathCheckingAvailable else { return }
        do {
            _ = try DynamicValue(text)
        } catch {
            schemaError("The value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call",
                at: location)
        }
    }

    /// A JSONPath-mode payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`,
    /// `BatchInput`, …): every key ending in `.$` needs a string holding a path or an intrinsic
    /// function call. Errors are located at the object holding the key, like AWS does.
    mutating func checkPayloadTemplate(_ value: JSONValue, at location: Location, depth: Int = 0) {
        guard depth < Self.maxValueDepth else {
            error(DiagnosticCode.tooDeeplyNested, "The definition is too deeply nested", at: location)
            return
        }
        switch value {
        case .object(let object):
            for member in object {
                if member.key.hasSuffix(".$") {
                    checkTemplateExpression(member.value, key: member.key, at: location)
                } else {
                    checkPayloadTemplate(member.value, at: location.child(member.key), depth: depth + 1)
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                checkPayloadTemplate(item, at: location.index(i), depth: depth + 1)
            }
        default:
            break
        }
    }

    private mutating func checkTemplateExpression(_ value: JSONValue, key: String, at location: Location) {
        guard case .string(let text) = value else {
            let kind = Self.kindName(value)
            let article = kind.first.map { "AEIOU".contains($0) } == true ? "an" : "a"
            schemaError("The value for the field '\(key)' must be a STRING that contains a JSONPath but was \(article) \(kind)",
                at: location)
            return
        }
        guard Self.pathCheckingAvailable else { return }
        do {
            _ = try DynamicValue(text)
        } catch {
            schemaError("The value for the field '\(key)' must be a valid JSONPath or a valid intrinsic function call",
                at: location)
        }
    }

    static func kindName(_ value: JSONValue) -> String {
        switch value {
        case .null: "NULL"
        case .bool: "BOOLEAN"
        case .number(let n): n.isIntegerLiteral ? "INTEGER" : "NUMBER"
        case .string: "STRING"
        case .array: "ARRAY"
        case .object: "OBJECT"
        }
    }
}
