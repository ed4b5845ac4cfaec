import SluiceJSON

/// `Retry` and `Catch`: retriers, catchers and their `ErrorEquals` lists.
enum ErrorHandlerValidator {
    static func validateRetry(_ value: JSONValue, at location: Location, in context: inout ValidationContext) {
        guard context.expect(.array, value, at: location), case .array(let retriers) = value else { return }
        for (i, retrier) in retriers.enumerated() {
            let at = location.index(i)
            guard context.expect(.object, retrier, at: at), case .object(let object) = retrier else { continue }
            for member in object {
                let field = at.child(member.key)
                switch member.key {
                case "ErrorEquals":
                    checkErrorEquals(member.value, isLastHandler: i == retriers.count - 1, at: field, in: &context)
                case "IntervalSeconds": context.expectInteger(member.value, minimum: 1, maximum: 99_999_999, at: field)
                case "MaxAttempts": context.expectInteger(member.value, minimum: 0, maximum: 99_999_999, at: field)
                case "BackoffRate": context.expectNumber(member.value, minimum: 1, maximum: nil, at: field)
                case "MaxDelaySeconds":
                    context.expectInteger(member.value, minimum: 1, maximum: 31_622_400, at: field)
                case "JitterStrategy": context.expectOneOf(["FULL", "NONE"], field: "JitterStrategy", member.value, at: field)
                case "Comment": context.expect(.string, member.value, at: field)
                default: context.unsupportedField(member.key, at: at)
                }
            }
            context.expectRequired(["ErrorEquals"], in: object, at: at)
        }
    }

    static func validateCatch(
        _ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.array, value, at: location), case .array(let catchers) = value else { return }
        for (i, catcher) in catchers.enumerated() {
            let at = location.index(i)
            guard context.expect(.object, catcher, at: at), case .object(let object) = catcher else { continue }
            for member in object {
                let field = at.child(member.key)
                switch (member.key, scope.language) {
                case ("ErrorEquals", _):
                    checkErrorEquals(member.value, isLastHandler: i == catchers.count - 1, at: field, in: &context)
                case ("Next", _):
                    if context.expect(.string, member.value, at: field), case .string(let target) = member.value {
                        context.checkTransitionTarget(target, in: scope.siblings, at: field)
                    }
                case ("Comment", _):
                    context.expect(.string, member.value, at: field)
                case ("Assign", _):
                    if context.expect(.object, member.value, at: field), scope.language == .jsonPath {
                        context.checkPayloadTemplate(member.value, at: field)
                    }
                case ("ResultPath", .jsonPath):
                    context.checkPath(member.value, field: "ResultPath", allowNull: true, reference: true, at: field)
                case ("Output", .jsonata):
                    break
                case ("ResultPath", .jsonata), ("Output", .jsonPath):
                    context.reportOtherLanguageField(member.key, language: scope.language, at: at)
                default:
                    context.unsupportedField(member.key, at: at)
                }
            }
            context.expectRequired(["ErrorEquals", "Next"], in: object, at: at)
        }
    }

    /// A non-empty list of error names where `States.ALL` may only appear alone, in the last
    /// retrier or catcher.
    private static func checkErrorEquals(
        _ value: JSONValue, isLastHandler: Bool, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.array, value, at: location), case .array(let names) = value else { return }
        if names.isEmpty {
            context.schemaError("Value cannot be empty", at: location)
            return
        }
        for (j, name) in names.enumerated() {
            guard context.expect(.string, name, at: location.index(j)) else { continue }
            if name.stringValue == "States.ALL", names.count > 1 || !isLastHandler {
                context.schemaError("States.ALL must appear alone and at end of list", at: location.index(j))
            }
        }
    }
}
