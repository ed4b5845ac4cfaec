import SluiceJSON
import Testing
@testable import StatesJSONPath

/// Machines made only of JSONPath-mode Pass states, run state by state with this module: the
/// variables `Assign` sets (evaluated against the state's result, committed after OutputPath) and the
/// final output must match AWS.
@Suite struct CorpusPassChainTests {
    static let cases: [Corpus.Case] = Corpus.load("cases").filter { c in
        guard c.definition["QueryLanguage"] != "JSONata", case .object(let states)? = c.definition["States"],
            states.count > 1, c.expected["status"] == "SUCCEEDED"
        else { return false }
        // Outputs holding values the recording replaced (times, UUIDs, express ARNs) cannot be compared.
        let output = c.expected["output"]?.serialized ?? ""
        if ["start-time", "entered-time", "<uuid:", "SyncExecArn"].contains(where: output.contains) { return false }
        return states.allSatisfy { $0.value["Type"] == "Pass" && $0.value["QueryLanguage"] == nil }
    }

    @Test func corpusHasPassChains() {
        #expect(Self.cases.count >= 8)
    }

    @Test(arguments: cases)
    func runsLikeAWS(_ c: Corpus.Case) throws {
        guard case .object(let states)? = c.definition["States"], case .string(var name)? = c.definition["StartAt"] else {
            return
        }
        var random = SeededRandom(seed: 1)
        var variables: [String: JSONValue] = [:]
        var input = c.input
        var assignedByState: [JSONValue] = []
        for _ in 0..<states.count {
            guard case .object(let state)? = states[name] else { return }
            let context = Corpus.context(input: c.input, stateName: name)
            func env(_ value: JSONValue) -> ExpressionEnvironment {
                ExpressionEnvironment(input: value, context: context, variables: variables)
            }
            var effective = input
            switch state["InputPath"] {
            case .string(let text)?: effective = try Path(text).value(in: env(input))
            case .null?: effective = .object(JSONObject())
            default: break
            }
            if let parameters = state["Parameters"] {
                effective = try PayloadTemplate(parameters).evaluate(in: env(effective), random: &random)
            }
            let result = state["Result"] ?? effective
            var assigned = JSONObject()
            if let assign = state["Assign"] {
                guard case .object(let values) = try PayloadTemplate(assign).evaluate(in: env(result), random: &random) else {
                    Issue.record("Assign is not an object")
                    return
                }
                assigned = values
                assignedByState.append(.object(values))
            }
            var output: JSONValue
            switch state["ResultPath"] {
            case .string(let text)?: output = try ResultPath(text).apply(result: result, to: input)
            case .null?: output = input
            default: output = result
            }
            switch state["OutputPath"] {
            case .string(let text)?: output = try Path(text).value(in: env(output))
            case .null?: output = .object(JSONObject())
            default: break
            }
            for m in assigned { variables[m.key] = m.value }
            input = output
            guard case .string(let next)? = state["Next"] else { break }
            name = next
        }
        #expect(Corpus.normalised(input) == Corpus.normalised(c.expected["output"] ?? .null), "output")
        // The history records each state's assignments as JSON texts.
        let recorded: [JSONValue] = (c.expected["history"]?.arrayValue ?? []).compactMap { event in
            guard case .object(let texts)? = event["stateExitedEventDetails"]?["assignedVariables"] else { return nil }
            return .object(JSONObject(uniqueMembers: texts.map { m in
                (key: m.key, value: m.value.stringValue.flatMap { try? JSONValue(parsing: $0) } ?? m.value)
            }))
        }
        #expect(assignedByState == recorded, "assigned variables")
    }
}
