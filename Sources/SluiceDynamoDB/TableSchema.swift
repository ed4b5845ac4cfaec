import DynamoDBExpressions
import SluiceJSON

/// A table's schema as CreateTable gave it: key schema, attribute definitions, billing, and the
/// secondary indexes (kept and described, not served).
struct TableSchema: Sendable {
    /// A key attribute: its name and scalar type (`S`, `N` or `B`).
    struct KeyAttribute: Sendable, Hashable {
        let name: String
        let type: String
    }

    /// A secondary index: its key and which attributes it projects.
    struct Index: Sendable {
        enum Projection: Sendable {
            case all
            case keysOnly
            case include([String])
        }

        let name: String
        let global: Bool
        let partitionKey: KeyAttribute
        let sortKey: KeyAttribute?
        let projection: Projection

        var keyNames: Set<String> {
            var names: Set<String> = [partitionKey.name]
            if let sortKey { names.insert(sortKey.name) }
            return names
        }
    }

    let name: String
    let tableId: String
    let partitionKey: KeyAttribute
    let sortKey: KeyAttribute?
    /// Global and local secondary indexes.
    let indexes: [Index]
    /// The CreateTable members kept verbatim for DescribeTable (`AttributeDefinitions`, `KeySchema`,
    /// `BillingMode`, `ProvisionedThroughput`, indexes, …).
    let members: JSONObject
    let createdMs: Int64

    var keyNames: Set<String> {
        var names: Set<String> = [partitionKey.name]
        if let sortKey { names.insert(sortKey.name) }
        return names
    }

    /// The schema stored as `definition` text.
    var definition: String {
        var o = members
        o["TableId"] = .string(tableId)
        return JSONValue.object(o).serialized
    }

    /// Reads a stored schema back.
    init?(name: String, definition: String, createdMs: Int64) {
        guard case .object(var members)? = try? JSONValue(parsing: definition),
            case .string(let tableId)? = members["TableId"]
        else { return nil }
        members["TableId"] = nil
        guard let keys = Self.keys(members) else { return nil }
        self.init(name: name, tableId: tableId, partitionKey: keys.0, sortKey: keys.1, members: members, createdMs: createdMs)
    }

    init(name: String, tableId: String, partitionKey: KeyAttribute, sortKey: KeyAttribute?, members: JSONObject, createdMs: Int64) {
        self.name = name
        self.tableId = tableId
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.members = members
        self.createdMs = createdMs
        self.indexes = Self.indexes(members)
    }

    func index(named name: String) -> Index? { indexes.first { $0.name == name } }

