import Foundation
import SluiceJSON
import StatesLanguage
import Testing

/// TestState requests carry one state (or a whole machine with `stateName`).
@Suite struct StandaloneStateTests {
    @Test func testStateDefinitionsThatAWSRanParse() throws {
        let directory = CorpusFixtures.conformanceDirectory.appendingPathComponent("teststate")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var checked = 0
        var failures: [String] = []
        for name in names where !name.hasSuffix(".json") {
            let c = CorpusFixtures.Case(name: name, directory: directory.appendingPathComponent(name))
            let request = try c.json("request.json")
            let expected = try c.json("expected.json")
            // Only requests AWS executed (a response with a status) must parse.
            guard case .string(let text)? = request["definition"], expected["response"]?["status"] != nil else {
                continue
            }
            checked += 1
            do {
                let definition = try JSONValue(parsing: text)
                if definition["StartAt"] != nil {
                    _ = try StateMachine(definition: definition)
                } else {
                    _ = try State(name: "TestState", definition: definition)
                }
            } catch {
                failures.append("\(name): \(error)")
            }
        }
        #expect(checked > 50)
        #expect(failures.isEmpty, "\(failures.count) failed:\n\(failures.prefix(30).joined(separator: "\n"))")
    }

    @Test func parsesAStateWithoutResolvingItsTargets() throws {
        let state = try State(
            name: "T", definition: ["Type": "Pass", "Next": "Elsewhere", "Assign": ["a": "{% 1 %}"]], queryLanguage: .jsonata)
        #expect(state.transition == .next("Elsewhere"))
        #expect(state.queryLanguage == .jsonata)
        #expect(state.assign == .jsonata(["a": "{% 1 %}"]))
        #expect(throws: DefinitionError.self) { try State(name: "T", definition: ["Type": "Pass"]) }
    }
}
