import Foundation
import SluiceJSON
@testable import StatesJSONPath

/// Reads the conformance corpus (`../shared/conformance`) and runs single-Pass-state machines with
/// this module alone: InputPath → Parameters → Result → ResultPath → OutputPath.
enum Corpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // StatesJSONPathTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // Core
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/conformance")
        .standardizedFileURL

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var definition: JSONValue
        var input: JSONValue
        var expected: JSONValue
        var description: String { name }
    }

    static func load(_ folder: String) -> [Case] {
        let dir = root.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        var cases: [Case] = []
        for name in names.sorted() {
            let caseDir = dir.appendingPathComponent(name)
            guard let d = try? Data(contentsOf: caseDir.appendingPathComponent("definition.json")),
                let e = try? Data(contentsOf: caseDir.appendingPathComponent("expected.json")),
                let definition = try? JSONValue(parsing: [UInt8](d)),
                let expected = try? JSONValue(parsing: [UInt8](e))
            else { continue }
            let i = (try? Data(contentsOf: caseDir.appendingPathComponent("input.json"))) ?? Data("{}".utf8)
            let input = (try? JSONValue(parsing: [UInt8](i))) ?? .object(JSONObject())
            cases.append(Case(name: name, definition: definition, input: input, expected: expected))
        }
        return cases
    }

    /// The context object with the placeholders the recordings use.
    static func context(input: JSONValue, stateName: String) -> JSONValue {
        [
            "Execution": [
                "Id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
                "Input": input,
                "StartTime": "date",
                "Name": "<ExecArnPart_0idx>",
                "RoleArn": "snf_role_arn",
                "RedriveCount": 0,
            ],
            "StateMachine": [
                "Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
                "Name": "<ArnPart_0idx>",
            ],
            "State": ["Name": .string(stateName), "EnteredTime": "date"],
        ]
    }

    /// The single Pass state of a JSONPath-mode definition, with its name; `nil` for anything else.
    static func singlePassState(_ c: Case) -> (name: String, state: JSONObject)? {
        guard case .object(let states)? = c.definition["States"], states.count == 1,
            let (name, value) = states.first.map({ ($0.key, $0.value) }),
            case .object(let state) = value, state["Type"] == "Pass"
        else { return nil }
        if c.definition["QueryLanguage"] == "JSONata" || state["QueryLanguage"] == "JSONata" { return nil }
        return (name, state)
    }

    enum Outcome: Equatable {
        case output(JSONValue)
        case failure(StatesError)
    }

    /// Runs a Pass state's data flow with this module.
    static func runPass(_ state: JSONObject, stateName: String, input: JSONValue) throws -> Outcome {
        var random = SeededRandom(seed: 42)
        let context = context(input: input, stateName: stateName)
        func env(_ value: JSONValue) -> ExpressionEnvironment {
            ExpressionEnvironment(input: value, context: context)
        }
        do {
            var effective = input
            switch state["InputPath"] {
            case nil: break
            case .null?: effective = .object(JSONObject())
            case .string(let text)?: effective = try Path(text).value(in: env(input))
            default: throw StatesError.runtime("bad InputPath")
            }
            if let parameters = state["Parameters"] {
                effective = try PayloadTemplate(parameters).evaluate(in: env(effective), random: &random)
            }
            let result = state["Result"] ?? effective
            var output: JSONValue
            switch state["ResultPath"] {
            case nil: output = try ResultPath("$").apply(result: result, to: input)
            case .null?: output = try ResultPath(nil).apply(result: result, to: input)
            case .string(let text)?: output = try ResultPath(text).apply(result: result, to: input)
            default: throw StatesError.runtime("bad ResultPath")
            }
            switch state["OutputPath"] {
            case nil: break
            case .null?: output = .object(JSONObject())
            case .string(let text)?: output = try Path(text).value(in: env(output))
            default: throw StatesError.runtime("bad OutputPath")
            }
            return .output(output)
        } catch let error as StatesError {
            return .failure(error)
        }
    }

    /// Applies the recording's rule: strings that hold a JSON object are compared as that object.
    static func normalised(_ value: JSONValue, depth: Int = 0) -> JSONValue {
        guard depth < 64 else { return value }
        switch value {
        case .string(let s) where s.hasPrefix("{"):
            if let parsed = try? JSONValue(parsing: s), case .object = parsed { return normalised(parsed, depth: depth + 1) }
            return value
        case .array(let a): return .array(a.map { normalised($0, depth: depth + 1) })
        case .object(let o):
            return .object(JSONObject(uniqueMembers: o.map { (key: $0.key, value: normalised($0.value, depth: depth + 1)) }))
        default: return value
        }
    }
}
