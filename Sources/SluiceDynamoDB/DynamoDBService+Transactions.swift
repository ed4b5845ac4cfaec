import DynamoDBExpressions
import SluiceJSON
import SluiceStore

/// TransactWriteItems and TransactGetItems: all or nothing, in one SQLite transaction.
extension DynamoDBService {
    /// One action of TransactWriteItems, checked and compiled.
    struct TransactAction: Sendable {
        enum Kind: Sendable {
            case conditionCheck
            case put(Item, size: Int, indexKeys: [DynamoDBIndexKey])
            case delete
            case update(UpdateExpression?, keyItem: Item)
        }

        let kind: Kind
        let schema: TableSchema
        let key: EncodedKey
        let condition: ConditionExpression?
    }

    static let transactKinds = ["ConditionCheck", "Put", "Delete", "Update"]

    /// `TransactItems`: present, with 1 to 100 entries.
    static func transactItems(_ r: RequestReader) throws(DynamoDBError) -> [JSONValue] {
        guard let entries = try r.array("TransactItems") else { throw DynamoDBError.missing("transactItems") }
        if entries.isEmpty || entries.count > 100 {
            throw DynamoDBError.validation(
                "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length \(entries.isEmpty ? "greater than or equal to 1" : "less than or equal to 100")"
            )
        }
        return entries
    }

    func transactWriteItems(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let entries = try Self.transactItems(r)
        var schemas: [String: TableSchema] = [:]
        var actions: [TransactAction] = []
        var seen: Set<[UInt8]> = []
        for entry in entries {
            let members = entry.objectValue ?? [:]
            let present = Self.transactKinds.filter { members[$0] != nil && members[$0]?.isNull == false }
            guard present.count == 1, let kindName = present.first, case .object(let body)? = members[kindName] else {
                throw DynamoDBError.validation(
                    "TransactItems can only contain one of Check, Put, Update or Delete")
            }
            let action = try await transactAction(kindName, RequestReader(body), &schemas)
            let identity = Array(action.schema.name.utf8) + [0] + action.key.partition + [0] + action.key.sort
            guard seen.insert(identity).inserted else {
                throw DynamoDBError.validation("Transaction request cannot include multiple operations on one item")
            }
            actions.append(action)
        }
        let keys = actions.map { (table: $0.schema.name, partitionKey: $0.key.partition, sortKey: $0.key.sort) }
        let compiled = actions
        let done: Void? = try await storeCall {
            try await store.dynamoDBTransact(keys) { texts in (try Self.transactWrites(compiled, texts), ()) }
        }
        guard done != nil else { throw DynamoDBError.resourceNotFound }
        return [:]
    }

    /// What a transaction writes, given the items it found; throws TransactionCanceledException
    /// when a condition fails.
    static func transactWrites(_ actions: [TransactAction], _ texts: [String?]) throws(DynamoDBError) -> [DynamoDBItemWrite] {
        var items: [Item?] = []
        for text in texts {
            if let text { items.append(try StoredItem.decode(text)) } else { items.append(nil) }
        }
        var reasons: [String] = []
        for (action, existing) in zip(actions, items) {
            let holds = action.condition?.matches(existing ?? [:]) ?? true
            reasons.append(holds ? "None" : "ConditionalCheckFailed")
        }
        if reasons.contains("ConditionalCheckFailed") {
            throw DynamoDBError(
                "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons [\(reasons.joined(separator: ", "))]")
        }
        var writes: [DynamoDBItemWrite] = []
        for (action, existing) in zip(actions, items) {
            switch action.kind {
            case .conditionCheck: writes.append(.keep)
            case .put(let item, let size, let indexKeys):
                writes.append(.put(item: StoredItem.encode(item), size: size, indexKeys: indexKeys))
            case .delete: writes.append(existing == nil ? .keep : .delete)
            case .update(let update, let keyItem):
                var updated = existing ?? keyItem
                if let update {
                    do {
                        updated = try update.apply(to: updated)
                    } catch {
                        throw DynamoDBError.expression(error)
                    }
                }
                let size = try TableSchema.checkSize(updated, update: true)
                writes.append(.put(item: StoredItem.encode(updated), size: size, indexKeys: try action.schema.indexKeys(ofItem: updated, updated: true)))
            }
        }
        return writes
    }

