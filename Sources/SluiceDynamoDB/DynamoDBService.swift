public import SluiceJSON
public import SluiceStore
import DynamoDBExpressions

/// The DynamoDB JSON 1.0 API (`DynamoDB_20120810.<Operation>`) over Sluice's store: tables and
/// items are durable in the same SQLite database as executions.
public final class DynamoDBService: Sendable {
    let store: Store
    let region: String
    let account: String

    /// The operations served, by name.
    public static let operations: Set<String> = [
        "CreateTable", "DescribeTable", "ListTables", "DeleteTable", "PutItem", "GetItem", "UpdateItem", "DeleteItem",
        "Query", "Scan", "BatchWriteItem", "BatchGetItem", "TransactWriteItems", "TransactGetItems", "UpdateTable", "UpdateTimeToLive", "DescribeTimeToLive",
        "TagResource", "UntagResource", "ListTagsOfResource",
    ]

    /// The pre-expression parameters (AttributesToGet is served, as a projection).
    static let legacyParameters = [
        "Expected", "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter", "ConditionalOperator",
    ]

    /// Items may be at most 400 KB.
    static let maxItemSize = 400 * 1024
    /// A Query or Scan page stops after 1 MB of items read.
    static let maxPageBytes = 1024 * 1024

    public init(store: Store, region: String, account: String) {
        self.store = store
        self.region = region
        self.account = account
    }

    /// Runs one operation on a request body; answers the response body.
    public func handle(operation: String, request: JSONObject) async throws(DynamoDBError) -> JSONValue {
        let r = RequestReader(request)
        for legacy in Self.legacyParameters where r.value(legacy) != nil {
            throw DynamoDBError.validation(
                "Sluice does not support the legacy parameter \(legacy); use the expression parameters instead")
        }
        switch operation {
        case "CreateTable": return try await createTable(r)
        case "DescribeTable": return try await describeTable(r)
        case "ListTables": return try await listTables(r)
        case "DeleteTable": return try await deleteTable(r)
        case "PutItem": return try await putItem(r)
        case "GetItem": return try await getItem(r)
        case "UpdateItem": return try await updateItem(r)
        case "DeleteItem": return try await deleteItem(r)
        case "Query": return try await query(r)
        case "Scan": return try await scan(r)
        case "BatchWriteItem": return try await batchWriteItem(r)
        case "BatchGetItem": return try await batchGetItem(r)
        case "TransactWriteItems": return try await transactWriteItems(r)
        case "TransactGetItems": return try await transactGetItems(r)
        case "UpdateTable": return try await updateTable(r)
        case "UpdateTimeToLive": return try await updateTimeToLive(r)
        case "DescribeTimeToLive": return try await describeTimeToLive(r)
        case "TagResource": return try await tagResource(r)
        case "UntagResource": return try await untagResource(r)
        case "ListTagsOfResource": return try await listTagsOfResource(r)
        default: throw DynamoDBError("UnknownOperationException", "")
        }
    }

    // MARK: Store access with DynamoDB's errors

    /// The schema of an existing table, else `ResourceNotFoundException`.
    func schema(_ name: String, notFound: DynamoDBError = .resourceNotFound) async throws(DynamoDBError) -> TableSchema {
        let record: DynamoDBTableRecord?
        do {
            record = try await store.dynamoDBTable(name: name)
        } catch {
            throw DynamoDBError.internalError(error)
        }
        guard let record, let schema = TableSchema(name: record.name, definition: record.definition, createdMs: record.createdMs)
        else { throw notFound }
        return schema
    }

    /// Runs a store call, turning its failures into `InternalServerError`.
    func storeCall<T>(_ body: () async throws -> T) async throws(DynamoDBError) -> T {
        do {
            return try await body()
        } catch let error as DynamoDBError {
            throw error
        } catch {
            throw DynamoDBError.internalError(error)
        }
    }
}
