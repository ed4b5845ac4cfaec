import DynamoDBExpressions
import SluiceJSON

/// An item from DynamoDB JSON text.
func item(_ json: String) throws -> Item {
    guard case .object(let o) = try JSONValue(parsing: json) else { return [:] }
    return try AttributeValue.item(json: o)
}

/// Expression attribute names and values from JSON texts.
func attributes(names: [String: String] = [:], values: String = "{}") throws -> ExpressionAttributes {
    ExpressionAttributes(names: names, values: try item(values))
}

/// Parses a condition and evaluates it against an item.
func holds(_ expression: String, on itemJSON: String, names: [String: String] = [:], values: String = "{}") throws -> Bool {
    var a = try attributes(names: names, values: values)
    let condition = try ConditionExpression(expression, attributes: &a)
    try a.checkAllUsed()
    return condition.matches(try item(itemJSON))
}

/// Applies an update expression to an item and answers the result as JSON text.
func updated(_ expression: String, _ itemJSON: String, names: [String: String] = [:], values: String = "{}") throws -> String {
    var a = try attributes(names: names, values: values)
    let update = try UpdateExpression(expression, attributes: &a)
    try a.checkAllUsed()
    return JSONValue.object(AttributeValue.jsonObject(try update.apply(to: try item(itemJSON)))).serialized
}
