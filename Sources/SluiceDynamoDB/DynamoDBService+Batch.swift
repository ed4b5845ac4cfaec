import DynamoDBExpressions
import SluiceJSON
import SluiceStore

/// BatchWriteItem and BatchGetItem: every request is checked first, then each is applied (not
/// atomically, as on AWS); nothing is ever left unprocessed.
extension DynamoDBService {
    func batchWriteItem(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        guard let requests = try r.object("RequestItems") else { throw DynamoDBError.missing("requestItems") }
        var total = 0
        var writes: [(TableSchema, EncodedKey, Item?, [DynamoDBIndexKey])] = []
        for (table, list) in requests {
            guard case .array(let entries) = list else { throw RequestReader.typeError("RequestItems", "a list") }
            total += entries.count
            if total > 25 {
                throw DynamoDBError.validation(
                    "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
                )
            }
            let schema = try await schema(table)
            var keys: Set<EncodedKey> = []
            for entry in entries {
                let reader = RequestReader(entry.objectValue ?? [:])
                if let put = try reader.object("PutRequest") {
                    guard let item = try RequestReader(put).item("Item") else { throw DynamoDBError.missing("item") }
                    let key = try schema.key(ofItem: item)
                    _ = try TableSchema.checkSize(item)
                    guard keys.insert(key).inserted else {
                        throw DynamoDBError.validation("Provided list of item keys contains duplicates")
                    }
                    writes.append((schema, key, item, try schema.indexKeys(ofItem: item)))
                } else if let delete = try reader.object("DeleteRequest") {
                    guard let keyItem = try RequestReader(delete).item("Key") else { throw DynamoDBError.missing("key") }
                    let key = try schema.key(fromKey: keyItem)
                    guard keys.insert(key).inserted else {
                        throw DynamoDBError.validation("Provided list of item keys contains duplicates")
                    }
                    writes.append((schema, key, nil, []))
                } else {
                    throw DynamoDBError.validation(
                        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
                }
            }
        }
        if total == 0 {
            throw DynamoDBError.validation(
                "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
            )
        }
        // One SQLite transaction for the whole batch (one fsync instead of one per item).
        let keys = writes.map { (table: $0.0.name, partitionKey: $0.1.partition, sortKey: $0.1.sort) }
        let decided: [DynamoDBItemWrite] = writes.map { _, _, item, indexKeys in
            guard let item else { return .delete }
            return .put(item: StoredItem.encode(item), size: item.itemSize, indexKeys: indexKeys)
        }
        let done: Void? = try await storeCall { try await store.dynamoDBTransact(keys) { _ in (decided, ()) } }
        guard done != nil else { throw DynamoDBError.resourceNotFound }
        return ["UnprocessedItems": [:]]
    }

    func batchGetItem(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        guard let requests = try r.object("RequestItems") else { throw DynamoDBError.missing("requestItems") }
        var total = 0
        var responses = JSONObject()
        var plans: [(TableSchema, [EncodedKey], ProjectionExpression?)] = []
        for (table, request) in requests {
            let reader = RequestReader(request.objectValue ?? [:])
            guard let keys = try reader.array("Keys") else { throw DynamoDBError.missing("requestItems.\(table).member.keys") }
            total += keys.count
            if total > 100 { throw DynamoDBError.validation("Too many items requested for the BatchGetItem call") }
            var attributes = try reader.expressionAttributes(usesExpressions: reader.value("ProjectionExpression") != nil)
            let projection = try Self.projection(reader, &attributes)
            try Self.checkUsed(attributes)
            let schema = try await schema(table)
            var encoded: [EncodedKey] = []
            for key in keys {
                let item: Item
                do {
                    item = try AttributeValue.item(json: key.objectValue ?? [:])
                } catch {
                    throw DynamoDBError.expression(error)
                }
                let k = try schema.key(fromKey: item)
                if encoded.contains(k) { throw DynamoDBError.validation("Provided list of item keys contains duplicates") }
                encoded.append(k)
            }
            plans.append((schema, encoded, projection))
        }
        let keys = plans.flatMap { schema, keys, _ in keys.map { (table: schema.name, partitionKey: $0.partition, sortKey: $0.sort) } }
        var texts = try await storeCall { try await store.dynamoDBItems(keys) }[...]
        for (schema, keys, projection) in plans {
            var items: [JSONValue] = []
            for text in texts.prefix(keys.count) {
                guard let text else { continue }
                let item = try StoredItem.decode(text)
                items.append(StoredItem.json(projection?.project(item) ?? item))
            }
            texts = texts.dropFirst(keys.count)
            responses[schema.name] = .array(items)
        }
        return ["Responses": .object(responses), "UnprocessedKeys": [:]]
    }
}
