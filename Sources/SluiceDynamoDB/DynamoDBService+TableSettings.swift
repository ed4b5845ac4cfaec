import DynamoDBExpressions
import SluiceJSON
import SluiceStore

/// UpdateTable (billing, throughput, streams, deletion protection) and time to live. TTL is
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

    private func save(_ schema: TableSchema) async throws(DynamoDBError) {
        let saved = try await storeCall { try await store.dynamoDBUpdateTable(name: schema.name, definition: schema.definition) }
        guard saved else { throw DynamoDBError.tableNotFound(schema.name) }
    }
}
