import DynamoDBExpressions
import SluiceJSON
import SluiceStore

/// An item's primary key in the store's order-preserving encoding.
struct EncodedKey: Sendable, Hashable {
    let partition: [UInt8]
    let sort: [UInt8]
}

extension TableSchema {
    /// The key of a `Key` member: exactly the key attributes, of the schema's types.
    func key(fromKey key: Item) throws(DynamoDBError) -> EncodedKey {
        let mismatch = DynamoDBError.validation("The provided key element does not match the schema")
        guard key.count == keyNames.count else { throw mismatch }
        guard let p = key[partitionKey.name], p.typeName == partitionKey.type else { throw mismatch }
        var sortValue: AttributeValue?
        if let sortKey {
            guard let s = key[sortKey.name], s.typeName == sortKey.type else { throw mismatch }
            sortValue = s
        }
        return try encode(partition: p, sort: sortValue)
    }

    /// The key of a whole item (PutItem): the key attributes must be present and typed as the schema says.
    func key(ofItem item: Item) throws(DynamoDBError) -> EncodedKey {
        var values: [AttributeValue] = []
        for attribute in [partitionKey] + (sortKey.map { [$0] } ?? []) {
            guard let v = item[attribute.name] else {
                throw DynamoDBError.validation("One or more parameter values were invalid: Missing the key \(attribute.name) in the item")
            }
            guard v.typeName == attribute.type else {
                throw DynamoDBError.validation(
                    "One or more parameter values were invalid: Type mismatch for key \(attribute.name) expected: \(attribute.type) actual: \(v.typeName)"
                )
            }
            values.append(v)
        }
        return try encode(partition: values[0], sort: values.count > 1 ? values[1] : nil)
    }

    /// The item's entries in the secondary indexes (an item without an index's key attributes is
    /// not in that index), with AWS's checks of the index key values.
    /// `updated`: the item is the result of an UpdateExpression (AWS words a wrong type differently).
    func indexKeys(ofItem item: Item, updated: Bool = false) throws(DynamoDBError) -> [DynamoDBIndexKey] {
        var keys: [DynamoDBIndexKey] = []
        for index in indexes {
            var bytes: [[UInt8]] = []
            var complete = true
            for attribute in [index.partitionKey] + (index.sortKey.map { [$0] } ?? []) {
                guard let v = item[attribute.name] else {
                    complete = false
                    continue
                }
                guard v.typeName == attribute.type else {
                    if updated {
                        throw DynamoDBError.validation(
                            "The update expression attempted to update the secondary index key to unsupported type")
                    }
                    throw DynamoDBError.validation(
                        "One or more parameter values were invalid: Type mismatch for Index Key \(attribute.name) Expected: \(attribute.type) Actual: \(v.typeName) IndexName: \(index.name)"
                    )
                }
                let b = v.sortableKeyBytes ?? []
                if b.isEmpty {
                    throw DynamoDBError.validation(
                        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty \(v.typeName == "B" ? "binary" : "string") value. IndexName: \(index.name), IndexKey: \(attribute.name)"
                    )
                }
                bytes.append(b)
            }
            guard complete, let partition = bytes.first else { continue }
            keys.append(DynamoDBIndexKey(index: index.name, partitionKey: partition, sortKey: bytes.count > 1 ? bytes[1] : []))
        }
        return keys
    }

    /// SET actions whose value's type is known before the item is read must give index key
    /// attributes their declared type.
    func checkIndexKeyTypes(_ update: UpdateExpression?) throws(DynamoDBError) {
        guard let update else { return }
        for case .set(let path, let operand) in update.actions where path.elements.count == 1 {
            guard let type = Self.staticType(operand) else { continue }
            for index in indexes {
                for attribute in [index.partitionKey] + (index.sortKey.map { [$0] } ?? [])
                where attribute.name == path.topName && attribute.type != type {
                    throw DynamoDBError.validation(
                        "One or more parameter values were invalid: Type mismatch for Index Key \(attribute.name) Expected: \(attribute.type) Actual: \(type) IndexName: \(index.name)"
                    )
                }
            }
        }
    }

    /// The type an operand has whatever the item holds, if known.
    static func staticType(_ operand: Operand) -> String? {
        switch operand {
        case .value(let v): v.typeName
        case .plus, .minus: "N"
        case .listAppend: "L"
        case .ifNotExists(_, let fallback): staticType(fallback)
        case .path, .size: nil
        }
    }

    /// The attributes an index holds of an item.
    func project(_ item: Item, through index: Index) -> Item {
        switch index.projection {
        case .all: return item
        case .keysOnly: return item.filter { keyNames.contains($0.key) || index.keyNames.contains($0.key) }
        case .include(let names):
            return item.filter { keyNames.contains($0.key) || index.keyNames.contains($0.key) || names.contains($0.key) }
        }
    }

    private func encode(partition: AttributeValue, sort: AttributeValue?) throws(DynamoDBError) -> EncodedKey {
        let p = try keyBytes(partition, name: partitionKey.name)
        if p.count > 2048 {
            throw DynamoDBError.validation(
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
        }
        var s: [UInt8] = []
        if let sort, let sortKey {
            s = try keyBytes(sort, name: sortKey.name)
            if s.count > 1024 {
                throw DynamoDBError.validation(
                    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
                )
            }
        }
        return EncodedKey(partition: p, sort: s)
    }

    private func keyBytes(_ value: AttributeValue, name: String) throws(DynamoDBError) -> [UInt8] {
        switch value {
        case .string(let s) where s.isEmpty:
            throw DynamoDBError.validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: \(name)"
            )
        case .binary(let b) where b.isEmpty:
            throw DynamoDBError.validation(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: \(name)"
            )
        default:
            return value.sortableKeyBytes ?? []
        }
    }

    /// Only the key attributes of an item (LastEvaluatedKey).
    func keyAttributes(of item: Item) -> Item { item.filter { keyNames.contains($0.key) } }

    /// Throws when an item is over DynamoDB's 400 KB (UpdateItem words it differently).
    static func checkSize(_ item: Item, update: Bool = false) throws(DynamoDBError) -> Int {
        let size = item.itemSize
        if size > DynamoDBService.maxItemSize {
            throw DynamoDBError.validation(
                update ? "Item size to update has exceeded the maximum allowed size" : "Item size has exceeded the maximum allowed size")
        }
        return size
    }
}
