import Foundation
import SluiceDynamoDB
import SluiceJSON
import SluiceStore
import Testing

/// A service over a fresh store in a temporary folder.
func makeService() throws -> (DynamoDBService, Store, String) {
    let dir = NSTemporaryDirectory() + "sluice-ddb-\(UUID().uuidString)"
    let store = try Store(directory: dir)
    return (DynamoDBService(store: store, region: "us-east-1", account: "123456789012"), store, dir)
}

extension DynamoDBService {
    /// Calls an operation with a JSON text request.
    func call(_ operation: String, _ json: String) async throws -> JSONValue {
        guard case .object(let o) = try JSONValue(parsing: json) else { throw DynamoDBError.validation("not an object") }
        return try await handle(operation: operation, request: o)
    }

    /// The error an operation answers.
    func failure(_ operation: String, _ json: String) async throws -> DynamoDBError? {
        do {
            _ = try await call(operation, json)
            return nil
        } catch let error as DynamoDBError {
            return error
        }
    }
}

let compositeTable = #"{"TableName":"tbl","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],"BillingMode":"PAY_PER_REQUEST"}"#

@Suite struct TableTests {
    @Test func lifecycle() async throws {
        let (s, _, _) = try makeService()
        let created = try await s.call("CreateTable", compositeTable)
        #expect(created["TableDescription"]?["TableStatus"] == "ACTIVE")
        #expect(created["TableDescription"]?["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/tbl")
        #expect(try await s.failure("CreateTable", compositeTable) == DynamoDBError("ResourceInUseException", "Table already exists: tbl"))
        _ = try await s.call("CreateTable", compositeTable.replacingOccurrences(of: #""tbl""#, with: #""uuu""#))
        let list = try await s.call("ListTables", #"{"Limit":1}"#)
        #expect(list["TableNames"] == ["tbl"])
        #expect(list["LastEvaluatedTableName"] == "tbl")
        #expect(try await s.call("ListTables", #"{"ExclusiveStartTableName":"tbl"}"#)["TableNames"] == ["uuu"])
        _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1"}}}"#)
        #expect(try await s.call("DescribeTable", #"{"TableName":"tbl"}"#)["Table"]?["ItemCount"] == 1)
        #expect(try await s.call("DeleteTable", #"{"TableName":"tbl"}"#)["TableDescription"]?["TableStatus"] == "DELETING")
        #expect(
            try await s.failure("DescribeTable", #"{"TableName":"tbl"}"#)
                == DynamoDBError("ResourceNotFoundException", "Requested resource not found: Table: tbl not found"))
        #expect(
            try await s.failure("GetItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1"}}}"#) == .resourceNotFound)
    }

    @Test func settings() async throws {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        #expect(try await s.call("DescribeTimeToLive", #"{"TableName":"tbl"}"#) == ["TimeToLiveDescription": ["TimeToLiveStatus": "DISABLED"]])
        _ = try await s.call("UpdateTimeToLive", #"{"TableName":"tbl","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#)
        #expect(
            try await s.call("DescribeTimeToLive", #"{"TableName":"tbl"}"#)
                == ["TimeToLiveDescription": ["TimeToLiveStatus": "ENABLED", "AttributeName": "expires"]])
        #expect(
            try await s.failure("UpdateTimeToLive", #"{"TableName":"tbl","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}}"#)?.message
                == "TimeToLive is already enabled")
        let updated = try await s.call(
            "UpdateTable", #"{"TableName":"tbl","BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4},"DeletionProtectionEnabled":true}"#)
        #expect(updated["TableDescription"]?["ProvisionedThroughput"]?["WriteCapacityUnits"] == 4)
        #expect(updated["TableDescription"]?["BillingModeSummary"] == nil)
        #expect(
            try await s.failure("DeleteTable", #"{"TableName":"tbl"}"#)?.message
                == "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/tbl"
        _ = try await s.call("TagResource", #"{"ResourceArn":"\#(arn)","Tags":[{"Key":"team","Value":"a"},{"Key":"env","Value":"dev"}]}"#)
        _ = try await s.call("UntagResource", #"{"ResourceArn":"\#(arn)","TagKeys":["env"]}"#)
        #expect(try await s.call("ListTagsOfResource", #"{"ResourceArn":"\#(arn)"}"#) == ["Tags": [["Key": "team", "Value": "a"]]])
        _ = try await s.call("UpdateTable", #"{"TableName":"tbl","DeletionProtectionEnabled":false}"#)
        _ = try await s.call("DeleteTable", #"{"TableName":"tbl"}"#)
    }

    @Test func createValidation() async throws {
        let (s, _, _) = try makeService()
        #expect(
            try await s.failure("CreateTable", #"{"TableName":"tt","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]}"#)?.message
                == "1 validation error detected: Value 'tt' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3")
        #expect(
            try await s.failure("CreateTable", #"{"TableName":"ttt","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}]}"#)?.message
                == "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
        #expect(
            try await s.failure("CreateTable", #"{"TableName":"ttt","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"x","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"}"#)?.message
                == "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [x]")
    }
}

@Suite struct ItemTests {
    @Test func putGetUpdateDelete() async throws {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1.0"},"v":{"S":"x"}}}"#)
        let got = try await s.call("GetItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1"}}}"#)
        #expect(got["Item"]?["v"] == ["S": "x"])
        #expect(got["Item"]?["sk"] == ["N": "1"])
        // Conditional put fails on an existing item.
        #expect(
            try await s.failure(
                "PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1"}},"ConditionExpression":"attribute_not_exists(pk)"}"#)
                == .conditionalCheckFailed)
        let old = try await s.call(
            "PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"y"}},"ReturnValues":"ALL_OLD"}"#)
        #expect(old["Attributes"]?["v"] == ["S": "x"])
        let updated = try await s.call(
            "UpdateItem",
            ##"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET #c = if_not_exists(#c, :z) + :one","ExpressionAttributeNames":{"#c":"count"},"ExpressionAttributeValues":{":z":{"N":"0"},":one":{"N":"1"}},"ReturnValues":"UPDATED_NEW"}"##
        )
        #expect(updated == ["Attributes": ["count": ["N": "1"]]])
        let all = try await s.call(
            "UpdateItem",
            ##"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"REMOVE v","ConditionExpression":"#c = :one","ExpressionAttributeNames":{"#c":"count"},"ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"ALL_NEW"}"##
        )
        #expect(all == ["Attributes": ["count": ["N": "1"], "pk": ["S": "a"], "sk": ["N": "1"]]])
        #expect(
            try await s.failure(
                "UpdateItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET pk = :v","ExpressionAttributeValues":{":v":{"S":"b"}}}"#)?.message
                == "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key")
        // UpdateItem creates a missing item.
        _ = try await s.call(
            "UpdateItem",
            #"{"TableName":"tbl","Key":{"pk":{"S":"b"},"sk":{"N":"2"}},"UpdateExpression":"SET Streamed = :t","ExpressionAttributeValues":{":t":{"BOOL":true}}}"#)
        #expect(
            try await s.call("GetItem", #"{"TableName":"tbl","Key":{"pk":{"S":"b"},"sk":{"N":"2"}}}"#)["Item"]
                == ["Streamed": ["BOOL": true], "pk": ["S": "b"], "sk": ["N": "2"]])
        let legacy = try await s.call(
            "GetItem", #"{"TableName":"tbl","Key":{"pk":{"S":"b"},"sk":{"N":"2"}},"AttributesToGet":["Streamed"]}"#)
        #expect(legacy == ["Item": ["Streamed": ["BOOL": true]]])
        #expect(
            try await s.failure("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"b"},"sk":{"N":"2"}},"Expected":{"pk":{"Exists":false}}}"#)?.message
                == "Sluice does not support the legacy parameter Expected; use the expression parameters instead")
        let deleted = try await s.call("DeleteItem", #"{"TableName":"tbl","Key":{"pk":{"S":"b"},"sk":{"N":"2"}},"ReturnValues":"ALL_OLD"}"#)
        #expect(deleted["Attributes"]?["Streamed"] == ["BOOL": true])
        #expect(try await s.call("GetItem", #"{"TableName":"tbl","Key":{"pk":{"S":"b"},"sk":{"N":"2"}}}"#) == [:])
    }

    @Test func keyValidation() async throws {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        #expect(
            try await s.failure("GetItem", #"{"TableName":"tbl","Key":{"pk":{"S":"a"}}}"#)?.message
                == "The provided key element does not match the schema")
        #expect(
            try await s.failure("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"}}}"#)?.message
                == "One or more parameter values were invalid: Missing the key sk in the item")
        #expect(
            try await s.failure("PutItem", #"{"TableName":"tbl","Item":{"pk":{"N":"1"},"sk":{"N":"1"}}}"#)?.message
                == "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
        #expect(
            try await s.failure("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":""},"sk":{"N":"1"}}}"#)?.message
                == "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk")
        #expect(
            try await s.failure("PutItem", #"{"TableName":"tbl"}"#)?.message
                == "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null")
        #expect(
            try await s.failure("PutItem", #"{"TableName":"/bad","Item":{}}"#)?.message
                == "1 validation error detected: Value '/bad' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        let big = String(repeating: "x", count: 400 * 1024)
        #expect(
            try await s.failure("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"big":{"S":"\#(big)"}}}"#)?.message
                == "Item size has exceeded the maximum allowed size")
        #expect(
            try await s.failure("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1"}},"ExpressionAttributeValues":{":v":{"S":"x"}}}"#)?.message
                == "ExpressionAttributeValues can only be specified when using expressions")
    }
}

