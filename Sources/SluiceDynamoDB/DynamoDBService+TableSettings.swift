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
        if r.value("ReplicaUpdates") != nil {
            throw DynamoDBError.validation("Sluice does not support ReplicaUpdates in UpdateTable")
        }
        if let updates = try r.array("GlobalSecondaryIndexUpdates") { return try await updateIndexes(name, updates, r) }
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

    // MARK: Global secondary index updates

    /// UpdateTable with `GlobalSecondaryIndexUpdates`: one `Create` (built from the existing items at
    /// once, then ACTIVE) or `Delete`; `Update` of throughput only.
    private func updateIndexes(_ name: String, _ updates: [JSONValue], _ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        guard updates.count == 1, case .object(let update)? = updates.first else {
            throw DynamoDBError(
                "LimitExceededException",
                "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")
        }
        let schema = try await schema(name, notFound: .tableNotFound(name))
        var globals = schema.members["GlobalSecondaryIndexes"]?.arrayValue ?? []
        var changes = JSONObject()
        let indexName: String
        if case .object(let create)? = update["Create"] {
            guard case .string(let n)? = create["IndexName"] else { throw DynamoDBError.missing("globalSecondaryIndexUpdates.member.create.indexName") }
            indexName = n
            if schema.index(named: n) != nil {
                throw DynamoDBError.validation("One or more parameter values were invalid: Index already exists: \(n)")
            }
            var definitions = schema.members["AttributeDefinitions"]?.arrayValue ?? []
            for d in try r.array("AttributeDefinitions") ?? [] where !definitions.contains(where: { $0["AttributeName"] == d["AttributeName"] }) {
                definitions.append(d)
            }
            let known = Set(definitions.compactMap { $0["AttributeName"]?.stringValue })
            let keys = (create["KeySchema"]?.arrayValue ?? []).compactMap { $0["AttributeName"]?.stringValue }
            if keys.isEmpty || !Set(keys).isSubset(of: known) {
                throw DynamoDBError.validation(
                    "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [\(keys.joined(separator: ", "))], AttributeDefinitions: [\(known.sorted().joined(separator: ", "))]"
                )
            }
            globals.append(.object(create))
            changes["AttributeDefinitions"] = .array(definitions)
        } else if case .object(let delete)? = update["Delete"] {
            guard case .string(let n)? = delete["IndexName"] else { throw DynamoDBError.missing("globalSecondaryIndexUpdates.member.delete.indexName") }
            indexName = n
            guard schema.index(named: n)?.global == true else {
                throw DynamoDBError("ResourceNotFoundException", "Requested resource not found: Index: \(n) not found")
            }
            globals.removeAll { $0["IndexName"]?.stringValue == n }
        } else if case .object(let change)? = update["Update"] {
            guard case .string(let n)? = change["IndexName"], schema.index(named: n)?.global == true else {
                throw DynamoDBError("ResourceNotFoundException", "Requested resource not found")
            }
            globals = globals.map { index in
                guard index["IndexName"]?.stringValue == n, case .object(var o) = index else { return index }
                o["ProvisionedThroughput"] = change["ProvisionedThroughput"]
                return .object(o)
            }
            try await save(schema.updating(["GlobalSecondaryIndexes": .array(globals)]))
            return try await describeTable(r)
        } else {
            throw DynamoDBError.validation("One or more parameter values were invalid: GlobalSecondaryIndexUpdate must contain Create, Update or Delete")
        }
        changes["GlobalSecondaryIndexes"] = globals.isEmpty ? .null : .array(globals)
        let updated = schema.updating(changes)
        let index = updated.index(named: indexName)
        let reindexed = try await storeCall {
            try await store.dynamoDBReindex(table: name, definition: updated.definition, index: indexName) { text in
                guard let index else { return nil }
                let item = try StoredItem.decode(text)
                // An item whose attribute has another type than the new key's is left out of the index.
                guard let keys = try? updated.indexKeys(ofItem: item) else { return nil }
                return keys.first { $0.index == index.name }
            }
        }
        guard reindexed else { throw DynamoDBError.tableNotFound(name) }
        let stats = try await storeCall { try await store.dynamoDBTableStatistics(name: name) }
        return [
            "TableDescription": updated.description(
                status: "ACTIVE", itemCount: stats.itemCount, sizeBytes: stats.sizeBytes, region: region, account: account)
        ]
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
