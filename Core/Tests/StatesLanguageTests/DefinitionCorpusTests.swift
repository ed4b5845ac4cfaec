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

/// Definitions AWS refused: the parser may accept or reject them (the validator is the judge) but
/// must not trap; the ones it rejects get an AWS-style message.
@Suite struct RefusedDefinitionTests {
    @Test func refusedDefinitionsNeverTrap() throws {
        let cases = CorpusFixtures.cases(in: "validation")
        #expect(cases.count > 100)
        var rejected = 0
        for c in cases {
            guard let text = try? c.text("definition.json") else { continue }
            do {
                _ = try StateMachine(text: text)
            } catch {
                rejected += 1
                #expect(error.message.contains(":"), "\(c.name): \(error.message)")
            }
        }
        #expect(rejected > 0)
    }
}
