import DynamoDBExpressions
import Testing

@Suite struct UpdateTests {
    let base = #"{"pk":{"S":"p"},"n":{"N":"10"},"l":{"L":[{"N":"1"},{"N":"2"},{"N":"3"}]},"m":{"M":{"a":{"S":"x"}}},"ss":{"SS":["a","b"]}}"#

    @Test func set() throws {
        #expect(
            try updated("SET Streamed = :t", #"{"pk":{"S":"p"}}"#, values: #"{":t":{"BOOL":true}}"#)
                == #"{"Streamed":{"BOOL":true},"pk":{"S":"p"}}"#)
        #expect(try updated("set S=:r", #"{"id":{"S":"i"}}"#, values: #"{":r":{"S":"v"}}"#) == #"{"S":{"S":"v"},"id":{"S":"i"}}"#)
        #expect(
            try updated("SET n = n + :one, m.b = :one", base, values: #"{":one":{"N":"1"}}"#)
                == #"{"l":{"L":[{"N":"1"},{"N":"2"},{"N":"3"}]},"m":{"M":{"a":{"S":"x"},"b":{"N":"1"}}},"n":{"N":"11"},"pk":{"S":"p"},"ss":{"SS":["a","b"]}}"#
        )
        #expect(
            try updated("SET c = if_not_exists(c, :zero) - :one", #"{}"#, values: #"{":zero":{"N":"0"},":one":{"N":"1"}}"#)
                == #"{"c":{"N":"-1"}}"#)
        #expect(
            try updated("SET l = list_append(l, :more), l2 = list_append(:more, l)", #"{"l":{"L":[{"N":"1"}]}}"#,
                values: #"{":more":{"L":[{"S":"x"}]}}"#)
                == #"{"l":{"L":[{"N":"1"},{"S":"x"}]},"l2":{"L":[{"S":"x"},{"N":"1"}]}}"#)
        // Right-hand sides read the old item.
        #expect(try updated("SET a = b, b = a", #"{"a":{"S":"1"},"b":{"S":"2"}}"#) == #"{"a":{"S":"2"},"b":{"S":"1"}}"#)
        #expect(try updated("SET n = (n + :one)", #"{"n":{"N":"1"}}"#, values: #"{":one":{"N":"1"}}"#) == #"{"n":{"N":"2"}}"#)
        // An index past the end appends.
        #expect(try updated("SET l[10] = :v", #"{"l":{"L":[]}}"#, values: #"{":v":{"S":"x"}}"#) == #"{"l":{"L":[{"S":"x"}]}}"#)
    }

    @Test func removeAddDelete() throws {
        #expect(
            try updated("REMOVE l[0], l[2], m.a, nothing", base)
                == #"{"l":{"L":[{"N":"2"}]},"m":{"M":{}},"n":{"N":"10"},"pk":{"S":"p"},"ss":{"SS":["a","b"]}}"#)
        #expect(try updated("ADD n :five, c :five", #"{"n":{"N":"1"}}"#, values: #"{":five":{"N":"5"}}"#) == #"{"c":{"N":"5"},"n":{"N":"6"}}"#)
        #expect(try updated("ADD ss :s", base, values: #"{":s":{"SS":["b","c"]}}"#).contains(#""ss":{"SS":["a","b","c"]}"#))
        #expect(try updated("DELETE ss :s", base, values: #"{":s":{"SS":["a"]}}"#).contains(#""ss":{"SS":["b"]}"#))
        #expect(!(try updated("DELETE ss :s", base, values: #"{":s":{"SS":["a","b"]}}"#).contains("ss")))
        #expect(
            try updated("SET a = :v REMOVE b ADD c :n DELETE d :s", #"{"b":{"S":"x"},"d":{"NS":["1","2"]}}"#,
                values: #"{":v":{"S":"v"},":n":{"N":"1"},":s":{"NS":["2"]}}"#)
                == #"{"a":{"S":"v"},"c":{"N":"1"},"d":{"NS":["1"]}}"#)
    }

    @Test func evaluationErrors() throws {
        #expect(throws: ExpressionError("The provided expression refers to an attribute that does not exist in the item")) {
            try updated("SET a = b + :one", "{}", values: #"{":one":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("An operand in the update expression has an incorrect data type")) {
            try updated("SET a = a + :one", #"{"a":{"S":"x"}}"#, values: #"{":one":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("An operand in the update expression has an incorrect data type")) {
            try updated("ADD a :one", #"{"a":{"S":"x"}}"#, values: #"{":one":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("The document path provided in the update expression is invalid for update")) {
            try updated("SET a.b = :one", "{}", values: #"{":one":{"N":"1"}}"#)
        }
        #expect(throws: ExpressionError("The document path provided in the update expression is invalid for update")) {
            try updated("DELETE b.a :s", #"{"b":{"S":"x"}}"#, values: #"{":s":{"SS":["a"]}}"#)
        }
        #expect(throws: ExpressionError("The document path provided in the update expression is invalid for update")) {
            try updated("REMOVE y.a", "{}")
        }
        // Documents nested 30 deep, put inside each other, would nest deeper than DynamoDB allows.
        let deep = String(repeating: #"{"L":["#, count: 30) + #"{"S":"x"}"# + String(repeating: "]}", count: 30)
        #expect(throws: ExpressionError("Nesting Levels have exceeded supported limits")) {
            try updated("SET a" + String(repeating: "[0]", count: 20) + " = :d", #"{"a":\#(deep)}"#, values: #"{":d":\#(deep)}"#)
        }
    }

    @Test func parseErrors() throws {
        func message(_ expression: String, values: String = #"{":v":{"S":"val"}}"#) -> String? {
            do {
                _ = try updated(expression, "{}", values: values)
                return nil
            } catch {
                return (error as? ExpressionError)?.message
            }
        }
        #expect(message("INVALID SYNTAX HERE") == #"Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX""#)
        #expect(message("SET hits : incr") == #"Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr""#)
        #expect(message("") == "Invalid UpdateExpression: The expression can not be empty;")
        #expect(message("SET attr1 = :x") == "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x")
        #expect(message("SET a = :v SET b = :v") == #"Invalid UpdateExpression: The "SET" section can only be used once in an update expression;"#)
        #expect(
            message("SET a = :v, a.b = :v")
                == "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"
        )
        #expect(message("ADD a :v") == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING")
        #expect(message("DELETE a :v") == "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: STRING")
        #expect(message("SET a = :v + :v + :v") == #"Invalid UpdateExpression: Syntax error; token: "+", near: ":v + :v""#)
        #expect(message("SET a = :v", values: #"{":v":{"S":"val"},":u":{"S":"x"}}"#) == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}")
        #expect(
            message("SET a.b = :v, a[0] = :v")
                == "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]"
        )
        // AWS reports a reserved word before an undefined value, whatever their order.
        #expect(message("SET a = :x, data = :v") == "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: data")
        #expect(message("SET a = foo(:v)") == "Invalid UpdateExpression: Invalid function name; function: foo")
    }

    @Test func projection() throws {
        var a = ExpressionAttributes(names: ["#d": "data"])
        let p = try ProjectionExpression("pk, m.a, l[2], l[0], #d", attributes: &a)
        let projected = p.project(
            try item(#"{"pk":{"S":"p"},"x":{"S":"no"},"m":{"M":{"a":{"S":"x"},"b":{"S":"y"}}},"l":{"L":[{"N":"1"},{"N":"2"},{"N":"3"}]}}"#))
        #expect(
            AttributeValue.jsonObject(projected) == AttributeValue.jsonObject(
                try item(#"{"pk":{"S":"p"},"m":{"M":{"a":{"S":"x"}}},"l":{"L":[{"N":"1"},{"N":"3"}]}}"#)))
        var b = ExpressionAttributes()
        #expect(throws: ExpressionError.self) { try ProjectionExpression("a, a.b", attributes: &b) }
        #expect(throws: ExpressionError(#"Invalid ProjectionExpression: Syntax error; token: "!", near: "!!""#)) {
            try ProjectionExpression("!!", attributes: &b)
        }
    }
}
