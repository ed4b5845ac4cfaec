public import SluiceJSON

/// The members of one request body, read with AWS's constraint checks.
///
/// Missing required members and violated constraints become `ValidationException`s worded like
/// AWS's (`1 validation error detected: …`); a member of the wrong JSON type is a
/// `SerializationException`, as the AWS JSON protocol answers.
public struct RequestFields: Sendable {
    public let object: JSONObject

    public init(_ object: JSONObject) { self.object = object }

    /// Parses a request body: a JSON object (an empty body counts as `{}`).
    public init(body: [UInt8]) throws(AWSError) {
        var start = 0
        while start < body.count, body[start] == 0x20 || body[start] == 0x0A || body[start] == 0x0D || body[start] == 0x09 {
            start += 1
        }
        if start == body.count {
            self.object = JSONObject()
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body, maxDepth: 128)
        } catch {
            throw AWSError.serialization("Malformed request body: \(error)")
        }
        guard case .object(let object) = value else {
            throw AWSError.serialization("Request body must be a JSON object")
        }
        self.object = object
    }

    /// A member, with JSON `null` read as absent (as the AWS SDKs serialise).
    public func value(_ name: String) -> JSONValue? {
        guard let value = object[name], !value.isNull else { return nil }
        return value
    }

    public func string(_ name: String, min: Int = 0, max: Int? = nil) throws(AWSError) -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else {
            throw AWSError.serialization("Unexpected value type for '\(name)': expected a string")
        }
        let length = text.unicodeScalars.count
        if length < min {
            throw AWSError.constraint(
                field: name, value: text, "Member must have length greater than or equal to \(min)")
        }
        if let max, length > max {
            throw AWSError.constraint(field: name, value: text, "Member must have length less than or equal to \(max)")
        }
        return text
    }

    public func requiredString(_ name: String, min: Int = 0, max: Int? = nil) throws(AWSError) -> String {
        guard let text = try string(name, min: min, max: max) else { throw AWSError.missingField(name) }
        return text
    }

    public func int(_ name: String, min: Int? = nil, max: Int? = nil) throws(AWSError) -> Int? {
        guard let value = value(name) else { return nil }
        guard case .number(let number) = value, let int = number.intValue else {
            throw AWSError.serialization("Unexpected value type for '\(name)': expected an integer")
        }
        if let min, int < min {
            throw AWSError.constraint(field: name, value: String(int), "Member must have value greater than or equal to \(min)")
        }
        if let max, int > max {
            throw AWSError.constraint(field: name, value: String(int), "Member must have value less than or equal to \(max)")
        }
        return int
    }

    public func bool(_ name: String) throws(AWSError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else {
            throw AWSError.serialization("Unexpected value type for '\(name)': expected a boolean")
        }
        return flag
    }

    /// A string member restricted to an enum; AWS lists the allowed values in its message.
    public func enumeration(_ name: String, allowed: [String]) throws(AWSError) -> String? {
        guard let text = try string(name) else { return nil }
        guard allowed.contains(text) else {
            throw AWSError.constraint(
                field: name, value: text,
                "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
        return text
    }

    public func object(_ name: String) throws(AWSError) -> JSONObject? {
        guard let value = value(name) else { return nil }
        guard case .object(let object) = value else {
            throw AWSError.serialization("Unexpected value type for '\(name)': expected an object")
        }
        return object
    }

    public func array(_ name: String) throws(AWSError) -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard case .array(let array) = value else {
            throw AWSError.serialization("Unexpected value type for '\(name)': expected a list")
        }
        return array
    }
}
