/// A request DynamoDB refuses: the text of its `ValidationException` (AWS's wording).
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// A value of the wrong JSON type: AWS answers `SerializationException` rather than validation.
    public var isSerialization: Bool

    public init(_ message: String, serialization: Bool = false) {
        self.message = message
        self.isSerialization = serialization
    }

    public var description: String { message }
}
