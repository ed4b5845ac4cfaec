import DynamoDBExpressions
import Foundation
import SluiceJSON

/// The members of one DynamoDB request, read with AWS's checks and messages. Member names in
/// messages are camelCase (`tableName`), as DynamoDB writes them.
struct RequestReader: Sendable {
    let object: JSONObject

    init(_ object: JSONObject) { self.object = object }

    func value(_ name: String) -> JSONValue? {
        guard let v = object[name], !v.isNull else { return nil }
        return v
    }

    static func camel(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }

    static func typeError(_ name: String, _ expected: String) -> DynamoDBError {
        DynamoDBError("SerializationException", "Unexpected value type for '\(name)': expected \(expected)")
    }

    func string(_ name: String) throws(DynamoDBError) -> String? {
        guard let v = value(name) else { return nil }
        guard case .string(let s) = v else { throw Self.typeError(name, "a string") }
        return s
    }

    func requiredString(_ name: String) throws(DynamoDBError) -> String {
        guard let s = try string(name) else { throw DynamoDBError.missing(Self.camel(name)) }
        return s
    }

    func bool(_ name: String) throws(DynamoDBError) -> Bool? {
        guard let v = value(name) else { return nil }
        guard case .bool(let b) = v else { throw Self.typeError(name, "a boolean") }
        return b
    }

    func int(_ name: String) throws(DynamoDBError) -> Int? {
        guard let v = value(name) else { return nil }
        guard case .number(let n) = v, let i = n.intValue else { throw Self.typeError(name, "an integer") }
        return i
    }

    func object(_ name: String) throws(DynamoDBError) -> JSONObject? {
        guard let v = value(name) else { return nil }
        guard case .object(let o) = v else { throw Self.typeError(name, "an object") }
        return o
    }

    func array(_ name: String) throws(DynamoDBError) -> [JSONValue]? {
        guard let v = value(name) else { return nil }
        guard case .array(let a) = v else { throw Self.typeError(name, "a list") }
        return a
    }

    /// An enum member: `Member must satisfy enum value set: [A, B]`.
    func enumeration(_ name: String, _ allowed: [String]) throws(DynamoDBError) -> String? {
        guard let s = try string(name) else { return nil }
        guard allowed.contains(s) else {
            throw DynamoDBError.constraint(
                Self.camel(name), value: s, "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
        return s
    }

    /// `TableName`: a name (3…255 of `[a-zA-Z0-9_.-]`, at least 1 for data operations) or a table ARN.
    func tableName(minLength: Int = 1) throws(DynamoDBError) -> String {
        var name = try requiredString("TableName")
        if name.hasPrefix("arn:"), let slash = name.range(of: ":table/") {
            name = String(name[slash.upperBound...])
        }
        let length = name.unicodeScalars.count
        if length < minLength {
            throw DynamoDBError.constraint(
                "tableName", value: name, "Member must have length greater than or equal to \(minLength)")
        }
        if length > 255 {
            throw DynamoDBError.constraint("tableName", value: name, "Member must have length less than or equal to 255")
        }
        let valid = name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E
                || c == 0x2D
        }
        if !valid {
            throw DynamoDBError.constraint(
                "tableName", value: name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        }
        return name
    }

    /// An item-shaped member (`Item`, `Key`, `ExclusiveStartKey`).
    func item(_ name: String) throws(DynamoDBError) -> Item? {
        guard let o = try object(name) else { return nil }
        do {
            return try AttributeValue.item(json: o)
        } catch {
            throw DynamoDBError.expression(error)
        }
    }

    /// ExpressionAttributeNames and ExpressionAttributeValues with AWS's checks of their keys.
    /// `usesExpressions` tells whether the request has any expression at all.
    func expressionAttributes(usesExpressions: Bool) throws(DynamoDBError) -> ExpressionAttributes {
        var names: [String: String] = [:]
        var values: [String: AttributeValue] = [:]
        if let o = try object("ExpressionAttributeNames") {
            if o.isEmpty { throw DynamoDBError.validation("ExpressionAttributeNames must not be empty") }
            if !usesExpressions {
                throw DynamoDBError.validation("ExpressionAttributeNames can only be specified when using expressions")
            }
            for (key, value) in o {
                guard key.hasPrefix("#"), key.count > 1 else {
                    throw DynamoDBError.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"\(key)\"")
                }
                guard case .string(let name) = value else { throw Self.typeError("ExpressionAttributeNames", "a map of strings") }
                if name.isEmpty {
                    throw DynamoDBError.validation("ExpressionAttributeNames contains invalid value: Empty attribute name for key \(key)")
                }
                names[key] = name
            }
        }
        if let o = try object("ExpressionAttributeValues") {
            if o.isEmpty { throw DynamoDBError.validation("ExpressionAttributeValues must not be empty") }
            if !usesExpressions {
                throw DynamoDBError.validation("ExpressionAttributeValues can only be specified when using expressions")
            }
            for (key, value) in o {
                guard key.hasPrefix(":"), key.count > 1 else {
                    throw DynamoDBError.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"\(key)\"")
                }
                do {
                    values[key] = try AttributeValue(json: value)
                } catch {
                    if error.isSerialization { throw DynamoDBError.expression(error) }
                    throw DynamoDBError.validation(
                        "ExpressionAttributeValues contains invalid value: \(error.message) for key \(key)")
                }
            }
        }
        return ExpressionAttributes(names: names, values: values)
    }
}
