// Temporary placeholders so the module builds before its implementation lands. The owner of this
// module replaces this file.
import SluiceJSON

struct CompiledPath: Sendable, Hashable {
    init(parsing text: String) throws(PathSyntaxError) { throw PathSyntaxError("JSONPath not implemented yet") }
    var isReferencePath: Bool { false }
    func select(in environment: ExpressionEnvironment) -> JSONValue? { nil }
    func assign(_ value: JSONValue, into input: JSONValue) throws(StatesError) -> JSONValue { input }
}

/// A parsed intrinsic function call such as `States.Format('{}', $.a)`.
public struct IntrinsicFunctionCall: Sendable, Hashable {}

extension DynamicValue {
    static func compile(_ text: String) throws(PathSyntaxError) -> DynamicValue { .path(try Path(text)) }
    func evaluateDynamic(in environment: ExpressionEnvironment, fieldName: String, random: inout SeededRandom)
        throws(StatesError) -> JSONValue
    { .null }
}

struct TemplateNode: Sendable, Hashable {
    init(compiling template: JSONValue) throws(PathSyntaxError) {}
    func evaluate(in environment: ExpressionEnvironment, random: inout SeededRandom) throws(StatesError) -> JSONValue {
        .null
    }
}