    /// The secondary indexes declared in `GlobalSecondaryIndexes` and `LocalSecondaryIndexes`.
    static func indexes(_ members: JSONObject) -> [Index] {
        var types: [String: String] = [:]
        for d in members["AttributeDefinitions"]?.arrayValue ?? [] {
            if case .string(let n)? = d["AttributeName"], case .string(let t)? = d["AttributeType"] { types[n] = t }
        }
        var out: [Index] = []
        for (member, global) in [("GlobalSecondaryIndexes", true), ("LocalSecondaryIndexes", false)] {
            for index in members[member]?.arrayValue ?? [] {
                guard case .string(let name)? = index["IndexName"] else { continue }
                var hash: KeyAttribute?
                var range: KeyAttribute?
                for element in index["KeySchema"]?.arrayValue ?? [] {
                    guard case .string(let n)? = element["AttributeName"], let t = types[n] else { continue }
                    if element["KeyType"]?.stringValue == "HASH" {
                        hash = KeyAttribute(name: n, type: t)
                    } else {
                        range = KeyAttribute(name: n, type: t)
                    }
                }
                guard let hash else { continue }
                let projection: Index.Projection
                switch index["Projection"]?["ProjectionType"]?.stringValue {
                case "KEYS_ONLY": projection = .keysOnly
                case "INCLUDE":
                    projection = .include(index["Projection"]?["NonKeyAttributes"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                default: projection = .all
                }
                out.append(Index(name: name, global: global, partitionKey: hash, sortKey: range, projection: projection))
            }
        }
        return out
    }

    /// The key attributes named by `KeySchema`, typed by `AttributeDefinitions`.
    static func keys(_ members: JSONObject) -> (KeyAttribute, KeyAttribute?)? {
        guard case .array(let schema)? = members["KeySchema"], case .array(let definitions)? = members["AttributeDefinitions"]
        else { return nil }
        var types: [String: String] = [:]
        for d in definitions {
            if case .string(let n)? = d["AttributeName"], case .string(let t)? = d["AttributeType"] { types[n] = t }
        }
        var hash: KeyAttribute?
        var range: KeyAttribute?
        for element in schema {
            guard case .string(let n)? = element["AttributeName"], case .string(let k)? = element["KeyType"], let t = types[n]
            else { return nil }
            if k == "HASH" { hash = KeyAttribute(name: n, type: t) } else { range = KeyAttribute(name: n, type: t) }
        }
        guard let hash else { return nil }
        return (hash, range)
    }

    /// The same table with some CreateTable members replaced (UpdateTable, UpdateTimeToLive); a
    /// `null` removes the member.
    func updating(_ changes: JSONObject) -> TableSchema {
        var members = self.members
        for (key, value) in changes { members[key] = value.isNull ? nil : value }
        return TableSchema(
            name: name, tableId: tableId, partitionKey: partitionKey, sortKey: sortKey, members: members, createdMs: createdMs)
    }

    func arn(region: String, account: String) -> String { "arn:aws:dynamodb:\(region):\(account):table/\(name)" }

    /// DescribeTable's `Table` (and CreateTable's / DeleteTable's `TableDescription`).
    func description(status: String, itemCount: Int, sizeBytes: Int, region: String, account: String) -> JSONValue {
        var o = JSONObject()
        o["AttributeDefinitions"] = members["AttributeDefinitions"]
        o["TableName"] = .string(name)
        o["KeySchema"] = members["KeySchema"]
        o["TableStatus"] = .string(status)
        o["CreationDateTime"] = .double(Double(createdMs) / 1000)
        let billing = members["BillingMode"]?.stringValue ?? "PROVISIONED"
        var throughput = JSONObject()
        throughput["NumberOfDecreasesToday"] = .int(0)
        throughput["ReadCapacityUnits"] = members["ProvisionedThroughput"]?["ReadCapacityUnits"] ?? .int(0)
        throughput["WriteCapacityUnits"] = members["ProvisionedThroughput"]?["WriteCapacityUnits"] ?? .int(0)
        o["ProvisionedThroughput"] = .object(throughput)
        o["TableSizeBytes"] = .int(sizeBytes)
        o["ItemCount"] = .int(itemCount)
        o["TableArn"] = .string(arn(region: region, account: account))
        o["TableId"] = .string(tableId)
        if billing == "PAY_PER_REQUEST" {
            o["BillingModeSummary"] = [
                "BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": .double(Double(createdMs) / 1000),
            ]
        }
        for index in ["LocalSecondaryIndexes", "GlobalSecondaryIndexes"] {
            guard case .array(let indexes)? = members[index] else { continue }
            o[index] = .array(
                indexes.map { index in
                    guard case .object(var described) = index else { return index }
                    if case .string(let indexName)? = described["IndexName"] {
                        described["IndexArn"] = .string(arn(region: region, account: account) + "/index/\(indexName)")
                    }
                    described["IndexStatus"] = "ACTIVE"
                    described["IndexSizeBytes"] = 0
                    described["ItemCount"] = 0
                    return .object(described)
                })
        }
        if let stream = members["StreamSpecification"] { o["StreamSpecification"] = stream }
        o["DeletionProtectionEnabled"] = members["DeletionProtectionEnabled"] ?? .bool(false)
        return .object(o)
    }
}
