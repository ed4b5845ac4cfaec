import Foundation
import SluiceJSON
import Testing
@testable import StatesJSONPath

/// TestState responses record each data-flow step (`afterInputPath`, `afterParameters`,
/// `afterResultSelector`, `afterResultPath`) of single Pass and Task states; this module must
/// reproduce every step AWS recorded for JSONPath-mode states.
@Suite struct TestStateInspectionTests {
    struct Recording: Sendable, CustomStringConvertible {
        var name: String
        var state: JSONObject
        var input: JSONValue
        var context: JSONValue
        var mockResult: JSONValue?
        var inspection: JSONObject
        var description: String { name }
    }

    static let recordings: [Recording] = {
        let dir = Corpus.root.appendingPathComponent("teststate")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        var out: [Recording] = []
        for name in names.sorted() {
            let folder = dir.appendingPathComponent(name)
            guard let r = try? Data(contentsOf: folder.appendingPathComponent("request.json")),
                let e = try? Data(contentsOf: folder.appendingPathComponent("expected.json")),
                let request = try? JSONValue(parsing: [UInt8](r)), let expected = try? JSONValue(parsing: [UInt8](e)),
                case .string(let definitionText)? = request["definition"],
                case .object(let state)? = try? JSONValue(parsing: definitionText),
                case .object(let inspection)? = expected["response"]?["inspectionData"]
            else { continue }
            guard state["Type"] == "Pass" || state["Type"] == "Task", state["QueryLanguage"] == nil else { continue }
            func parsed(_ v: JSONValue?) -> JSONValue? {
                guard case .string(let s)? = v else { return nil }
                return try? JSONValue(parsing: s)
            }
            out.append(
                Recording(
                    name: name, state: state, input: parsed(request["input"]) ?? .object(JSONObject()),
                    context: parsed(request["context"]) ?? .object(JSONObject()), mockResult: parsed(request["mock"]?["result"]),
                    inspection: inspection))
        }
        return out
    }()

    /// The recording's placeholders: `arn:<partition>:` and ISO timestamps read `date`.
    static func normalised(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s):
            if s.count >= 20, s.dropFirst(4).first == "-", s.dropFirst(10).first == "T" { return "date" }
            if s.hasPrefix("lambda_func_") { return "<lambda_function_name>" }  // a fixture name in the recording
            return .string(
                s.replacingOccurrences(of: "arn:aws:", with: "arn:<partition>:").replacingOccurrences(
                    of: "us-east-1", with: "<region>"))
        case .array(let a): return .array(a.map(normalised))
        case .object(let o): return .object(JSONObject(uniqueMembers: o.map { (key: $0.key, value: normalised($0.value)) }))
        default: return value
        }
    }

    @Test func corpusHasInspections() {
        #expect(Self.recordings.count >= 10)
    }

    @Test(arguments: recordings)
    func reproducesEachStep(_ r: Recording) throws {
        var random = SeededRandom(seed: 1)
        let env = { (input: JSONValue) in ExpressionEnvironment(input: input, context: r.context) }
        var effective = r.input
        if case .string(let text)? = r.state["InputPath"] { effective = try Path(text).value(in: env(r.input)) }
        if let expected = r.inspection["afterInputPath"] { #expect(Self.normalised(effective) == expected, "afterInputPath") }
        if let parameters = r.state["Parameters"] {
            effective = try PayloadTemplate(parameters).evaluate(in: env(effective), random: &random)
        }
        if let expected = r.inspection["afterParameters"] { #expect(Self.normalised(effective) == expected, "afterParameters") }
        var result: JSONValue
        if r.state["Type"] == "Pass" {
            result = r.state["Result"] ?? effective
        } else {
            guard let recorded = r.mockResult ?? r.inspection["result"] else { return }
            result = recorded
        }
        if let selector = r.state["ResultSelector"] {
            result = try PayloadTemplate(selector).evaluate(in: env(result), random: &random)
        }
        if let expected = r.inspection["afterResultSelector"] { #expect(Self.normalised(result) == expected, "afterResultSelector") }
        let resultPath: ResultPath
        switch r.state["ResultPath"] {
        case .string(let text)?: resultPath = try ResultPath(text)
        case .null?: resultPath = try ResultPath(nil)
        default: resultPath = try ResultPath("$")
        }
        let output = try resultPath.apply(result: result, to: r.input)
        if let expected = r.inspection["afterResultPath"] { #expect(Self.normalised(output) == expected, "afterResultPath") }
    }
}
