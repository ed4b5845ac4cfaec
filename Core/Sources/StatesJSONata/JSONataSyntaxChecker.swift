import SluiceJSONata
public import StatesValidation

/// The JSONata check StatesValidation calls for every `{% … %}` string of a JSONata state: an
/// expression the JSONata parser refuses is AWS's `INVALID_JSONATA_EXPRESSION`; one that reads
/// `$states.errorOutput` outside a catcher's `Output`/`Assign` is `UNSUPPORTED_JSONATA_EXPRESSION`.
public enum JSONataSyntax {
    /// Pass to `DefinitionValidator.validate(…, jsonata:)`.
    public static let checker: JSONataExpressionChecker = { expression, context in
        let compiled: JSONataExpression
        do throws(JSONataError) {
            compiled = try JSONataExpression(expression)
        } catch {
            return JSONataProblem(code: "INVALID_JSONATA_EXPRESSION", message: error.message)
        }
        if !context.errorOutputAvailable, JSONataReferences(compiled).statesMembers?.contains("errorOutput") == true {
            // The message is not recorded in the corpus.
            return JSONataProblem(
                code: "UNSUPPORTED_JSONATA_EXPRESSION", message: "Field '$states.errorOutput' does not exist.")
        }
        return nil
    }
}
