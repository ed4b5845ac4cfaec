public import SluiceJSON

extension State {
    /// Parses one state on its own, as the TestState API receives it: `Next` and `Catch` targets
    /// are not resolved. States without a `QueryLanguage` field use `queryLanguage`.
    public init(name: String, definition: JSONValue, queryLanguage: QueryLanguage = .jsonPath) throws(DefinitionError) {
        let reader = try FieldReader(definition, at: "")
        self = try DefinitionParser.parseState(named: name, reader, inherited: queryLanguage, depth: 0)
    }
}
