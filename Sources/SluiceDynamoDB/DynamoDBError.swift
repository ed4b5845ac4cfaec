import DynamoDBExpressions

/// An error DynamoDB answers: the code (`ValidationException`, `ConditionalCheckFailedException`, …)
/// and AWS's message.
public struct DynamoDBError: Error, Sendable, Hashable {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Constraint violations and AWS JSON type errors come from Coral, not from DynamoDB itself.
    public var isSerialization: Bool { code == "SerializationException" }

    public static func validation(_ message: String) -> DynamoDBError { DynamoDBError("ValidationException", message) }

    public static func expression(_ error: ExpressionError) -> DynamoDBError {
        error.isSerialization ? DynamoDBError("SerializationException", error.message) : .validation(error.message)
    }

    public static let conditionalCheckFailed = DynamoDBError(
        "ConditionalCheckFailedException", "The conditional request failed")
    public static let resourceNotFound = DynamoDBError("ResourceNotFoundException", "Requested resource not found")

    static func tableNotFound(_ name: String) -> DynamoDBError {
        DynamoDBError("ResourceNotFoundException", "Requested resource not found: Table: \(name) not found")
    }

    /// `1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null`
    static func missing(_ member: String) -> DynamoDBError {
        .validation("1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
    }

    static func constraint(_ member: String, value: String, _ constraint: String) -> DynamoDBError {
        .validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)")
    }

    static func internalError(_ error: any Error) -> DynamoDBError {
        DynamoDBError("InternalServerError", "Internal server error: \(error)")
    }
}
