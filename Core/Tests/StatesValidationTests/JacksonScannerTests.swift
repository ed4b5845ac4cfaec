import Foundation
import SluiceJSON
@testable import StatesValidation
import Testing

/// The Jackson-style scanner only runs on text the JSON parser refused; check it also reads every
/// well-formed recorded definition to its end.
@Suite(.enabled(if: Corpus.isAvailable, "the shared conformance corpus is not present"))
struct JacksonScannerTests {
    @Test func readsEveryRecordedDefinition() {
        var read = 0
        for folder in Corpus.cases(in: "cases") + Corpus.cases(in: "nonpure") {
            guard let text = Corpus.text(folder.appendingPathComponent("definition.json")) else { continue }
            var scanner = JacksonScanner(text)
            guard case .value(let end) = scanner.scanDocument() else {
                Issue.record("\(folder.lastPathComponent): not read")
                continue
            }
            let rest = scanner.scalars[end...].filter { !$0.properties.isWhitespace }
            #expect(rest.isEmpty, "\(folder.lastPathComponent)")
            read += 1
        }
        #expect(read > 1000)
    }

    @Test func ignoresTextAfterTheFirstValueLikeJackson() {
        let diagnostics = DefinitionValidator.validate(text: #"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}} trailing"#)
        #expect(diagnostics.isEmpty)
    }
}
