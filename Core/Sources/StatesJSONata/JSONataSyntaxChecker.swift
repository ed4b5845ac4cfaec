import SluiceJSONata
public import StatesValidation

/// The JSONata syntax check StatesValidation calls for every `{% … %}` string of a JSONata
/// state: an expression the JSONata parser refuses is AWS's `INVALID_JSONATA_EXPRESSION`.
public enum JSONataSyntax {
    /// Pass to `DefinitionValidator.validate(…, jsonata:)`.
    public static let checker: JSONataExpressionChecker = { expression, context in
        if !context.errorOutputAvailable, expression.contains("$states.errorOutput") {
            return JSONataProblem(
                code: "UNSUPPORTED_JSONATA_EXPRESSION", message: "Field '$states.errorOutput' does not exist.")
        }
        do throws(JSONataError) {
            _ = try JSONataExpression(expression)
            return nil
        } catch {
            return JSONataProblem(code: "INVALID_JSONATA_EXPRESSION", message: error.message)
        }
    }
}
