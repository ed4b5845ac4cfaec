import DynamoDBExpressions
import SluiceJSON

/// Items as stored: DynamoDB JSON text.
enum StoredItem {
    static func encode(_ item: Item) -> String { JSONValue.object(AttributeValue.jsonObject(item)).serialized }

    static func decode(_ text: String) throws(DynamoDBError) -> Item {
        do {
            guard case .object(let o) = try JSONValue(parsing: text) else { throw DynamoDBError("InternalServerError", "Corrupt item") }
            return try AttributeValue.item(json: o)
        } catch let error as DynamoDBError {
            throw error
        } catch {
            throw DynamoDBError("InternalServerError", "Corrupt item: \(error)")
        }
    }

    static func json(_ item: Item) -> JSONValue { .object(AttributeValue.jsonObject(item)) }
}
