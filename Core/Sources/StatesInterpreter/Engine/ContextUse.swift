import StatesJSONPath
import StatesLanguage

/// Which states may read the context object (`$$`): the engine builds it only for them.
///
/// JSONPath-mode Pass, Choice and Succeed states are checked field by field (conservatively: any
/// `$$` in a path's text counts); every other state is assumed to read it.
extension State {
    var readsContext: Bool {
        guard queryLanguage == .jsonPath else { return true }
        if inputPath.referencesContext || outputPath.referencesContext || assign.referencesContext { return true }
        switch kind {
        case .pass: return parameters?.referencesContext ?? false
        case .succeed: return false
        case .choice(let choice):
            return choice.choices.contains { rule in
                rule.condition.referencesContext(depth: 0) || rule.assign.referencesContext
            }
        case .task, .wait, .fail, .parallel, .map: return true
        }
    }
}

extension InputOutputPath {
    var referencesContext: Bool {
        if case .path(let path) = self { path.referencesContext } else { false }
    }
}

extension Optional<VariableAssignment> {
    var referencesContext: Bool {
        switch self {
        case .none: false
        case .jsonPath(let template)?: template.referencesContext
        case .jsonata?: true
        }
    }
}

extension ChoiceCondition {
    /// Past a depth no parsed definition reaches it answers yes.
    func referencesContext(depth: Int) -> Bool {
        guard depth < 1000 else { return true }
        switch self {
        case .comparison(let comparison):
            return comparison.variable.referencesContext || comparison.test.referencesContext
        case .and(let conditions), .or(let conditions):
            return conditions.contains { $0.referencesContext(depth: depth + 1) }
        case .not(let condition): return condition.referencesContext(depth: depth + 1)
        case .jsonata: return true
        }
    }
}

extension ChoiceTest {
    var referencesContext: Bool {
        switch self {
        case .stringEquals(let o), .stringLessThan(let o), .stringGreaterThan(let o), .stringLessThanEquals(let o),
            .stringGreaterThanEquals(let o):
            o.referencesContext
        case .numericEquals(let o), .numericLessThan(let o), .numericGreaterThan(let o),
            .numericLessThanEquals(let o), .numericGreaterThanEquals(let o):
            o.referencesContext
        case .booleanEquals(let o): o.referencesContext
        case .timestampEquals(let o), .timestampLessThan(let o), .timestampGreaterThan(let o),
            .timestampLessThanEquals(let o), .timestampGreaterThanEquals(let o):
            o.referencesContext
        case .stringMatches, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp: false
        }
    }
}

extension ChoiceOperand {
    var referencesContext: Bool {
        if case .path(let path) = self { path.referencesContext } else { false }
    }
}
