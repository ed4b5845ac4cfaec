import DynamoDBExpressions
import Foundation
import SluiceJSON
import SluiceStore

/// UpdateTable (billing, throughput, streams, deletion protection), time to live, and tags. TTL is
/// recorded and described; expired items are not deleted (AWS deletes them eventually, so readers
/// must filter them anyway).
extension DynamoDBService {
    func updateTable(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let name = try r.tableName()
        if r.value("GlobalSecondaryIndexUpdates") != nil || r.value("ReplicaUpdates") != nil {
            throw DynamoDBError.validation("Sluice does not support GlobalSecondaryIndexUpdates or ReplicaUpdates in UpdateTable")
        }
        var changes = JSONObject()
        if let billing = try r.enumeration("BillingMode", ["PROVISIONED", "PAY_PER_REQUEST"]) {
            changes["BillingMode"] = .string(billing)
            if billing == "PAY_PER_REQUEST" { changes["ProvisionedThroughput"] = .null }
        }
        if let throughput = try r.object("ProvisionedThroughput") { changes["ProvisionedThroughput"] = .object(throughput) }
        if let stream = try r.object("StreamSpecification") { changes["StreamSpecification"] = .object(stream) }
        if let protection = try r.bool("DeletionProtectionEnabled") { changes["DeletionProtectionEnabled"] = .bool(protection) }
        if let definitions = try r.array("AttributeDefinitions") { changes["AttributeDefinitions"] = .array(definitions) }
        if changes.isEmpty {
            throw DynamoDBError.validation(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required"
            )
        }
        let schema = try await schema(name, notFound: .tableNotFound(name))
        let updated = schema.updating(changes)
        try await save(updated)
        let stats = try await storeCall { try await store.dynamoDBTableStatistics(name: name) }
        return [
            "TableDescription": updated.description(
                status: "ACTIVE", itemCount: stats.itemCount, sizeBytes: stats.sizeBytes, region: region, account: account)
        ]
    }

    func updateTimeToLive(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let name = try r.tableName()
        guard let specification = try r.object("TimeToLiveSpecification") else {
            throw DynamoDBError.missing("timeToLiveSpecification")
        }
        guard case .bool(let enabled)? = specification["Enabled"] else {
            throw DynamoDBError.missing("timeToLiveSpecification.enabled")
        }
        guard case .string(let attribute)? = specification["AttributeName"], !attribute.isEmpty else {
            throw DynamoDBError.missing("timeToLiveSpecification.attributeName")
        }
        let schema = try await schema(name)
        let current = schema.members["TimeToLiveSpecification"]?["Enabled"]?.boolValue ?? false
        if current == enabled {
            throw DynamoDBError.validation("TimeToLive is already \(enabled ? "enabled" : "disabled")")
        }
        try await save(schema.updating(["TimeToLiveSpecification": ["Enabled": .bool(enabled), "AttributeName": .string(attribute)]]))
        return ["TimeToLiveSpecification": ["Enabled": .bool(enabled), "AttributeName": .string(attribute)]]
    }

    func describeTimeToLive(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let name = try r.tableName()
        let schema = try await schema(name, notFound: .tableNotFound(name))
        let specification = schema.members["TimeToLiveSpecification"]
        guard specification?["Enabled"]?.boolValue == true, let attribute = specification?["AttributeName"] else {
            return ["TimeToLiveDescription": ["TimeToLiveStatus": "DISABLED"]]
        }
        return ["TimeToLiveDescription": ["TimeToLiveStatus": "ENABLED", "AttributeName": attribute]]
    }

    // MARK: Tags

    func tagResource(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let schema = try await taggedTable(r)
        guard let added = try r.array("Tags") else { throw DynamoDBError.missing("tags") }
        var tags = Self.tags(schema)
        for tag in added {
            guard case .string(let key)? = tag["Key"], case .string(let value)? = tag["Value"] else {
                throw DynamoDBError.missing("tags.member.key")
            }
            tags.removeAll { $0.key == key }
            tags.append((key, value))
        }
        if tags.count > 50 {
            throw DynamoDBError("LimitExceededException", "Too many tags attached to the resource; the limit is 50")
        }
        try await save(schema.updating(["Tags": Self.tagsJSON(tags)]))
        return [:]
    }

    func untagResource(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let schema = try await taggedTable(r)
        guard let keys = try r.array("TagKeys") else { throw DynamoDBError.missing("tagKeys") }
        let removed = Set(keys.compactMap(\.stringValue))
        try await save(schema.updating(["Tags": Self.tagsJSON(Self.tags(schema).filter { !removed.contains($0.key) })]))
        return [:]
    }

    func listTagsOfResource(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let schema = try await taggedTable(r)
        return ["Tags": Self.tagsJSON(Self.tags(schema))]
    }

    /// The table a `ResourceArn` names (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME`).
    private func taggedTable(_ r: RequestReader) async throws(DynamoDBError) -> TableSchema {
        let arn = try r.requiredString("ResourceArn")
        guard let slash = arn.range(of: ":table/") else {
            throw DynamoDBError.validation("Invalid TableArn: Invalid ResourceArn provided as input \(arn)")
        }
        let name = String(arn[slash.upperBound...])
        return try await schema(name, notFound: DynamoDBError("ResourceNotFoundException", "Requested resource not found: ResourcArn: \(arn) not found"))
    }

    private static func tags(_ schema: TableSchema) -> [(key: String, value: String)] {
        (schema.members["Tags"]?.arrayValue ?? []).compactMap { tag in
            guard case .string(let key)? = tag["Key"], case .string(let value)? = tag["Value"] else { return nil }
            return (key, value)
        }
    }

    private static func tagsJSON(_ tags: [(key: String, value: String)]) -> JSONValue {
        .array(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }

    private func save(_ schema: TableSchema) async throws(DynamoDBError) {
        let saved = try await storeCall { try await store.dynamoDBUpdateTable(name: schema.name, definition: schema.definition) }
        guard saved else { throw DynamoDBError.tableNotFound(schema.name) }
    }
}
