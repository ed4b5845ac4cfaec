import SluiceJSON

extension DynamicValue {
    /// A path (`$…`, `$$…`, `$name…`) or an intrinsic function call (`States.…(…)`).
    static func compile(_ text: String) throws(PathSyntaxError) -> DynamicValue {
        if text.hasPrefix("States.") { return .intrinsic(try IntrinsicFunctionCall(parsing: text)) }
        return .path(try Path(text))
    }

    func evaluateDynamic(in environment: ExpressionEnvironment, fieldName: String, random: inout SeededRandom)
        throws(StatesError) -> JSONValue
    {
        switch self {
        case .path(let path):
            if let value = path.compiled.select(in: environment) { return value }
            throw StatesError.runtime(
                "The JSONPath '\(path.text)' specified for the field '\(fieldName)' could not be found in the input '\(environment.input.serialized)'"
            )
        case .intrinsic(let call):
            return try call.evaluate(in: environment, fieldName: fieldName, random: &random)
        }
    }
}
