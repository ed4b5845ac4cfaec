import SluiceJSON

/// The JSON body of a Lambda REST request, read member by member with AWS's validation messages.
struct LambdaRequestBody: Sendable {
    let object: JSONObject

    init(_ bytes: [UInt8]) throws(LambdaError) {
        if bytes.isEmpty {
            object = JSONObject()
            return
        }
        guard let value = try? JSONValue(parsing: bytes), case .object(let o) = value else {
            throw LambdaError.invalidRequestContent("Could not parse request body into json: Could not parse payload into json")
        }
        object = o
    }

    func has(_ name: String) -> Bool { object[name].map { !$0.isNull } ?? false }

    func string(_ name: String) throws(LambdaError) -> String? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let s = value.stringValue else { throw Self.wrongType(name) }
        return s
    }

    func int(_ name: String, min: Int, max: Int, field: String) throws(LambdaError) -> Int? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let n = value.numberValue?.intValue else { throw Self.wrongType(name) }
        if n < min {
            throw LambdaError.validation(
                "1 validation error detected: Value '\(n)' at '\(field)' failed to satisfy constraint: Member must have value greater than or equal to \(min)"
            )
        }
        if n > max {
            throw LambdaError.validation(
                "1 validation error detected: Value '\(n)' at '\(field)' failed to satisfy constraint: Member must have value less than or equal to \(max)"
            )
        }
        return n
    }

    func objectMember(_ name: String) throws(LambdaError) -> JSONObject? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let o = value.objectValue else { throw Self.wrongType(name) }
        return o
    }

    func strings(_ name: String) throws(LambdaError) -> [String]? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let a = value.arrayValue else { throw Self.wrongType(name) }
        var out: [String] = []
        for item in a {
            guard let s = item.stringValue else { throw Self.wrongType(name) }
            out.append(s)
        }
        return out
    }

    static func wrongType(_ name: String) -> LambdaError {
        LambdaError.invalidRequestContent("Could not parse request body into json: Could not parse payload into json: \(name)")
    }
}
