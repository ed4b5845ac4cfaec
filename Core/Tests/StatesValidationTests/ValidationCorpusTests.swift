import Foundation
import SluiceJSON
import StatesValidation
import Testing

/// Runs `validation/` and `validate_definition/` in place against AWS's recorded answers, and checks
/// that every definition AWS accepted (`cases/`, `nonpure/`) gets no ERROR diagnostic.
@Suite(.enabled(if: Corpus.isAvailable, "the shared conformance corpus is not present"))
struct ValidationCorpusTests {
    /// A recorded CreateStateMachine/TestState refusal whose error is about the definition.
    struct DefinitionCase {
        var name: String
        var definitionText: String
        var type: StateMachineType
        var expectedMessage: String
    }

    static func definitionCases() -> (applicable: [DefinitionCase], other: Int) {
        var applicable: [DefinitionCase] = []
        var other = 0
        for folder in Corpus.cases(in: "validation") {
            guard let expected = Corpus.json(folder.appendingPathComponent("expected.json")) else { continue }
            var message = expected["expected_error"]?["message"]?.stringValue
                ?? expected["expected_error"]?.stringValue ?? ""
            if let range = message.range(of: "operation: ") { message = String(message[range.upperBound...]) }
            guard message.hasPrefix("Invalid State Machine Definition") || message.hasPrefix("Error=ValueError") else {
                other += 1
                continue
            }
            var definitionText = Corpus.text(folder.appendingPathComponent("definition.json"))
            if definitionText == nil, let request = Corpus.json(folder.appendingPathComponent("request.json")),
                let text = request["definition"]?.stringValue
            {
                definitionText = text
                // TestState of a single state validates it as the state machine's only state.
                if request["stateName"] == nil, let state = try? JSONValue(parsing: text), state["Type"] != nil {
                    let states = JSONValue.object(JSONObject(uniqueMembers: [(key: "StateName", value: state)]))
                    let machine = JSONObject(uniqueMembers: [(key: "StartAt", value: "StateName"), (key: "States", value: states)])
                    definitionText = JSONValue.object(machine).serialized
                }
            }
            guard let definitionText else { continue }
            let type = StateMachineType(rawValue: expected["state_machine_type"]?.stringValue ?? "") ?? .standard
            applicable.append(
                DefinitionCase(name: folder.lastPathComponent, definitionText: definitionText, type: type,
                    expectedMessage: message))
        }
        return (applicable, other)
    }

    /// The message Sluice produces for a case, in the recording's normalised form.
    static func actualMessage(for testCase: DefinitionCase) -> String {
        let diagnostics: [Diagnostic]
        if let value = try? JSONValue(parsing: testCase.definitionText) {
            diagnostics = DefinitionValidator.validate(Corpus.replacingStubs(value), type: testCase.type)
        } else {
            diagnostics = DefinitionValidator.validate(text: testCase.definitionText, type: testCase.type)
        }
        if testCase.expectedMessage.hasPrefix("Error=ValueError") {
            // The Map-label recordings carry LocalStack's envelope around the reason; rebuild it
            // around Sluice's reason.
            let reasons = diagnostics.filter { $0.code == "INVALID_LABEL_NAME" }.map { pythonRepr($0.message) }
            return "Error=ValueError Args=[\(reasons.joined(separator: ", "))] in definition '\(testCase.definitionText)'."
        }
        return DefinitionValidator.invalidDefinitionMessage(diagnostics)
            .replacingOccurrences(of: "arn:aws:", with: "arn:<partition>:")
    }

    @Test func createStateMachineRefusalsMatchAWS() {
        let (cases, other) = Self.definitionCases()
        let known = knownFailingValidationCases
        var failing: [String] = []
        for testCase in cases {
            let actual = Self.actualMessage(for: testCase)
            if actual != testCase.expectedMessage {
                failing.append(testCase.name)
                if !known.contains(testCase.name) {
                    Issue.record("\(testCase.name)\n expected: \(testCase.expectedMessage)\n   actual: \(actual)")
                }
            } else if known.contains(testCase.name) {
                Issue.record("\(testCase.name) passes now: remove it from KnownFailingValidationCases.swift")
            }
        }
        print("validation corpus: \(cases.count - failing.count)/\(cases.count) definition refusals match AWS"
            + " (\(other) cases are not about the definition)")
        #expect(cases.count > 100)
    }

    @Test func validateStateMachineDefinitionResponsesMatchAWS() throws {
        var passed = 0
        let folders = Corpus.cases(in: "validate_definition")
        for folder in folders {
            let request = try #require(Corpus.json(folder.appendingPathComponent("request.json")))
            let expected = try #require(Corpus.json(folder.appendingPathComponent("expected.json")))
            guard case .object(var response)? = expected["response"] else { continue }
            response["ResponseMetadata"] = nil
            let type = StateMachineType(rawValue: request["type"]?.stringValue ?? "") ?? .standard
            let diagnostics = DefinitionValidator.validate(text: request["definition"]?.stringValue ?? "", type: type)
            let actual = DefinitionValidator.validationResponse(diagnostics)
            if actual == .object(response) {
                passed += 1
            } else {
                Issue.record("\(folder.lastPathComponent)\n expected: \(JSONValue.object(response).serialized)\n   actual: \(actual.serialized)")
            }
        }
        print("validate_definition corpus: \(passed)/\(folders.count) responses match AWS")
        #expect(folders.count >= 12)
    }

    /// A false rejection is worse than a missed one: every definition AWS ran must pass.
    @Test func everyDefinitionAWSAcceptedIsValid() {
        var checked = 0
        var rejected: [String] = []
        for section in ["cases", "nonpure"] {
            for folder in Corpus.cases(in: section) {
                if let expected = Corpus.json(folder.appendingPathComponent("expected.json")),
                    expected["status"]?.isNull ?? true
                {
                    continue  // never executed: AWS's acceptance was not recorded
                }
                guard let text = Corpus.text(folder.appendingPathComponent("definition.json")),
                    let definition = try? JSONValue(parsing: text)
                else { continue }
                let type = StateMachineType(
                    rawValue: Corpus.json(folder.appendingPathComponent("expected.json"))?["state_machine_type"]?
                        .stringValue ?? "") ?? .standard
                checked += 1
                // The Jackson-style reader must read every recorded text.
                if let syntax = DefinitionValidator.validate(text: text, type: .standard).first(where: {
                    $0.code == "INVALID_JSON_DESCRIPTION"
                }) {
                    Issue.record("\(section)/\(folder.lastPathComponent): \(syntax.message)")
                }
                let errors = DefinitionValidator.validate(Corpus.replacingStubs(definition), type: type)
                    .filter { $0.severity == .error }
                if !errors.isEmpty {
                    rejected.append(folder.lastPathComponent)
                    Issue.record("\(section)/\(folder.lastPathComponent): \(DefinitionValidator.invalidDefinitionMessage(errors))")
                }
            }
        }
        print("accepted definitions: \(checked - rejected.count)/\(checked) produce no ERROR diagnostic")
        #expect(checked > 1000)
    }
}
