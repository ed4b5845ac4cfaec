import Foundation
import SluiceDigest
import SluiceDynamoDB
import SluiceJSON

/// Task states calling DynamoDB: the optimized integrations `arn:aws:states:::dynamodb:putItem`,
/// `getItem`, `updateItem`, `deleteItem` (answers carry `SdkHttpMetadata`/`SdkResponseMetadata`,
/// errors read `DynamoDB.<Exception>` with the Java SDK v1 cause text), and the SDK integrations
/// `arn:aws:states:::aws-sdk:dynamodb:<action>` for every operation Sluice serves (the bare
/// response; errors `DynamoDb.<Exception>` with the SDK v2 cause text).
struct DynamoDBTaskIntegration: TaskIntegration {
    let service: DynamoDBService

    static let optimized: [String: String] = [
        "putItem": "PutItem", "getItem": "GetItem", "updateItem": "UpdateItem", "deleteItem": "DeleteItem",
    ]

    /// Exceptions the SDKs model as classes of their own; any other code is the generic exception.
    static let modeledExceptions: Set<String> = [
        "ConditionalCheckFailedException", "ResourceNotFoundException", "ResourceInUseException", "LimitExceededException",
        "ProvisionedThroughputExceededException", "ItemCollectionSizeLimitExceededException", "TransactionCanceledException",
        "TransactionConflictException", "RequestLimitExceeded", "InternalServerError", "IdempotentParameterMismatchException",
    ]

    /// The operation a resource names and whether it is the optimized integration.
    static func operation(_ resource: String) -> (name: String, optimized: Bool)? {
        guard resource.hasPrefix("arn:"), let range = resource.range(of: ":states:::") else { return nil }
        let service = resource[range.upperBound...]
        if service.hasPrefix("dynamodb:") {
            return optimized[String(service.dropFirst("dynamodb:".count))].map { ($0, true) }
        }
        if service.hasPrefix("aws-sdk:dynamodb:") {
            let action = service.dropFirst("aws-sdk:dynamodb:".count)
            guard let first = action.first else { return nil }
            let name = first.uppercased() + action.dropFirst()
            return DynamoDBService.operations.contains(name) ? (name, false) : nil
        }
        return nil
    }

    func serves(_ resource: String) -> Bool { Self.operation(resource) != nil }

    func call(_ call: TaskCall) async -> TaskCallResult {
        guard let target = Self.operation(call.resource) else {
            return .failed(error: "States.Runtime", cause: "Unsupported resource: \(call.resource)")
        }
        let (operation, optimized) = (target.name, target.optimized)
        let requestId = Self.requestId()
        do {
            let response = try await service.handle(operation: operation, request: call.input.objectValue ?? [:])
            guard optimized, case .object(var body) = response else { return .succeeded(response) }
            let bytes = response.serializedBytes
            body["SdkHttpMetadata"] = Self.httpMetadata(body: bytes, requestId: requestId)
            body["SdkResponseMetadata"] = ["RequestId": .string(requestId)]
            return .succeeded(.object(body))
        } catch {
            let modeled = Self.modeledExceptions.contains(error.code)
            if optimized {
                return .failed(
                    error: "DynamoDB." + (modeled ? error.code : "AmazonDynamoDBException"),
                    cause:
                        "\(error.message) (Service: AmazonDynamoDBv2; Status Code: \(Self.status(error)); Error Code: \(error.code); Request ID: \(requestId); Proxy: null)"
                )
            }
            return .failed(
                error: "DynamoDb." + (modeled ? error.code : "DynamoDbException"),
                cause: "\(error.message) (Service: DynamoDb, Status Code: \(Self.status(error)), Request ID: \(requestId))")
        }
    }

    static func status(_ error: DynamoDBError) -> Int { error.code == "InternalServerError" ? 500 : 400 }

    /// A request id shaped like DynamoDB's (52 characters of A–Z and 0–9).
    static func requestId() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<52).map { _ in alphabet.randomElement() ?? "A" })
    }

    /// `SdkHttpMetadata` as the Java SDK v1 reports DynamoDB's HTTP answer.
    static func httpMetadata(body: [UInt8], requestId: String) -> JSONValue {
        let length = String(body.count)
        let crc = String(CRC32.checksum(body))
        let date = WireTimestamps.http(WallClock.now())
        let all: JSONObject = [
            "Server": ["Server"], "Connection": ["keep-alive"], "x-amzn-RequestId": [.string(requestId)],
            "x-amz-crc32": [.string(crc)], "Content-Length": [.string(length)], "Date": [.string(date)],
            "Content-Type": ["application/x-amz-json-1.0"],
        ]
        let headers: JSONObject = [
            "Connection": "keep-alive", "Content-Length": .string(length), "Content-Type": "application/x-amz-json-1.0",
            "Date": .string(date), "Server": "Server", "x-amz-crc32": .string(crc), "x-amzn-RequestId": .string(requestId),
        ]
        return ["AllHttpHeaders": .object(all), "HttpHeaders": .object(headers), "HttpStatusCode": 200]
    }
}
