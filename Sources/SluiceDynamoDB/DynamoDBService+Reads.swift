import DynamoDBExpressions
import SluiceJSON
import SluiceStore

/// Query and Scan, of a table or of a secondary index: pages of at most `Limit` items read
/// (before the filter) and 1 MB.
extension DynamoDBService {
    /// The parts of a Query or Scan request shared by both.
    struct ReadRequest {
        var indexName: String?
        var filter: ConditionExpression?
        var projection: ProjectionExpression?
        var limit: Int?
        var countOnly: Bool
        var startKey: Item?
        var consistent: Bool
    }

    /// Where a read goes: the table or one of its indexes.
    struct ReadTarget {
        let schema: TableSchema
        let index: TableSchema.Index?

        /// The key attributes of a position in the read (LastEvaluatedKey): table and index keys.
        var keyNames: Set<String> { schema.keyNames.union(index?.keyNames ?? []) }

        /// An item as the read returns it (an index holds only its projected attributes).
        func visible(_ item: Item) -> Item {
            guard let index else { return item }
            return schema.project(item, through: index)
        }
    }

    func readRequest(_ r: RequestReader, _ attributes: inout ExpressionAttributes) throws(DynamoDBError) -> ReadRequest {
        let indexName = try r.string("IndexName")
        let select = try r.enumeration("Select", ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"])
        if select == "ALL_PROJECTED_ATTRIBUTES", indexName == nil {
            throw DynamoDBError.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
        }
        let limit = try r.int("Limit")
        if let limit, limit < 1 {
            throw DynamoDBError.validation(
                "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
            )
        }
        var filter: ConditionExpression?
        if let text = try r.string("FilterExpression") {
            do {
                filter = try ConditionExpression(text, kind: "FilterExpression", attributes: &attributes)
            } catch {
                throw DynamoDBError.expression(error)
            }
        }
        let projection = try Self.projection(r, &attributes)
        if select == "SPECIFIC_ATTRIBUTES", projection == nil {
            throw DynamoDBError.validation(
                "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
        }
        if select == "ALL_ATTRIBUTES", projection != nil {
            throw DynamoDBError.validation("Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES")
        }
        return ReadRequest(
            indexName: indexName, filter: filter, projection: projection, limit: limit, countOnly: select == "COUNT",
            startKey: try r.item("ExclusiveStartKey"), consistent: try r.bool("ConsistentRead") ?? false)
    }

    /// The table or index a read names, with AWS's checks.
    func target(_ schema: TableSchema, _ read: ReadRequest) throws(DynamoDBError) -> ReadTarget {
        guard let name = read.indexName else { return ReadTarget(schema: schema, index: nil) }
        guard let index = schema.index(named: name) else {
            throw DynamoDBError.validation("The table does not have the specified index: \(name)")
        }
        if index.global, read.consistent {
            throw DynamoDBError.validation("Consistent reads are not supported on global secondary indexes")
        }
        return ReadTarget(schema: schema, index: index)
    }

    func query(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let table = try r.tableName()
        guard let keyText = try r.string("KeyConditionExpression") else {
            throw DynamoDBError.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }
        var attributes = try r.expressionAttributes(usesExpressions: true)
        let parsedKeyCondition: KeyConditionExpression
        do {
            parsedKeyCondition = try KeyConditionExpression(keyText, attributes: &attributes)
        } catch {
            throw DynamoDBError.expression(error)
        }
        let read = try readRequest(r, &attributes)
        try Self.checkUsed(attributes)
        let schema = try await schema(table)
        let target = try target(schema, read)
        let partitionKey = target.index?.partitionKey ?? schema.partitionKey
        let sortKey = target.index == nil ? schema.sortKey : target.index?.sortKey
        let keyCondition: KeyCondition
        do {
            keyCondition = try parsedKeyCondition.resolve(
                partitionKey: (partitionKey.name, partitionKey.type), sortKey: sortKey.map { ($0.name, $0.type) })
        } catch {
            throw DynamoDBError.expression(error)
        }
        if let filter = read.filter {
            let keys = target.index?.keyNames ?? schema.keyNames
            for path in filter.paths where keys.contains(path.topName) {
                throw DynamoDBError.validation(
                    "Filter Expression can only contain non-primary key attributes: Primary key attribute: \(path.topName)")
            }
        }
        let forward = try r.bool("ScanIndexForward") ?? true
        let start = try Self.startPosition(target, read.startKey)
        guard let partition = keyCondition.partitionValue.sortableKeyBytes else {
            throw DynamoDBError.validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
        }
        let range = Self.range(keyCondition.sort)
        let store = self.store
        if let index = target.index {
            return try await page(target, read, r) { after, limit in
                let position = after.map { ($0.indexSortKey ?? [], $0.partitionKey, $0.sortKey) } ?? start.map { ($0.indexSort, $0.partition, $0.sort) }
                return try await store.dynamoDBQueryIndex(
                    table: table, index: index.name, partitionKey: partition, range: range, forward: forward, startAfter: position,
                    limit: limit)
            }
        }
        return try await page(target, read, r) { after, limit in
            try await store.dynamoDBQuery(
                table: table, partitionKey: partition, range: range, forward: forward, startAfter: after?.sortKey ?? start?.sort,
                limit: limit)
        }
    }

    func scan(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let table = try r.tableName()
        var attributes = try r.expressionAttributes(
            usesExpressions: r.value("FilterExpression") != nil || r.value("ProjectionExpression") != nil)
        let read = try readRequest(r, &attributes)
        try Self.checkUsed(attributes)
        let segment = try r.int("Segment")
        let totalSegments = try r.int("TotalSegments")
        if (segment == nil) != (totalSegments == nil) {
            throw DynamoDBError.validation(
                "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
        }
        if let segment, let totalSegments, totalSegments < 1 || segment < 0 || segment >= totalSegments {
            throw DynamoDBError.validation(
                "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: \(segment) is not less than TotalSegments: \(totalSegments)"
            )
        }
        let schema = try await schema(table)
        let target = try target(schema, read)
        let start = try Self.startPosition(target, read.startKey)
        let store = self.store
        var include: (@Sendable (DynamoDBItemRow) -> Bool)?
        if let segment, let totalSegments, totalSegments > 1 {
            // Segments split the partitions by a hash of the partition key.
            include = { Self.segment(of: $0.indexPartitionKey ?? $0.partitionKey, totalSegments) == segment }
        }
        if let index = target.index {
            return try await page(target, read, r, include: include) { after, limit in
                let position =
                    after.map { ($0.indexPartitionKey ?? [], $0.indexSortKey ?? [], $0.partitionKey, $0.sortKey) }
                    ?? start.map { ($0.indexPartition, $0.indexSort, $0.partition, $0.sort) }
                return try await store.dynamoDBScanIndex(table: table, index: index.name, startAfter: position, limit: limit)
            }
        }
        return try await page(target, read, r, include: include) { after, limit in
            try await store.dynamoDBScan(
                table: table, startAfter: after.map { ($0.partitionKey, $0.sortKey) } ?? start.map { ($0.partition, $0.sort) },
                limit: limit)
        }
    }

    static func segment(of key: [UInt8], _ total: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(total))
    }

    /// A read's position from ExclusiveStartKey: the item's key, and its index key for index reads.
    struct StartPosition: Sendable {
        let partition: [UInt8]
        let sort: [UInt8]
        let indexPartition: [UInt8]
        let indexSort: [UInt8]
    }

    static func startPosition(_ target: ReadTarget, _ key: Item?) throws(DynamoDBError) -> StartPosition? {
        guard let key else { return nil }
        guard Set(key.keys) == target.keyNames else { throw DynamoDBError.validation("The provided starting key is invalid") }
        let itemKey = try target.schema.key(fromKey: key.filter { target.schema.keyNames.contains($0.key) })
        guard let index = target.index else {
            return StartPosition(partition: itemKey.partition, sort: itemKey.sort, indexPartition: [], indexSort: [])
        }
        let entry = try target.schema.indexKeys(ofItem: key).first { $0.index == index.name }
        guard let entry else { throw DynamoDBError.validation("The provided starting key is invalid") }
        return StartPosition(
            partition: itemKey.partition, sort: itemKey.sort, indexPartition: entry.partitionKey, indexSort: entry.sortKey)
    }

    /// The stored range of sort keys a sort-key condition selects.
    static func range(_ sort: KeyCondition.SortCondition?) -> DynamoDBKeyRange {
        func bytes(_ v: AttributeValue) -> [UInt8] { v.sortableKeyBytes ?? [] }
        switch sort {
        case nil: return DynamoDBKeyRange()
        case .equal(let v): return DynamoDBKeyRange(lower: bytes(v), upper: bytes(v))
        case .less(let v): return DynamoDBKeyRange(upper: bytes(v), upperInclusive: false)
        case .lessOrEqual(let v): return DynamoDBKeyRange(upper: bytes(v))
        case .greater(let v): return DynamoDBKeyRange(lower: bytes(v), lowerInclusive: false)
        case .greaterOrEqual(let v): return DynamoDBKeyRange(lower: bytes(v))
        case .between(let lo, let hi): return DynamoDBKeyRange(lower: bytes(lo), upper: bytes(hi))
        case .beginsWith(let p):
            let prefix = bytes(p)
            return DynamoDBKeyRange(lower: prefix, upper: successor(prefix), upperInclusive: false)
        }
    }

    /// The smallest byte string greater than every string starting with `prefix` (nil: none).
    static func successor(_ prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }

    /// Reads rows through `fetch` (given the last row read) until Limit items were read, 1 MB was
    /// read, or the rows ran out; answers Items/Count/ScannedCount/LastEvaluatedKey.
    func page(
        _ target: ReadTarget, _ read: ReadRequest, _ r: RequestReader, include: (@Sendable (DynamoDBItemRow) -> Bool)? = nil,
        _ fetch: @escaping (DynamoDBItemRow?, Int) async throws -> [DynamoDBItemRow]
    ) async throws(DynamoDBError) -> JSONValue {
        var items: [JSONValue] = []
        var count = 0
        var scanned = 0
        var bytes = 0
        var after: DynamoDBItemRow?
        var lastItem: Item?
        var full = false
        let limit = read.limit ?? Int.max
        reading: while true {
            let want = min(limit - scanned, 500)
            let rows = try await storeCall { try await fetch(after, want) }
            for row in rows {
                after = row
                if let include, !include(row) { continue }
                let item = target.visible(try StoredItem.decode(row.item))
                scanned += 1
                bytes += row.size
                lastItem = item
                if read.filter?.matches(item) ?? true {
                    count += 1
                    if !read.countOnly { items.append(StoredItem.json(read.projection?.project(item) ?? item)) }
                }
                if scanned >= limit || bytes >= Self.maxPageBytes {
                    full = true
                    break reading
                }
            }
            if rows.count < want { break }
        }
        var o = JSONObject()
        o["Count"] = .int(count)
        if !read.countOnly { o["Items"] = .array(items) }
        if full, let lastItem {
            o["LastEvaluatedKey"] = StoredItem.json(lastItem.filter { target.keyNames.contains($0.key) })
        }
        o["ScannedCount"] = .int(scanned)
        addConsumedCapacity(r, &o, table: target.schema.name, units: Self.readUnits(bytes, consistent: read.consistent))
        return .object(o)
    }
}