    /// Reads one action of TransactWriteItems.
    private func transactAction(_ kind: String, _ r: RequestReader, _ schemas: inout [String: TableSchema]) async throws(DynamoDBError)
        -> TransactAction
    {
        let table = try r.tableName()
        let updateText = kind == "Update" ? try r.string("UpdateExpression") : nil
        if kind == "Update", updateText == nil { throw DynamoDBError.missing("transactItems.member.update.updateExpression") }
        if kind == "ConditionCheck", r.value("ConditionExpression") == nil {
            throw DynamoDBError.missing("transactItems.member.conditionCheck.conditionExpression")
        }
        var attributes = try r.expressionAttributes(usesExpressions: updateText != nil || r.value("ConditionExpression") != nil)
        let update = try Self.update(updateText, &attributes)
        let condition = try Self.condition(r, &attributes)
        try Self.checkUsed(attributes)
        let schema: TableSchema
        if let known = schemas[table] {
            schema = known
        } else {
            schema = try await self.schema(table)
            schemas[table] = schema
        }
        switch kind {
        case "Put":
            guard let item = try r.item("Item") else { throw DynamoDBError.missing("transactItems.member.put.item") }
            let key = try schema.key(ofItem: item)
            let size = try TableSchema.checkSize(item)
            return TransactAction(
                kind: .put(item, size: size, indexKeys: try schema.indexKeys(ofItem: item)), schema: schema, key: key,
                condition: condition)
        default:
            guard let keyItem = try r.item("Key") else { throw DynamoDBError.missing("transactItems.member.key") }
            let key = try schema.key(fromKey: keyItem)
            for path in update?.paths ?? [] where schema.keyNames.contains(path.topName) {
                throw DynamoDBError.validation(
                    "One or more parameter values were invalid: Cannot update attribute \(path.topName). This attribute is part of the key")
            }
            try schema.checkIndexKeyTypes(update)
            let k: TransactAction.Kind =
                switch kind {
                case "Update": .update(update, keyItem: keyItem)
                case "Delete": .delete
                default: .conditionCheck
                }
            return TransactAction(kind: k, schema: schema, key: key, condition: condition)
        }
    }

    func transactGetItems(_ r: RequestReader) async throws(DynamoDBError) -> JSONValue {
        let entries = try Self.transactItems(r)
        var schemas: [String: TableSchema] = [:]
        var reads: [(key: EncodedKey, table: String, projection: ProjectionExpression?)] = []
        for entry in entries {
            guard case .object(let get)? = entry["Get"] else { throw DynamoDBError.missing("transactItems.member.get") }
            let g = RequestReader(get)
            let table = try g.tableName()
            guard let keyItem = try g.item("Key") else { throw DynamoDBError.missing("transactItems.member.get.key") }
            var attributes = try g.expressionAttributes(usesExpressions: g.value("ProjectionExpression") != nil)
            let projection = try Self.projection(g, &attributes)
            try Self.checkUsed(attributes)
            let schema: TableSchema
            if let known = schemas[table] {
                schema = known
            } else {
                schema = try await self.schema(table)
                schemas[table] = schema
            }
            reads.append((try schema.key(fromKey: keyItem), table, projection))
        }
        let texts = try await storeCall {
            try await store.dynamoDBItems(reads.map { (table: $0.table, partitionKey: $0.key.partition, sortKey: $0.key.sort) })
        }
        var responses: [JSONValue] = []
        for (read, text) in zip(reads, texts) {
            guard let text else {
                responses.append([:])
                continue
            }
            let item = try StoredItem.decode(text)
            responses.append(["Item": StoredItem.json(read.projection?.project(item) ?? item)])
        }
        return ["Responses": .array(responses)]
    }
}
