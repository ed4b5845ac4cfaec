import DynamoDBExpressions
import SluiceJSON

/// The expression members every operation reads the same way, and `ConsumedCapacity`.
extension DynamoDBService {
    /// Parses an optional ConditionExpression (marking placeholders used).
    static func condition(_ r: RequestReader, _ attributes: inout ExpressionAttributes) throws(DynamoDBError) -> ConditionExpression? {
        guard let text = try r.string("ConditionExpression") else { return nil }
        do {
            return try ConditionExpression(text, kind: "ConditionExpression", attributes: &attributes)
        } catch {
            throw DynamoDBError.expression(error)
        }
    }

    /// The request's UpdateExpression (`text`, already read), parsed against its attributes.
    static func update(_ text: String?, _ attributes: inout ExpressionAttributes) throws(DynamoDBError)
        -> UpdateExpression?
    {
        guard let text else { return nil }
        do {
            return try UpdateExpression(text, attributes: &attributes)
        } catch {
            throw DynamoDBError.expression(error)
        }
    }

    static func checkUsed(_ attributes: ExpressionAttributes) throws(DynamoDBError) {
        do { try attributes.checkAllUsed() } catch { throw DynamoDBError.expression(error) }
    }

    static func projection(_ r: RequestReader, _ attributes: inout ExpressionAttributes) throws(DynamoDBError) -> ProjectionExpression? {
        if let names = try r.array("AttributesToGet") {
            if r.value("ProjectionExpression") != nil {
                throw DynamoDBError.validation(
                    "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"
                )
            }
            return ProjectionExpression(paths: names.compactMap(\.stringValue).map { AttributePath(name: $0) })
        }
        guard let text = try r.string("ProjectionExpression") else { return nil }
        do {
            return try ProjectionExpression(text, attributes: &attributes)
        } catch {
            throw DynamoDBError.expression(error)
        }
    }

    static func readUnits(_ bytes: Int, consistent: Bool) -> Double {
        let units = Double(max(1, (bytes + 4095) / 4096))
        return consistent ? units : units / 2
    }

    /// `ConsumedCapacity` when `ReturnConsumedCapacity` is TOTAL or INDEXES.
    func addConsumedCapacity(_ r: RequestReader, _ o: inout JSONObject, table: String, units: Double) {
        guard let mode = try? r.string("ReturnConsumedCapacity"), mode == "TOTAL" || mode == "INDEXES" else { return }
        var capacity = JSONObject()
        capacity["TableName"] = .string(table)
        capacity["CapacityUnits"] = .double(units)
        if mode == "INDEXES" { capacity["Table"] = ["CapacityUnits": .double(units)] }
        o["ConsumedCapacity"] = .object(capacity)
    }
}
