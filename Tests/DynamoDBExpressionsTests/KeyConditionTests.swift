import DynamoDBExpressions
import Testing

@Suite struct KeyConditionTests {
    func parse(_ text: String, values: String, names: [String: String] = [:]) throws -> KeyCondition {
        var a = try attributes(names: names, values: values)
        let k = try KeyCondition(text, attributes: &a, partitionKey: ("pk", "S"), sortKey: ("sk", "N"))
        try a.checkAllUsed()
        return k
    }

    @Test func forms() throws {
        let v = #"{":p":{"S":"a"},":n":{"N":"1"},":m":{"N":"5"}}"#
        #expect(try parse("pk = :p", values: #"{":p":{"S":"a"}}"#).sort == nil)
        #expect(try parse("pk = :p AND sk BETWEEN :n AND :m", values: v).sort == .between(.number(try DynamoNumber(parsing: "1")), .number(try DynamoNumber(parsing: "5"))))
        #expect(try parse("sk < :n AND pk = :p", values: #"{":p":{"S":"a"},":n":{"N":"1"}}"#).sort == .less(.number(try DynamoNumber(parsing: "1"))))
        #expect(try parse("(#k = :p) AND (sk >= :n)", values: #"{":p":{"S":"a"},":n":{"N":"1"}}"#, names: ["#k": "pk"]).partitionValue == .string("a"))
    }

    @Test func errors() throws {
        #expect(throws: ExpressionError("Query condition missed key schema element: pk")) {
            try parse("sk = :n", values: #"{":n":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("Invalid operator used in KeyConditionExpression: OR")) {
            try parse("pk = :p OR sk = :n", values: #"{":p":{"S":"a"},":n":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("Invalid operator used in KeyConditionExpression: attribute_exists")) {
            try parse("attribute_exists(pk)", values: "{}")
        }
        #expect(throws: ExpressionError("KeyConditionExpressions must only contain one condition per key")) {
            try parse("pk = :p AND sk > :n AND sk < :n", values: #"{":p":{"S":"a"},":n":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("KeyConditionExpressions cannot have conditions on nested attributes")) {
            try parse("pk.x = :p", values: #"{":p":{"S":"a"}}"#)
        }
        #expect(throws: ExpressionError("KeyConditionExpressions cannot contain nested operations")) {
            try parse("pk = :p AND size(sk) > :n", values: #"{":p":{"S":"a"},":n":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")) {
            try parse("pk = sk", values: "{}")
        }
        #expect(
            throws: ExpressionError(
                "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"
            )
        ) { try parse("pk = :p AND sk BETWEEN :m AND :n", values: #"{":p":{"S":"a"},":n":{"N":"1"},":m":{"N":"5"}}"#) }
        #expect(throws: ExpressionError("Query key condition not supported")) { try parse("pk < :p", values: #"{":p":{"S":"a"}}"#) }
        #expect(throws: ExpressionError("One or more parameter values were invalid: Condition parameter type does not match schema type")) {
            try parse("pk = :n", values: #"{":n":{"N":"1"}}"#)
        }
        #expect(
            throws: ExpressionError(
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
        ) { try parse("pk = :p AND begins_with(sk, :n)", values: #"{":p":{"S":"a"},":n":{"N":"1"}}"#) }
        #expect(throws: ExpressionError("Invalid KeyConditionExpression: The expression can not be empty;")) {
            try parse("", values: "{}")
        }
    }
}
