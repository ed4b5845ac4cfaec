import SluiceJSON

/// What a JSONata syntax checker reports about one expression: AWS's code
/// (`INVALID_JSONATA_EXPRESSION`, `UNSUPPORTED_JSONATA_EXPRESSION`) and message, e.g.
/// `Unexpected end of expression` or `Reference to 'phone' at the top level is not supported.`
public struct JSONataProblem: Sendable, Hashable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Where an expression sits, as far as a checker needs to know.
public struct JSONataExpressionContext: Sendable, Hashable {
    /// Whether `$states.errorOutput` exists here (only in a catcher's `Output` and `Assign`).
    public var errorOutputAvailable: Bool
}

/// Checks the text between `{%` and `%}`. StatesValidation does not depend on the JSONata engine;
/// whoever has one passes this in.
public typealias JSONataExpressionChecker = @Sendable (_ expression: String, _ context: JSONataExpressionContext) ->
    JSONataProblem?

/// Walks every JSONata expression of a JSONata state the way AWS parses them at creation: every
/// field except the ones AWS keeps as text (`Comment`, `Next`, `Default`, `Resource`,
/// `ErrorEquals`, `Retry`, `Credentials`, `CSVHeaders`) and the nested workflows, which are
/// validated as states of their own. Inside a payload (`Output`, `Assign`, `Arguments`,
/// `ItemSelector`, `BatchInput`) every string is parsed, whatever its key.
enum JSONataExpressionWalker {
    private static let keptAsText: Set<String> = [
        "Comment", "Next", "Default", "Resource", "ErrorEquals", "Retry", "Credentials", "CSVHeaders",
        "ItemProcessor", "Iterator", "Branches", "Type", "QueryLanguage",
    ]
    private static let payloads: Set<String> = ["Output", "Assign", "Arguments", "ItemSelector", "BatchInput"]

    private struct Scope {
        var insidePayload = false
        var atCatcher = false
        var errorOutputAvailable = false

        func entering(_ key: String) -> Scope {
            if insidePayload { return self }
            return Scope(
                insidePayload: payloads.contains(key), atCatcher: key == "Catch",
                errorOutputAvailable: errorOutputAvailable || (atCatcher && (key == "Output" || key == "Assign")))
        }
    }

    static func check(
        state: JSONObject, at location: Location, checker: JSONataExpressionChecker, in context: inout ValidationContext
    ) {
        walk(.object(state), at: location, scope: Scope(), depth: 0, checker: checker, in: &context)
    }

    private static func walk(
        _ value: JSONValue, at location: Location, scope: Scope, depth: Int, checker: JSONataExpressionChecker,
        in context: inout ValidationContext
    ) {
        guard depth < ValidationContext.maxValueDepth else { return }
        switch value {
        case .object(let object):
            for member in object where scope.insidePayload || !keptAsText.contains(member.key) {
                walk(member.value, at: location.child(member.key), scope: scope.entering(member.key), depth: depth + 1,
                    checker: checker, in: &context)
            }
        case .array(let items):
            // A catcher list keeps its scope so that each catcher's Output and Assign see errorOutput.
            for (i, item) in items.enumerated() {
                walk(item, at: location.index(i), scope: scope, depth: depth + 1, checker: checker, in: &context)
            }
        case .string(let text) where JSONataText.isExpression(text):
            let inner = String(text.dropFirst(2).dropLast(2))
            if let problem = checker(inner, JSONataExpressionContext(errorOutputAvailable: scope.errorOutputAvailable)) {
                context.error(problem.code, problem.message, at: location)
            }
        default:
            break
        }
    }
}
