/// The expression language a state's fields are written in (`QueryLanguage`).
public enum QueryLanguage: String, Sendable, Hashable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}
