import SluiceJSON
import StatesJSONPath
import StatesLanguage

/// The seam to the Choice rule evaluator of StatesLanguage.
enum ChoiceAdapter {
    static func matches(_ condition: ChoiceCondition, in env: ExpressionEnvironment) throws(StatesError) -> Bool {
        try condition.evaluate(in: env)
    }
}
