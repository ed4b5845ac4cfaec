import Foundation
import SluiceJSON
import StatesValidation
import Testing

/// Damages accepted definitions field by field. The validator must never crash, and a structural
/// field given a value of the wrong kind must always be refused, so that the typed model parser
/// can rely on a document that passed.
@Suite(.enabled(if: Corpus.isAvailable, "the shared conformance corpus is not present"))
struct MutationTests {
    /// Fields whose value kind the model parser relies on, with a value of the wrong kind.
    static let structural: [String: JSONValue] = [
        "Type": 7, "Next": 7, "End": "yes", "Resource": 7, "Choices": "x", "Branches": "x", "Default": 7,
        "ItemProcessor": "x", "Iterator": 7, "Seconds": "x", "SecondsPath": 7, "Timestamp": 7, "TimestampPath": 7,
        "InputPath": 7, "OutputPath": 7, "ResultPath": 7, "Parameters": 7, "ResultSelector": 7, "ItemSelector": 7,
        "ItemsPath": 7, "MaxConcurrency": "x", "Retry": "x", "Catch": "x", "Error": 7, "Cause": 7, "ErrorPath": 7,
        "CausePath": 7, "Assign": 7, "Arguments": 7, "Credentials": 7, "TimeoutSeconds": "x", "HeartbeatSeconds": "x",
        "QueryLanguage": 7, "Label": 7,
    ]

    @Test func wrongKindsOfStructuralFieldsAreRefused() {
        var mutations = 0
        var missed: [String] = []
        for folder in Corpus.cases(in: "cases").prefix(400) {
            guard let definition = Corpus.json(folder.appendingPathComponent("definition.json")),
                case .object(let root) = definition, case .object(let states)? = root["States"]
            else { continue }
            for state in states {
                guard case .object(let fields) = state.value else { continue }
                for field in fields {
                    guard let wrong = Self.structural[field.key] else { continue }
                    var damaged = fields
                    damaged[field.key] = wrong
                    var damagedStates = states
                    damagedStates[state.key] = .object(damaged)
                    var damagedRoot = root
                    damagedRoot["States"] = .object(damagedStates)
                    mutations += 1
                    let diagnostics = DefinitionValidator.validate(.object(damagedRoot))
                    if DefinitionValidator.isValid(diagnostics) {
                        missed.append("\(folder.lastPathComponent) \(state.key).\(field.key)")
                    }
                }
            }
        }
        #expect(missed.isEmpty, "accepted after damage: \(missed.prefix(20))")
        #expect(mutations > 500)
    }

    @Test func anyValueAnywhereNeverCrashes() {
        let replacements: [JSONValue] = [.null, true, -1, 1.5, "", "$..x[?(@", "{% %}", [], [:], [[:]]]
        var runs = 0
        for folder in Corpus.cases(in: "cases").prefix(60) {
            guard let definition = Corpus.json(folder.appendingPathComponent("definition.json")) else { continue }
            for path in Self.paths(in: definition, depth: 0) {
                for replacement in replacements {
                    _ = DefinitionValidator.validate(Self.replacing(path, in: definition, with: replacement))
                    runs += 1
                }
            }
        }
        #expect(runs > 1000)
    }

    /// Every member path (keys) of objects in the document, up to a depth.
    static func paths(in value: JSONValue, depth: Int) -> [[String]] {
        guard depth < 8, case .object(let object) = value else { return [] }
        var out: [[String]] = []
        for member in object {
            out.append([member.key])
            for inner in paths(in: member.value, depth: depth + 1) { out.append([member.key] + inner) }
        }
        return out
    }

    static func replacing(_ path: [String], in value: JSONValue, with replacement: JSONValue) -> JSONValue {
        guard let first = path.first else { return replacement }
        guard case .object(var object) = value, let inner = object[first] else { return value }
        object[first] = replacing(Array(path.dropFirst()), in: inner, with: replacement)
        return .object(object)
    }
}