@Suite struct QueryTests {
    func seeded() async throws -> DynamoDBService {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        for n in ["-5", "0.5", "2", "10", "100", "1e3"] {
            _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"\#(n)"},"odd":{"BOOL":\#(n == "2" || n == "10" || n == "100" ? "false" : "true")}}}"#)
        }
        _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"b"},"sk":{"N":"1"}}}"#)
        return s
    }

    func sortKeys(_ v: JSONValue) -> [String] {
        (v["Items"]?.arrayValue ?? []).compactMap { $0["sk"]?["N"]?.stringValue }
    }

    @Test func ordersNumerically() async throws {
        let s = try await seeded()
        let q = #"{"TableName":"tbl","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}}}"#
        #expect(sortKeys(try await s.call("Query", q)) == ["-5", "0.5", "2", "10", "100", "1000"])
        let back = try await s.call("Query", q.replacingOccurrences(of: #""TableName""#, with: #""ScanIndexForward":false,"TableName""#))
        #expect(sortKeys(back) == ["1000", "100", "10", "2", "0.5", "-5"])
        let between = try await s.call(
            "Query",
            #"{"TableName":"tbl","KeyConditionExpression":"pk = :p AND sk BETWEEN :lo AND :hi","ExpressionAttributeValues":{":p":{"S":"a"},":lo":{"N":"0"},":hi":{"N":"10"}}}"#)
        #expect(sortKeys(between) == ["0.5", "2", "10"])
        let filtered = try await s.call(
            "Query",
            #"{"TableName":"tbl","KeyConditionExpression":"pk = :p AND sk > :lo","FilterExpression":"odd = :t","ExpressionAttributeValues":{":p":{"S":"a"},":lo":{"N":"0"},":t":{"BOOL":true}}}"#)
        #expect(sortKeys(filtered) == ["0.5", "1000"])
        #expect(filtered["Count"] == 2)
        #expect(filtered["ScannedCount"] == 5)
        let count = try await s.call("Query", q.replacingOccurrences(of: #""TableName""#, with: #""Select":"COUNT","TableName""#))
        #expect(count["Count"] == 6)
        #expect(count["Items"] == nil)
    }

    @Test func paginates() async throws {
        let s = try await seeded()
        var seen: [String] = []
        var start = ""
        var pages = 0
        while true {
            let page = try await s.call(
                "Query",
                #"{"TableName":"tbl","Limit":4,\#(start)"KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}},"ScanIndexForward":false}"#)
            seen += sortKeys(page)
            pages += 1
            guard let last = page["LastEvaluatedKey"] else { break }
            start = #""ExclusiveStartKey":\#(last.serialized),"#
        }
        #expect(seen == ["1000", "100", "10", "2", "0.5", "-5"])
        #expect(pages == 2)
        // Scan: every item once, page by page.
        var scanned = 0
        start = ""
        while true {
            let page = try await s.call("Scan", #"{"TableName":"tbl",\#(start)"Limit":3}"#)
            scanned += page["Count"]?.numberValue?.intValue ?? 0
            guard let last = page["LastEvaluatedKey"] else { break }
            start = #""ExclusiveStartKey":\#(last.serialized),"#
        }
        #expect(scanned == 7)
    }

    @Test func errors() async throws {
        let s = try await seeded()
        #expect(
            try await s.failure(
                "Query", #"{"TableName":"tbl","KeyConditionExpression":"pk = :p","FilterExpression":"sk > :p","ExpressionAttributeValues":{":p":{"S":"a"}}}"#)?.message
                == "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
        #expect(
            try await s.failure("Query", #"{"TableName":"tbl","KeyConditionExpression":"sk = :v","ExpressionAttributeValues":{":v":{"N":"1"}}}"#)?.message
                == "Query condition missed key schema element: pk")
        #expect(
            try await s.failure("Query", #"{"TableName":"tbl","KeyConditionExpression":"pk = :v","ExpressionAttributeValues":{":v":{"S":"a"}},"Limit":0}"#)?.message
                == "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
    }
}

@Suite struct IndexTests {
    let table = #"{"TableName":"orders","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},{"AttributeName":"status","AttributeType":"S"},{"AttributeName":"amount","AttributeType":"N"}],"BillingMode":"PAY_PER_REQUEST","GlobalSecondaryIndexes":[{"IndexName":"byStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"},{"AttributeName":"amount","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],"LocalSecondaryIndexes":[{"IndexName":"byTotal","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"amount","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}]}"#

    func seeded() async throws -> DynamoDBService {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", table)
        for (i, (status, amount)) in [("open", "30"), ("open", "5"), ("done", "7"), ("open", "12")].enumerated() {
            _ = try await s.call(
                "PutItem", #"{"TableName":"orders","Item":{"pk":{"S":"u"},"sk":{"S":"o\#(i)"},"status":{"S":"\#(status)"},"amount":{"N":"\#(amount)"},"note":{"S":"n\#(i)"}}}"#)
        }
        // Not in the indexes: no amount.
        _ = try await s.call("PutItem", #"{"TableName":"orders","Item":{"pk":{"S":"u"},"sk":{"S":"profile"},"status":{"S":"open"}}}"#)
        return s
    }

    @Test func queriesAGlobalIndexInItsOrder() async throws {
        let s = try await seeded()
        let q = ##"{"TableName":"orders","IndexName":"byStatus","KeyConditionExpression":"#s = :o","ExpressionAttributeNames":{"#s":"status"},"ExpressionAttributeValues":{":o":{"S":"open"}}}"##
        let all = try await s.call("Query", q)
        #expect((all["Items"]?.arrayValue ?? []).compactMap { $0["amount"]?["N"]?.stringValue } == ["5", "12", "30"])
        // KEYS_ONLY: table and index keys only.
        #expect(all["Items"]?.arrayValue?.first?["note"] == nil)
        #expect(all["Items"]?.arrayValue?.first?["sk"] == ["S": "o1"])
        // Pages of one, resumed from LastEvaluatedKey (index and table keys).
        var seen: [String] = []
        var start = ""
        while true {
            let page = try await s.call("Query", q.replacingOccurrences(of: #""IndexName""#, with: #"\#(start)"Limit":1,"IndexName""#))
            seen += (page["Items"]?.arrayValue ?? []).compactMap { $0["sk"]?["S"]?.stringValue }
            guard let last = page["LastEvaluatedKey"] else { break }
            #expect(last.objectValue?.keys.sorted() == ["amount", "pk", "sk", "status"])
            start = #""ExclusiveStartKey":\#(last.serialized),"#
        }
        #expect(seen == ["o1", "o3", "o0"])
        #expect(
            try await s.failure("Query", q.replacingOccurrences(of: #""IndexName""#, with: #""ConsistentRead":true,"IndexName""#))?.message
                == "Consistent reads are not supported on global secondary indexes")
    }

    @Test func createsAndDeletesAGlobalIndexOnATableWithItems() async throws {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        for (n, colour) in [("1", "red"), ("2", "blue"), ("3", "red")] {
            _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"p"},"sk":{"N":"\#(n)"},"colour":{"S":"\#(colour)"}}}"#)
        }
        _ = try await s.call(
            "UpdateTable",
            #"{"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"colour","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"byColour","KeySchema":[{"AttributeName":"colour","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]}"#)
        let query = #"{"TableName":"tbl","IndexName":"byColour","KeyConditionExpression":"colour = :c","ExpressionAttributeValues":{":c":{"S":"red"}}}"#
        #expect(try await s.call("Query", query)["Count"] == 2)
        _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"p"},"sk":{"N":"4"},"colour":{"S":"red"}}}"#)
        #expect(try await s.call("Query", query)["Count"] == 3)
        _ = try await s.call("UpdateTable", #"{"TableName":"tbl","GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"byColour"}}]}"#)
        #expect(try await s.failure("Query", query)?.message == "The table does not have the specified index: byColour")
    }

    @Test func queriesALocalIndexAndFollowsUpdates() async throws {
        let s = try await seeded()
        _ = try await s.call(
            "UpdateItem",
            #"{"TableName":"orders","Key":{"pk":{"S":"u"},"sk":{"S":"o0"}},"UpdateExpression":"SET amount = :t","ExpressionAttributeValues":{":t":{"N":"1"}}}"#)
        _ = try await s.call("DeleteItem", #"{"TableName":"orders","Key":{"pk":{"S":"u"},"sk":{"S":"o2"}}}"#)
        let page = try await s.call(
            "Query",
            #"{"TableName":"orders","IndexName":"byTotal","KeyConditionExpression":"pk = :u AND amount < :t","ExpressionAttributeValues":{":u":{"S":"u"},":t":{"N":"20"}},"ScanIndexForward":false}"#)
        #expect((page["Items"]?.arrayValue ?? []).compactMap { $0["sk"]?["S"]?.stringValue } == ["o3", "o1", "o0"])
        #expect(page["Items"]?.arrayValue?.first?["note"] == ["S": "n3"])
        let scanned = try await s.call("Scan", #"{"TableName":"orders","IndexName":"byStatus"}"#)
        #expect(scanned["Count"] == 3)
        #expect(
            try await s.failure("PutItem", #"{"TableName":"orders","Item":{"pk":{"S":"u"},"sk":{"S":"x"},"amount":{"S":"1"}}}"#)?.message
                == "One or more parameter values were invalid: Type mismatch for Index Key amount Expected: N Actual: S IndexName: byStatus")
        #expect(
            try await s.failure(
                "UpdateItem", #"{"TableName":"orders","Key":{"pk":{"S":"u"},"sk":{"S":"o1"}},"UpdateExpression":"SET amount = :s","ExpressionAttributeValues":{":s":{"S":"x"}}}"#)?.message
                == "One or more parameter values were invalid: Type mismatch for Index Key amount Expected: N Actual: S IndexName: byStatus")
        #expect(
            try await s.failure(
                "UpdateItem", #"{"TableName":"orders","Key":{"pk":{"S":"u"},"sk":{"S":"o1"}},"UpdateExpression":"SET amount = note"}"#)?.message
                == "The update expression attempted to update the secondary index key to unsupported type")
        #expect(
            try await s.failure("Query", #"{"TableName":"orders","IndexName":"nope","KeyConditionExpression":"pk = :u","ExpressionAttributeValues":{":u":{"S":"u"}}}"#)?.message
                == "The table does not have the specified index: nope")
    }
}

@Suite struct TransactionTests {
    @Test func allOrNothing() async throws {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"acct"},"sk":{"N":"1"},"balance":{"N":"10"}}}"#)
        let transfer = #"{"TransactItems":[{"Update":{"TableName":"tbl","Key":{"pk":{"S":"acct"},"sk":{"N":"1"}},"UpdateExpression":"SET balance = balance - :a","ConditionExpression":"balance >= :a","ExpressionAttributeValues":{":a":{"N":"AMOUNT"}}}},{"Put":{"TableName":"tbl","Item":{"pk":{"S":"acct"},"sk":{"N":"2"},"credit":{"N":"AMOUNT"}}}}]}"#
        #expect(try await s.call("TransactWriteItems", transfer.replacingOccurrences(of: "AMOUNT", with: "4")) == [:])
        let failed = try await s.failure("TransactWriteItems", transfer.replacingOccurrences(of: "AMOUNT", with: "7"))
        #expect(
            failed
                == DynamoDBError(
                    "TransactionCanceledException",
                    "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]"))
        let got = try await s.call(
            "TransactGetItems",
            #"{"TransactItems":[{"Get":{"TableName":"tbl","Key":{"pk":{"S":"acct"},"sk":{"N":"1"}}}},{"Get":{"TableName":"tbl","Key":{"pk":{"S":"acct"},"sk":{"N":"2"}}}},{"Get":{"TableName":"tbl","Key":{"pk":{"S":"none"},"sk":{"N":"2"}}}}]}"#)
        // The failed transaction changed nothing: the credit is still the first one's.
        #expect(got["Responses"]?.arrayValue?[0]["Item"]?["balance"] == ["N": "6"])
        #expect(got["Responses"]?.arrayValue?[1]["Item"]?["credit"] == ["N": "4"])
        #expect(got["Responses"]?.arrayValue?[2] == [:])
        #expect(
            try await s.failure(
                "TransactWriteItems",
                #"{"TransactItems":[{"Delete":{"TableName":"tbl","Key":{"pk":{"S":"acct"},"sk":{"N":"1"}}}},{"ConditionCheck":{"TableName":"tbl","Key":{"pk":{"S":"acct"},"sk":{"N":"1"}},"ConditionExpression":"attribute_exists(pk)"}}]}"#)?.message
                == "Transaction request cannot include multiple operations on one item")
    }
}

@Suite struct BatchTests {
    @Test func writesAndReadsInBatches() async throws {
        let (s, _, _) = try makeService()
        _ = try await s.call("CreateTable", compositeTable)
        _ = try await s.call("PutItem", #"{"TableName":"tbl","Item":{"pk":{"S":"gone"},"sk":{"N":"1"}}}"#)
        let puts = (1...24).map { #"{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"\#($0)"},"v":{"N":"\#($0 * 2)"}}}}"# }
        let delete = #"{"DeleteRequest":{"Key":{"pk":{"S":"gone"},"sk":{"N":"1"}}}}"#
        let written = try await s.call(
            "BatchWriteItem", #"{"RequestItems":{"tbl":[\#((puts + [delete]).joined(separator: ","))]}}"#)
        #expect(written == ["UnprocessedItems": [:]])
        let got = try await s.call(
            "BatchGetItem",
            #"{"RequestItems":{"tbl":{"Keys":[{"pk":{"S":"b"},"sk":{"N":"3"}},{"pk":{"S":"gone"},"sk":{"N":"1"}},{"pk":{"S":"b"},"sk":{"N":"24"}}],"ProjectionExpression":"v"}}}"#)
        #expect(got["Responses"]?["tbl"] == [["v": ["N": "6"]], ["v": ["N": "48"]]])
        let many = (1...26).map { #"{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"\#($0)"}}}}"# }.joined(separator: ",")
        #expect(try await s.failure("BatchWriteItem", #"{"RequestItems":{"tbl":[\#(many)]}}"#)?.code == "ValidationException")
        #expect(
            try await s.failure(
                "BatchWriteItem", #"{"RequestItems":{"tbl":[\#(puts[0]),\#(puts[0])]}}"#)?.message
                == "Provided list of item keys contains duplicates")
    }
}
