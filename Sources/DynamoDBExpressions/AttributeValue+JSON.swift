import SluiceDigest
public import SluiceJSON

extension AttributeValue {
    /// DynamoDB nests documents at most 32 levels deep.
    public static let maxNesting = 32

    /// Reads a value in DynamoDB's JSON shape (`{"S": "x"}`, `{"M": {…}}`, …) with AWS's checks.
    public init(json: JSONValue) throws(ExpressionError) {
        try self.init(json: json, depth: 0)
    }

    init(json: JSONValue, depth: Int) throws(ExpressionError) {
        guard depth <= Self.maxNesting else { throw ExpressionError("Nesting Levels have exceeded supported limits") }
        guard case .object(let object) = json else {
            throw ExpressionError("Unexpected value type for an AttributeValue: expected an object", serialization: true)
        }
        var found: (String, JSONValue)?
        for (key, value) in object where !value.isNull {
            guard Self.typeNames.contains(key) else { continue }
            if found != nil {
                throw ExpressionError(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
            }
            found = (key, value)
        }
        guard let (type, value) = found else {
            throw ExpressionError("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        }
        switch type {
        case "S": self = .string(try Self.string(value))
        case "N": self = .number(try DynamoNumber(parsing: try Self.string(value)))
        case "B": self = .binary(try Self.binary(value))
        case "BOOL":
            guard case .bool(let flag) = value else { throw Self.wrongType("BOOL", "a boolean") }
            self = .bool(flag)
        case "NULL":
            guard case .bool = value else { throw Self.wrongType("NULL", "a boolean") }
            self = .null
        case "M":
            guard case .object(let members) = value else { throw Self.wrongType("M", "an object") }
            var map: [String: AttributeValue] = [:]
            map.reserveCapacity(members.count)
            for (key, member) in members {
                map[key] = try AttributeValue(json: member, depth: depth + 1)
            }
            self = .map(map)
        case "L":
            guard case .array(let elements) = value else { throw Self.wrongType("L", "a list") }
            var list: [AttributeValue] = []
            list.reserveCapacity(elements.count)
            for element in elements { list.append(try AttributeValue(json: element, depth: depth + 1)) }
            self = .list(list)
        case "SS":
            let members = try Self.members(value, type: "SS", setName: "string")
            var texts: [String] = []
            for m in members { texts.append(try Self.string(m)) }
            try Self.checkDuplicates(texts, rendered: texts)
            self = .stringSet(texts)
        case "NS":
            let members = try Self.members(value, type: "NS", setName: "number")
            var numbers: [DynamoNumber] = []
            var texts: [String] = []
            for m in members {
                let text = try Self.string(m)
                texts.append(text)
                numbers.append(try DynamoNumber(parsing: text))
            }
            try Self.checkDuplicates(numbers, rendered: texts)
            self = .numberSet(numbers)
        default:
            let members = try Self.members(value, type: "BS", setName: "binary")
            var blobs: [[UInt8]] = []
            for m in members { blobs.append(try Self.binary(m)) }
            try Self.checkDuplicates(blobs, rendered: blobs.map { Base64.encode($0) })
            self = .binarySet(blobs)
        }
    }

    private static func wrongType(_ type: String, _ expected: String) -> ExpressionError {
        ExpressionError("Unexpected value type for '\(type)': expected \(expected)", serialization: true)
    }

    private static func string(_ value: JSONValue) throws(ExpressionError) -> String {
        guard case .string(let text) = value else { throw wrongType("S", "a string") }
        return text
    }

    private static func binary(_ value: JSONValue) throws(ExpressionError) -> [UInt8] {
        guard case .string(let text) = value else { throw wrongType("B", "a base64 string") }
        guard let bytes = Base64.decodeStrictly(text) else {
            throw ExpressionError("Base64 encoded value is not valid: \(text)", serialization: true)
        }
        return bytes
    }

    private static func members(_ value: JSONValue, type: String, setName: String) throws(ExpressionError) -> [JSONValue] {
        guard case .array(let members) = value else { throw wrongType(type, "a list") }
        if members.isEmpty {
            throw ExpressionError("One or more parameter values were invalid: An \(setName) set  may not be empty")
        }
        return members
    }

    private static func checkDuplicates<T: Hashable>(_ members: [T], rendered: [String]) throws(ExpressionError) {
        if Set(members).count != members.count {
            throw ExpressionError(
                "One or more parameter values were invalid: Input collection [\(rendered.joined(separator: ", "))] contains duplicates."
            )
        }
    }

    /// The value in DynamoDB's JSON shape; map members in name order.
    public var json: JSONValue {
        var o = JSONObject()
        switch self {
        case .string(let s): o["S"] = .string(s)
        case .number(let n): o["N"] = .string(n.description)
        case .binary(let b): o["B"] = .string(Base64.encode(b))
        case .bool(let b): o["BOOL"] = .bool(b)
        case .null: o["NULL"] = .bool(true)
        case .map(let m): o["M"] = .object(Self.jsonObject(m))
        case .list(let l): o["L"] = .array(l.map(\.json))
        case .stringSet(let s): o["SS"] = .array(s.map { .string($0) })
        case .numberSet(let s): o["NS"] = .array(s.map { .string($0.description) })
        case .binarySet(let s): o["BS"] = .array(s.map { .string(Base64.encode($0)) })
        }
        return .object(o)
    }

    /// An item or map in DynamoDB's JSON shape, members in name order.
    public static func jsonObject(_ item: [String: AttributeValue]) -> JSONObject {
        var o = JSONObject()
        o.reserveCapacity(item.count)
        for key in item.keys.sorted() {
            if let value = item[key] { o.appendUnique(key: key, value: value.json) }
        }
        return o
    }

    /// Reads an item (`{"name": {"S": …}, …}`).
    public static func item(json: JSONObject) throws(ExpressionError) -> Item {
        var item: Item = [:]
        item.reserveCapacity(json.count)
        for (key, value) in json {
            item[key] = try AttributeValue(json: value)
        }
        return item
    }
}
