import DynamoDBExpressions
import Testing

@Suite struct ConditionTests {
    let doc = #"{"pk":{"S":"p"},"n":{"N":"10"},"s":{"S":"hello"},"m":{"M":{"a":{"L":[{"N":"1"},{"M":{"c":{"S":"deep"}}}]}}},"ss":{"SS":["x","y"]},"l":{"L":[{"S":"e"}]},"flag":{"BOOL":true},"nul":{"NULL":true}}"#

    @Test(arguments: [
        ("n = :ten", true), ("n <> :ten", false), ("n < :eleven", true), ("n <= :ten", true), ("n > :ten", false),
        ("n >= :ten", true), ("n BETWEEN :one AND :eleven", true), ("n between :eleven and :twelve", false),
        ("n IN (:one, :ten)", true), ("s IN (:one, :ten)", false), ("absent <> :ten", true), ("absent = :ten", false),
        ("s < :ten", false), ("attribute_exists(m.a[1].c)", true), ("attribute_exists(m.a[2])", false),
        ("attribute_not_exists(Streamed)", true), ("attribute_type(n, :N)", true), ("attribute_type(n, :S)", false),
        ("begins_with(s, :he)", true), ("begins_with(n, :he)", false), ("contains(s, :ll)", true),
        ("contains(ss, :x)", true), ("contains(l, :e)", true), ("contains(ss, :he)", false), ("size(s) = :five", true),
        ("size(ss) < :five", true), ("size(m.a) = :two", true), ("size(absent) = :zero", false),
        ("NOT n = :ten", false), ("n = :ten AND s = :hello", true), ("n = :one OR s = :hello", true),
        ("NOT (n = :one OR s = :hello)", false), ("n = :one OR n = :ten AND s = :five", false),
        ("(n = :one OR n = :ten) AND begins_with(s, :he)", true), ("m.a[1].c = :deep", true), ("flag = :true", true),
        ("attribute_type(nul, :NULL)", true),
    ])
    func evaluates(_ expression: String, _ expected: Bool) throws {
        let values = #"{":one":{"N":"1"},":two":{"N":"2"},":five":{"N":"5"},":ten":{"N":"10.0"},":eleven":{"N":"11"},":twelve":{"N":"12"},":zero":{"N":"0"},":he":{"S":"he"},":ll":{"S":"ll"},":x":{"S":"x"},":e":{"S":"e"},":hello":{"S":"hello"},":deep":{"S":"deep"},":true":{"BOOL":true},":N":{"S":"N"},":S":{"S":"S"},":NULL":{"S":"NULL"}}"#
        var a = try attributes(values: values)
        let condition = try ConditionExpression(expression, attributes: &a)
        #expect(condition.matches(try item(doc)) == expected)
    }

    @Test func placeholders() throws {
        #expect(try holds("#s = :v", on: doc, names: ["#s": "status"], values: #"{":v":{"S":"x"}}"#) == false)
        #expect(try holds("#n.#a[0] = :v", on: doc, names: ["#n": "m", "#a": "a"], values: #"{":v":{"N":"1"}}"#))
    }

    @Test func syntaxErrors() throws {
        func message(_ expression: String, kind: String = "ConditionExpression") -> String? {
            do {
                var a = try attributes(values: #"{":v":{"S":"x"}}"#)
                _ = try ConditionExpression(expression, kind: kind, attributes: &a)
                return nil
            } catch {
                return (error as? ExpressionError)?.message
            }
        }
        #expect(message("a-b") == #"Invalid ConditionExpression: Syntax error; token: "-", near: "a-b""#)
        #expect(message("a-b", kind: "FilterExpression") == #"Invalid FilterExpression: Syntax error; token: "-", near: "a-b""#)
        #expect(message("!!") == #"Invalid ConditionExpression: Syntax error; token: "!", near: "!!""#)
        #expect(message("a = ") == #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "= ""#)
        #expect(message("") == "Invalid ConditionExpression: The expression can not be empty;")
        #expect(message("a = :v AND") == #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND""#)
        #expect(message("data = :v") == "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: data")
        #expect(
            message("#x = :v")
                == "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"
        )
        #expect(
            message("a = :w")
                == "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w"
        )
        #expect(message("((attribute_not_exists(pk)))") == "Invalid ConditionExpression: The expression has redundant parentheses;")
        #expect(message("(attribute_not_exists(pk))") == nil)
        #expect(message("foo(a)") == "Invalid ConditionExpression: Invalid function name; function: foo")
        #expect(
            message("attribute_exists(a, b)")
                == "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"
        )
        #expect(
            message("size(a)") == #"Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ")""#)
        #expect(
            message("attribute_type(a, :v)")
                == "Invalid ConditionExpression: Invalid attribute type name found; type: x, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
        )
    }

    @Test func unusedAttributes() throws {
        var a = try attributes(names: ["#unused": "x", "#a": "a"], values: #"{":v":{"S":"x"},":w":{"S":"y"}}"#)
        _ = try ConditionExpression("#a = :v", attributes: &a)
        #expect(throws: ExpressionError("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}")) {
            try a.checkAllUsed()
        }
        var b = try attributes(values: #"{":v":{"S":"x"},":unused":{"S":"y"}}"#)
        _ = try ConditionExpression("a = :v", attributes: &b)
        #expect(throws: ExpressionError("Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}")) {
            try b.checkAllUsed()
        }
    }

    @Test func deepNestingFailsCleanly() throws {
        var a = try attributes(values: #"{":v":{"S":"x"}}"#)
        let deep = String(repeating: "(", count: 5000) + "a = :v" + String(repeating: ")", count: 5000)
        #expect(throws: ExpressionError.self) { try ConditionExpression(deep, attributes: &a) }
        let nots = String(repeating: "NOT ", count: 5000) + "a = :v"
        #expect(throws: ExpressionError.self) { try ConditionExpression(nots, attributes: &a) }
    }
}
