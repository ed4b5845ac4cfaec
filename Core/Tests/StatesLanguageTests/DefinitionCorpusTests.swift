import Foundation
import SluiceJSON
import StatesLanguage
import Testing

/// Every definition AWS accepted must parse.
@Suite struct DefinitionCorpusTests {
    @Test(arguments: ["cases", "nonpure"])
    func everyAcceptedDefinitionParses(group: String) throws {
        let cases = CorpusFixtures.cases(in: group)
        #expect(cases.count > 200, "corpus not found at \(CorpusFixtures.conformanceDirectory.path)")
        var failures: [String] = []
        for c in cases {
            do {
                _ = try StateMachine(text: try c.text("definition.json"))
            } catch {
                failures.append("\(c.name): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) failed:\n\(failures.prefix(40).joined(separator: "\n"))")
    }
}
