import SluiceJSON

/// A compiled payload template node: constants are kept as they are, `.$` fields are compiled once.
indirect enum TemplateNode: Sendable, Hashable {
    /// A subtree without any `.$` field, copied as is.
    case constant(JSONValue)
    /// `uniqueKeys` is false when a key appears both plain and with `.$`; the later one wins.
    case object([TemplateMember], uniqueKeys: Bool)
    case array([TemplateNode])
    /// A `.$` field's value; `fieldName` is the key as written (`"value.$"`).
    case dynamic(DynamicValue, fieldName: String)

    /// How deep a template may nest before it is refused (documents are already depth-limited).
    static let maxDepth = 512

    init(compiling template: JSONValue) throws(PathSyntaxError) {
        self = try TemplateNode.compile(template, depth: 0)
    }

    private static func compile(_ value: JSONValue, depth: Int) throws(PathSyntaxError) -> TemplateNode {
        guard depth < maxDepth else { throw PathSyntaxError("Payload template nested too deeply") }
        switch value {
        case .object(let object):
            var members: [TemplateMember] = []
            members.reserveCapacity(object.count)
            var isConstant = true
            for m in object {
                if m.key.hasSuffix(".$") {
                    guard case .string(let text) = m.value else {
                        throw PathSyntaxError(
                            "The value for the field '\(m.key)' must be a valid JSONPath or a valid intrinsic function call")
                    }
                    let dynamic: DynamicValue
                    do { dynamic = try DynamicValue(text) } catch {
                        throw PathSyntaxError(
                            "The value for the field '\(m.key)' must be a valid JSONPath or a valid intrinsic function call")
                    }
                    members.append(TemplateMember(key: String(m.key.dropLast(2)), node: .dynamic(dynamic, fieldName: m.key)))
                    isConstant = false
                } else {
                    let node = try compile(m.value, depth: depth + 1)
                    if case .constant = node {} else { isConstant = false }
                    members.append(TemplateMember(key: m.key, node: node))
                }
            }
            if isConstant { return .constant(value) }
            var seen = Set<String>()
            let unique = members.allSatisfy { seen.insert($0.key).inserted }
            return .object(members, uniqueKeys: unique)
        case .array(let array):
            var nodes: [TemplateNode] = []
            nodes.reserveCapacity(array.count)
            var isConstant = true
            for element in array {
                let node = try compile(element, depth: depth + 1)
                if case .constant = node {} else { isConstant = false }
                nodes.append(node)
            }
            return isConstant ? .constant(value) : .array(nodes)
        default:
            return .constant(value)
        }
    }

    func evaluate(in environment: ExpressionEnvironment, random: inout SeededRandom) throws(StatesError) -> JSONValue {
        switch self {
        case .constant(let value):
            return value
        case .dynamic(let dynamic, let fieldName):
            return try dynamic.evaluate(in: environment, fieldName: fieldName, random: &random)
        case .array(let nodes):
            var out: [JSONValue] = []
            out.reserveCapacity(nodes.count)
            for node in nodes { out.append(try node.evaluate(in: environment, random: &random)) }
            return .array(out)
        case .object(let members, let uniqueKeys):
            var out = JSONObject()
            out.reserveCapacity(members.count)
            // Members borrowed from the template's storage: no retain/release per member.
            try members.withUnsafeBufferPointer { (members) throws(StatesError) in
                for i in members.indices {
                    let value = try members[i].node.evaluate(in: environment, random: &random)
                    if uniqueKeys {
                        out.appendUnique(key: members[i].key, value: value)
                    } else {
                        out[members[i].key] = value
                    }
                }
            }
            return .object(out)
        }
    }
}

/// One member of an object in a compiled payload template.
struct TemplateMember: Sendable, Hashable {
    var key: String
    var node: TemplateNode
}
