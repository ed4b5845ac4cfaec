import Foundation
import Testing
import SluiceJSON
import SluiceJSONata

/// Expressions of the AWS-recorded conformance corpus that are a single Pass state whose whole
/// `Output` is one JSONata expression: the engine alone must reproduce AWS's output exactly.
@Suite struct AWSRecordedTests {
    static var casesRoot: URL {
        SuiteRunner.suiteRoot.deletingLastPathComponent().appendingPathComponent("conformance/cases")
    }

    @Test func singlePassStateOutputs() throws {
        let fm = FileManager.default
        let dirs = (try? fm.contentsOfDirectory(atPath: Self.casesRoot.path)) ?? []
        var checked = 0
        for d in dirs.sorted() {
            let dir = Self.casesRoot.appendingPathComponent(d)
            guard let def = SuiteRunner.loadJSON(dir.appendingPathComponent("definition.json")),
                  let expected = SuiteRunner.loadJSON(dir.appendingPathComponent("expected.json")),
                  let input = SuiteRunner.loadJSON(dir.appendingPathComponent("input.json")),
                  case .object(let states)? = def["States"], states.count == 1,
                  let state = states.first?.value, state["Type"] == "Pass",
                  state["QueryLanguage"] == "JSONata" || def["QueryLanguage"] == "JSONata",
                  let output = state["Output"]?.stringValue, output.hasPrefix("{%"), output.hasSuffix("%}"),
                  expected["status"] == "SUCCEEDED", let want = expected["output"]
            else { continue }
            let text = String(output.dropFirst(2).dropLast(2))
            let result = try JSONataExpression(text).evaluate(
                input: nil, bindings: ["states": ["input": input]], options: JSONataOptions(awsFunctions: true))
            #expect(result?.serialized == want.serialized, "\(d): \(text)")
            checked += 1
        }
        #expect(checked > 30)
    }
}
