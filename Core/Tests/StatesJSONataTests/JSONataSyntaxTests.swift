import SluiceJSON
import StatesJSONata
import StatesValidation
import Testing

/// `JSONataSyntax.checker` plugged into the validator.
@Suite struct JSONataSyntaxTests {
    @Test func invalidExpressionsAreReportedWhereTheyAre() {
        let text = #"""
            {"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass",
             "Output":{"ok":"{% $states.input.a %}","bad":["{% 1 + %}"]},"Assign":{"e":"{% $states.errorOutput %}"},"End":true}}}
            """#
        let found = DefinitionValidator.validate(text: text, jsonata: JSONataSyntax.checker)
        #expect(found.map { "\($0.code) \($0.location ?? "")" } == [
            "INVALID_JSONATA_EXPRESSION /States/P/Output/bad[0]",
            "UNSUPPORTED_JSONATA_EXPRESSION /States/P/Assign/e",
        ])
        #expect(DefinitionValidator.validate(text: text).isEmpty)
    }

    @Test func errorOutputIsAllowedInCatchers() {
        let text = #"""
            {"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Catch":[{"ErrorEquals":["States.ALL"],"Output":"{% $states.errorOutput %}","Next":"E"}],"End":true},
             "E":{"Type":"Succeed"}}}
            """#
        #expect(DefinitionValidator.validate(text: text, jsonata: JSONataSyntax.checker).isEmpty)
    }

}

@Suite struct JSONataSyntaxDetailTests {
    func codes(_ output: String) -> [String] {
        let text = #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"#
            + output + #","End":true}}}"#
        return DefinitionValidator.validate(text: text, jsonata: JSONataSyntax.checker).map(\.code)
    }

    @Test func textThatOnlyMentionsErrorOutputIsFine() {
        #expect(codes(#""{% '$states.errorOutput' & 'x' %}""#) == [])
        #expect(codes(#""{% $states.errorOutput.Cause %}""#) == ["UNSUPPORTED_JSONATA_EXPRESSION"])
        #expect(codes(#""{% 1 + %}""#) == ["INVALID_JSONATA_EXPRESSION"])
    }
}
