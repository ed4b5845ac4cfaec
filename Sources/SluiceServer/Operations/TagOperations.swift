import SluiceAPI
import SluiceJSON
import SluiceStore

/// TagResource, UntagResource, ListTagsForResource on state machines and activities, and the
/// `tags` member of CreateStateMachine / CreateActivity.
enum TagOperations {
    static let limit = 50

    static func tag(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("resourceArn", min: 1, max: 256)
        guard let list = try fields.array("tags") else { throw AWSError.missingField("tags") }
        let tags = try parse(list)
        try await requireResource(arn, context)
        try await apply(tags, to: arn, context)
        return .object(JSONObject())
    }

    static func untag(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("resourceArn", min: 1, max: 256)
        guard let list = try fields.array("tagKeys") else { throw AWSError.missingField("tagKeys") }
        var keys: [String] = []
        for value in list {
            guard case .string(let key) = value else { throw AWSError.serialization("tagKeys must be strings") }
            keys.append(key)
        }
        try await requireResource(arn, context)
        try await context.storeCall { try await context.store.untag(resourceArn: arn, keys: keys) }
        return .object(JSONObject())
    }

    static func list(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("resourceArn", min: 1, max: 256)
        try await requireResource(arn, context)
        let tags = try await context.storeCall { try await context.store.tags(resourceArn: arn) }
        var out = JSONObject()
        out["tags"] = .array(
            tags.map { tag in
                var o = JSONObject()
                o["key"] = .string(tag.key)
                o["value"] = .string(tag.value)
                return .object(o)
            })
        return .object(out)
    }

    /// The `tags` member: `[{key, value}]`, keys 1–128 characters, values up to 256.
    static func parse(_ list: [JSONValue]) throws(AWSError) -> [(key: String, value: String)] {
        var tags: [(key: String, value: String)] = []
        for item in list {
            guard case .object(let o) = item else { throw AWSError.serialization("tags must be objects") }
            guard case .string(let key) = o["key"] ?? .null else { throw AWSError.missingField("tags.member.key") }
            let value = o["value"]?.stringValue ?? ""
            if key.unicodeScalars.isEmpty || key.unicodeScalars.count > 128 {
                throw AWSError.constraint(
                    field: "tags.member.key", value: key, "Member must have length between 1 and 128")
            }
            if value.unicodeScalars.count > 256 {
                throw AWSError.constraint(
                    field: "tags.member.value", value: value, "Member must have length less than or equal to 256")
            }
            tags.append((key, value))
        }
        return tags
    }

    static func apply(_ tags: [(key: String, value: String)], to arn: String, _ context: ServiceContext) async throws(AWSError) {
        guard !tags.isEmpty else { return }
        let accepted = try await context.storeCall {
            try await context.store.tag(resourceArn: arn, tags, limit: limit)
        }
        guard accepted else {
            throw AWSError("TooManyTags", "Too many tags: a resource can have at most \(limit) tags: '\(arn)'")
        }
    }

    /// State machines and activities can be tagged; anything else is `ResourceNotFound`.
    private static func requireResource(_ arn: String, _ context: ServiceContext) async throws(AWSError) {
        let parsed = try ResourceArn.parse(arn)
        let exists: Bool
        switch (parsed.resourceType, parsed.names.count) {
        case ("stateMachine", 1): exists = try await context.storeCall { try await context.store.stateMachine(arn: arn) != nil }
        case ("activity", 1): exists = try await context.storeCall { try await context.store.activity(arn: arn) != nil }
        default: exists = false
        }
        guard exists else { throw AWSError("ResourceNotFound", "Resource not found: '\(arn)'") }
    }
}
