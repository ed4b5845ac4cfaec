/// A request's `ExpressionAttributeNames` and `ExpressionAttributeValues`, and which of them the
/// request's expressions used (AWS refuses unused ones).
public struct ExpressionAttributes: Sendable {
    public let names: [String: String]
    public let values: [String: AttributeValue]
    var usedNames: Set<String> = []
    var usedValues: Set<String> = []

    public init(names: [String: String] = [:], values: [String: AttributeValue] = [:]) {
        self.names = names
        self.values = values
    }

    /// `Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}` (names first).
    public func checkAllUsed() throws(ExpressionError) {
        let unusedNames = names.keys.filter { !usedNames.contains($0) }.sorted()
        if !unusedNames.isEmpty {
            throw ExpressionError(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {\(unusedNames.joined(separator: ", "))}")
        }
        let unusedValues = values.keys.filter { !usedValues.contains($0) }.sorted()
        if !unusedValues.isEmpty {
            throw ExpressionError(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {\(unusedValues.joined(separator: ", "))}")
        }
    }
}
