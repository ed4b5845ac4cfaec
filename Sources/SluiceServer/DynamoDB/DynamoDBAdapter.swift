import SluiceAPI
import SluiceDynamoDB
import SluiceJSON

/// Serves `X-Amz-Target: DynamoDB_20120810.<Operation>` requests on the Step Functions port:
/// AWS JSON 1.0 in, the DynamoDB service, AWS-shaped errors out (namespace
/// `com.amazonaws.dynamodb.v20120810`).
struct DynamoDBAdapter: Sendable {
    static let targetPrefix = "DynamoDB_20120810."
    static let namespace = "com.amazonaws.dynamodb.v20120810"

    let service: DynamoDBService

    func handle(target: String, body: [UInt8]) async -> Result<[UInt8], AWSError> {
        let operation = String(target.dropFirst(Self.targetPrefix.count))
        guard DynamoDBService.operations.contains(operation) else { return .failure(AWSError.unknownOperation(target)) }
        let fields: RequestFields
        do {
            fields = try RequestFields(body: body)
        } catch {
            return .failure(error)
        }
        do {
            return .success(try await service.handle(operation: operation, request: fields.object).serializedBytes)
        } catch {
            return .failure(Self.awsError(error))
        }
    }

    static func awsError(_ error: DynamoDBError) -> AWSError {
        if error.isSerialization { return AWSError.serialization(error.message) }
        return AWSError(
            error.code, error.message, status: error.code == "InternalServerError" ? 500 : 400, namespace: namespace)
    }
}
