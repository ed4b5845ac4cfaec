import SluiceJSON
import Testing
@testable import StatesJSONPath

/// Every path and `.$` expression in a definition AWS accepted must compile.
@Suite struct CorpusAcceptedExpressionTests {
    struct Expression: Sendable, CustomStringConvertible {
        var caseName: String
        var field: String
        var text: String
        var isDynamic: Bool
        var description: String { "\(field): \(text)" }
    }

    static let pathFields: Set<String> = [
        "InputPath", "OutputPath", "ResultPath", "ItemsPath", "Variable", "SecondsPath", "TimestampPath",
        "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
        "ToleratedFailurePercentagePath",
    ]
    static let templateFields: Set<String> = ["Parameters", "ResultSelector", "ItemSelector", "Assign", "Credentials"]

    static let expressions: [Expression] = {
        var out: [Expression] = []
        for folder in ["cases", "nonpure"] {
            for c in Corpus.load(folder) {
                let jsonata = c.definition["QueryLanguage"] == "JSONata"
                collectStates(c.definition, jsonata: jsonata, caseName: c.name, into: &out)
            }
        }
        return out
    }()

    static func collectStates(_ machine: JSONValue, jsonata: Bool, caseName: String, into out: inout [Expression]) {
        guard case .object(let states)? = machine["States"] else { return }
        for member in states {
            guard case .object(let state) = member.value else { continue }
            let stateJSONata: Bool =
                switch state["QueryLanguage"] {
                case "JSONata"?: true
                case "JSONPath"?: false
                default: jsonata
                }
            for branch in state["Branches"]?.arrayValue ?? [] {
                collectStates(branch, jsonata: stateJSONata, caseName: caseName, into: &out)
            }
            for key in ["Iterator", "ItemProcessor"] {
                if let processor = state[key] { collectStates(processor, jsonata: stateJSONata, caseName: caseName, into: &out) }
            }
            if stateJSONata { continue }
            for m in state {
                if pathFields.contains(m.key) || m.key.hasSuffix("Path") && m.key != "ResultPath" && m.key != "ErrorPath" && m.key != "CausePath" {
                    if case .string(let text) = m.value {
                        out.append(Expression(caseName: caseName, field: m.key, text: text, isDynamic: false))
                    }
                } else if m.key == "ResultPath", case .string(let text) = m.value {
                    out.append(Expression(caseName: caseName, field: m.key, text: text, isDynamic: false))
                } else if m.key == "ErrorPath" || m.key == "CausePath", case .string(let text) = m.value {
                    out.append(Expression(caseName: caseName, field: m.key, text: text, isDynamic: true))
                } else if templateFields.contains(m.key) {
                    collectTemplate(m.value, caseName: caseName, into: &out)
                } else if m.key == "Choices" {
                    collectChoiceRules(m.value, caseName: caseName, into: &out)
                }
            }
        }
    }

    static func collectTemplate(_ value: JSONValue, caseName: String, into out: inout [Expression]) {
        switch value {
        case .object(let o):
            for m in o {
                if m.key.hasSuffix(".$"), case .string(let text) = m.value {
                    out.append(Expression(caseName: caseName, field: m.key, text: text, isDynamic: true))
                } else {
                    collectTemplate(m.value, caseName: caseName, into: &out)
                }
            }
        case .array(let a): for v in a { collectTemplate(v, caseName: caseName, into: &out) }
        default: break
        }
    }

    static func collectChoiceRules(_ value: JSONValue, caseName: String, into out: inout [Expression]) {
        switch value {
        case .object(let o):
            for m in o {
                if (m.key == "Variable" || m.key.hasSuffix("Path")), case .string(let text) = m.value {
                    out.append(Expression(caseName: caseName, field: m.key, text: text, isDynamic: false))
                } else if m.key == "Assign" {
                    collectTemplate(m.value, caseName: caseName, into: &out)
                } else {
                    collectChoiceRules(m.value, caseName: caseName, into: &out)
                }
            }
        case .array(let a): for v in a { collectChoiceRules(v, caseName: caseName, into: &out) }
        default: break
        }
    }

    @Test func corpusHasExpressions() {
        #expect(Self.expressions.count > 500)
    }

    @Test(arguments: expressions)
    func compiles(_ e: Expression) {
        do {
            if e.isDynamic {
                _ = try DynamicValue(e.text)
            } else if e.field == "ResultPath" {
                _ = try ResultPath(e.text)
            } else {
                _ = try Path(e.text)
            }
        } catch {
            Issue.record("\(e.caseName) \(e.field): '\(e.text)' refused: \(error)")
        }
    }
}
