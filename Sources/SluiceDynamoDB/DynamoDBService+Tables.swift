import DynamoDBExpressions
import Foundation
import SluiceJSON
import SluiceStore

/// CreateTable, DescribeTable, ListTables, DeleteTable.
extension DynamoDBService {
    func createTable(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let name = try r.tableName(minLength: 3)
        guard let keySchema = try r.array("KeySchema") else { throw DynamoDBError.missing("keySchema") }
        guard let definitions = try r.array("AttributeDefinitions") else { throw DynamoDBError.missing("attributeDefinitions") }
        if keySchema.isEmpty || keySchema.count > 2 {
            throw DynamoDBError.validation(
                "1 validation error detected: Value '\(keySchema.count)' at 'keySchema' failed to satisfy constraint: Member must have length \(keySchema.isEmpty ? "greater than or equal to 1" : "less than or equal to 2")"
            )
        }
        var types: [String: String] = [:]
        for d in definitions {
            guard case .string(let n)? = d["AttributeName"], case .string(let t)? = d["AttributeType"] else {
                throw DynamoDBError.missing("attributeDefinitions.member.attributeName")
            }
            guard ["S", "N", "B"].contains(t) else {
                throw DynamoDBError.constraint(
                    "attributeDefinitions.member.attributeType", value: t, "Member must satisfy enum value set: [B, N, S]")
            }
            types[n] = t
        }
        var keyNames: [String] = []
        for (i, element) in keySchema.enumerated() {
            guard case .string(let n)? = element["AttributeName"], case .string(let k)? = element["KeyType"] else {
                throw DynamoDBError.missing("keySchema.member.attributeName")
            }
            guard k == "HASH" || k == "RANGE" else {
                throw DynamoDBError.constraint("keySchema.\(i + 1).member.keyType", value: k, "Member must satisfy enum value set: [HASH, RANGE]")
            }
            if i == 0, k != "HASH" {
                throw DynamoDBError.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
            }
            if i == 1, k != "RANGE" {
                throw DynamoDBError.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
            }
            if i == 1, keyNames.first == n {
                throw DynamoDBError.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
            }
            keyNames.append(n)
        }
        let missing = keyNames.filter { types[$0] == nil }
        if !missing.isEmpty {
            throw DynamoDBError.validation(
                "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [\(missing.joined(separator: ", "))], AttributeDefinitions: [\(definitions.compactMap { $0["AttributeName"]?.stringValue }.joined(separator: ", "))]"
            )
        }
        var indexed = Set(keyNames)
        for index in ["LocalSecondaryIndexes", "GlobalSecondaryIndexes"] {
            for i in try r.array(index) ?? [] {
                for e in i["KeySchema"]?.arrayValue ?? [] {
                    if let n = e["AttributeName"]?.stringValue { indexed.insert(n) }
                }
            }
        }
        if indexed.count != types.count || !indexed.isSubset(of: Set(types.keys)) {
            throw DynamoDBError.validation(
                "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
            )
        }
        let billing = try r.enumeration("BillingMode", ["PROVISIONED", "PAY_PER_REQUEST"]) ?? "PROVISIONED"
        let throughput = try r.object("ProvisionedThroughput")
        if billing == "PROVISIONED", throughput?["ReadCapacityUnits"] == nil || throughput?["WriteCapacityUnits"] == nil {
            throw DynamoDBError.validation(
                "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
            )
        }
        if billing == "PAY_PER_REQUEST", throughput != nil {
            throw DynamoDBError.validation(
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
            )
        }
        var members = JSONObject()
        for key in [
            "AttributeDefinitions", "KeySchema", "BillingMode", "ProvisionedThroughput", "LocalSecondaryIndexes",
            "GlobalSecondaryIndexes", "StreamSpecification", "DeletionProtectionEnabled", "TableClass", "Tags",
        ] {
            if let v = r.value(key) { members[key] = v }
        }
        guard let keys = TableSchema.keys(members) else {
            throw DynamoDBError.validation("Invalid KeySchema")
        }
        let schema = TableSchema(
            name: name, tableId: UUID().uuidString.lowercased(), partitionKey: keys.0, sortKey: keys.1, members: members,
            createdMs: Int64(Date().timeIntervalSince1970 * 1000))
        let created = try await storeCall {
            try await store.dynamoDBCreateTable(
                DynamoDBTableRecord(name: name, definition: schema.definition, createdMs: schema.createdMs))
        }
        guard created else { throw DynamoDBError("ResourceInUseException", "Table already exists: \(name)") }
        return [
            "TableDescription": schema.description(status: "ACTIVE", itemCount: 0, sizeBytes: 0, region: region, account: account)
        ]
    }

    func describeTable(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let name = try r.tableName()
        let schema = try await schema(name, notFound: .tableNotFound(name))
        let stats = try await storeCall { try await store.dynamoDBTableStatistics(name: name) }
        return [
            "Table": schema.description(
                status: "ACTIVE", itemCount: stats.itemCount, sizeBytes: stats.sizeBytes, region: region, account: account)
        ]
    }

    func listTables(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let limit = try r.int("Limit") ?? 100
        if limit < 1 || limit > 100 {
            throw DynamoDBError.constraint(
                "limit", value: String(limit),
                limit < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 100")
        }
        let start = try r.string("ExclusiveStartTableName")
        let names = try await storeCall { try await store.dynamoDBTableNames(afterName: start, limit: limit + 1) }
        var o = JSONObject()
        let page = Array(names.prefix(limit))
        o["TableNames"] = .array(page.map { .string($0) })
        if names.count > limit, let last = page.last { o["LastEvaluatedTableName"] = .string(last) }
        return .object(o)
    }

    func deleteTable(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let name = try r.tableName()
        let schema = try await schema(name, notFound: .tableNotFound(name))
        if schema.members["DeletionProtectionEnabled"]?.boolValue == true {
            throw DynamoDBError.validation(
                "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
        }
        let stats = try await storeCall { try await store.dynamoDBTableStatistics(name: name) }
        guard try await storeCall({ try await store.dynamoDBDeleteTable(name: name) }) != nil else {
            throw DynamoDBError.tableNotFound(name)
        }
        return [
            "TableDescription": schema.description(
                status: "DELETING", itemCount: stats.itemCount, sizeBytes: stats.sizeBytes, region: region, account: account)
        ]
    }
}
