import DynamoDBExpressions
import SluiceJSON
import SluiceStore

/// PutItem, GetItem, UpdateItem, DeleteItem.
extension DynamoDBService {
    static let returnValuesAll = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]

    /// `ReturnValues` of PutItem and DeleteItem: NONE or ALL_OLD.
    static func oldOrNone(_ r: RequestReader) throws(DynamoDBError) -> Bool {
        let value = try r.enumeration("ReturnValues", returnValuesAll) ?? "NONE"
        guard value == "NONE" || value == "ALL_OLD" else {
            throw DynamoDBError.validation("ReturnValues can only be ALL_OLD or NONE")
        }
        return value == "ALL_OLD"
    }

    /// Runs a conditional write through the store; `nil` table → ResourceNotFoundException.
    func write<Outcome: Sendable>(
        _ schema: TableSchema, _ key: EncodedKey, _ decide: @escaping @Sendable (Item?) throws(DynamoDBError) -> (DynamoDBItemWrite, Outcome)
    ) async throws(DynamoDBError) -> Outcome {
        let outcome = try await storeCall {
            try await store.dynamoDBWriteItem(table: schema.name, partitionKey: key.partition, sortKey: key.sort) { text in
                let existing = try text.map { text throws(DynamoDBError) in try StoredItem.decode(text) }
                return try decide(existing)
            }
        }
        guard let outcome else { throw DynamoDBError.resourceNotFound }
        return outcome
    }

    func putItem(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let table = try r.tableName()
        guard let item = try r.item("Item") else { throw DynamoDBError.missing("item") }
        let returnOld = try Self.oldOrNone(r)
        var attributes = try r.expressionAttributes(usesExpressions: r.value("ConditionExpression") != nil)
        let condition = try Self.condition(r, &attributes)
        try Self.checkUsed(attributes)
        // AWS checks the size before it looks the table up.
        let size = try TableSchema.checkSize(item)
        let schema = try await schema(table)
        let key = try schema.key(ofItem: item)
        let indexKeys = try schema.indexKeys(ofItem: item)
        let text = StoredItem.encode(item)
        let old = try await write(schema, key) { existing throws(DynamoDBError) in
            if let condition, !condition.matches(existing ?? [:]) { throw DynamoDBError.conditionalCheckFailed }
            return (.put(item: text, size: size, indexKeys: indexKeys), existing)
        }
        var o = JSONObject()
        if returnOld, let old { o["Attributes"] = StoredItem.json(old) }
        addConsumedCapacity(r, &o, table: table, units: Double(max(1, (size + 1023) / 1024)))
        return .object(o)
    }

    func getItem(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let table = try r.tableName()
        guard let keyItem = try r.item("Key") else { throw DynamoDBError.missing("key") }
        let consistent = try r.bool("ConsistentRead") ?? false
        var attributes = try r.expressionAttributes(usesExpressions: r.value("ProjectionExpression") != nil)
        let projection = try Self.projection(r, &attributes)
        try Self.checkUsed(attributes)
        let schema = try await schema(table)
        let key = try schema.key(fromKey: keyItem)
        let text = try await storeCall {
            try await store.dynamoDBItem(table: table, partitionKey: key.partition, sortKey: key.sort)
        }
        var o = JSONObject()
        var size = 0
        if let text {
            let item = try StoredItem.decode(text)
            size = text.utf8.count
            o["Item"] = StoredItem.json(projection?.project(item) ?? item)
        }
        addConsumedCapacity(r, &o, table: table, units: Self.readUnits(size, consistent: consistent))
        return .object(o)
    }

    func updateItem(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let table = try r.tableName()
        guard let keyItem = try r.item("Key") else { throw DynamoDBError.missing("key") }
        let returnValues = try r.enumeration("ReturnValues", Self.returnValuesAll) ?? "NONE"
        let updateText = try r.string("UpdateExpression")
        var attributes = try r.expressionAttributes(
            usesExpressions: updateText != nil || r.value("ConditionExpression") != nil)
        let update = try Self.update(updateText, &attributes)
        let condition = try Self.condition(r, &attributes)
        try Self.checkUsed(attributes)
        let schema = try await schema(table)
        let key = try schema.key(fromKey: keyItem)
        let paths = update?.paths ?? []
        for path in paths where schema.keyNames.contains(path.topName) {
            throw DynamoDBError.validation(
                "One or more parameter values were invalid: Cannot update attribute \(path.topName). This attribute is part of the key")
        }
        try schema.checkIndexKeyTypes(update)
        let (old, new, size) = try await write(schema, key) { existing throws(DynamoDBError) in
            if let condition, !condition.matches(existing ?? [:]) { throw DynamoDBError.conditionalCheckFailed }
            var updated = existing ?? keyItem
            if let update {
                do throws(ExpressionError) {
                    updated = try update.apply(to: updated)
                } catch {
                    throw DynamoDBError.expression(error)
                }
            }
            let size = try TableSchema.checkSize(updated, update: true)
            let indexKeys = try schema.indexKeys(ofItem: updated, updated: true)
            return (.put(item: StoredItem.encode(updated), size: size, indexKeys: indexKeys), (existing, updated, size))
        }
        var o = JSONObject()
        let attributesOut: Item? =
            switch returnValues {
            case "ALL_OLD": old
            case "ALL_NEW": new
            case "UPDATED_OLD": old.map { ProjectionExpression.project($0, paths) }
            case "UPDATED_NEW": ProjectionExpression.project(new, paths)
            default: nil
            }
        if let attributesOut, !attributesOut.isEmpty { o["Attributes"] = StoredItem.json(attributesOut) }
        addConsumedCapacity(r, &o, table: table, units: Double(max(1, (size + 1023) / 1024)))
        return .object(o)
    }

    func deleteItem(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let table = try r.tableName()
        guard let keyItem = try r.item("Key") else { throw DynamoDBError.missing("key") }
        let returnOld = try Self.oldOrNone(r)
        var attributes = try r.expressionAttributes(usesExpressions: r.value("ConditionExpression") != nil)
        let condition = try Self.condition(r, &attributes)
        try Self.checkUsed(attributes)
        let schema = try await schema(table)
        let key = try schema.key(fromKey: keyItem)
        let old = try await write(schema, key) { existing throws(DynamoDBError) in
            if let condition, !condition.matches(existing ?? [:]) { throw DynamoDBError.conditionalCheckFailed }
            return (existing == nil ? .keep : .delete, existing)
        }
        var o = JSONObject()
        if returnOld, let old { o["Attributes"] = StoredItem.json(old) }
        addConsumedCapacity(r, &o, table: table, units: Double(max(1, ((old?.itemSize ?? 0) + 1023) / 1024)))
        return .object(o)
    }
}
