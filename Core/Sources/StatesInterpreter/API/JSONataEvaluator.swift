public import SluiceJSON

/// Evaluates the JSONata expressions of JSONata-mode states.
///
/// StatesInterpreter does not depend on a JSONata engine: the embedder passes one to
/// `Interpreter(definition:jsonata:)` (an adapter over SluiceJSONata). Without one, JSONata states
/// fail with `States.Runtime`.
public protocol JSONataEvaluator: Sendable {
    /// Evaluates `expression` (the text between `{%` and `%}`, trimmed) with variables bound by
    /// name (without `$`; `states` holds `$states`). `nowMilliseconds` is `$now()`/`$millis()`,
    /// `seed` seeds `$random()`/`$uuid()`. Returns `nil` for JSONata's undefined.
    func evaluate(_ expression: String, bindings: [String: JSONValue], nowMilliseconds: Int64, seed: UInt64)
        throws(JSONataEvaluationError) -> JSONValue?
}

/// Why a JSONata expression could not be evaluated.
public enum JSONataEvaluationError: Error, Sendable, Hashable {
    /// A compile or runtime error, as the engine words it (`T1006: Attempted to invoke a non-function`).
    case failed(String)
    /// The expression produced a function, which has no JSON form.
    case functionResult
}
