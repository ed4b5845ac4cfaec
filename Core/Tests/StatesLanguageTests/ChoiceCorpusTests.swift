import SluiceJSON
import StatesJSONPath
import StatesLanguage
import Testing

/// The AWS-recorded choice-operator cases: a Choice state routes to Pass states whose `Result`
/// is the execution's output, so the output shows which branch AWS took.
@Suite struct ChoiceCorpusTests {
    @Test func choiceOperatorCasesTakeTheRecordedBranch() throws {
        var checked = 0
        var failures: [String] = []
        for c in CorpusFixtures.cases(in: "cases") where c.name.hasPrefix("choice_operators.") {
            let machine = try StateMachine(definition: try c.json("definition.json"))
            let expected = try c.json("expected.json")
            guard let start = machine.state(named: machine.startAt), case .choice(let choice) = start.kind,
                start.inputPath == .identity
            else {
                failures.append("\(c.name): start state is not a plain Choice")
                continue
            }
            let environment = ExpressionEnvironment(input: try c.json("input.json"))
            let next: String?
            do {
                next = try choice.firstMatchingRule(in: environment)?.next ?? choice.defaultState
            } catch {
                failures.append("\(c.name): threw \(error), expected \(expected["status"] ?? nil)")
                continue
            }
            guard let target = next.flatMap(machine.state(named:)), case .pass(let pass) = target.kind else {
                failures.append("\(c.name): no Pass state for branch \(next ?? "nil")")
                continue
            }
            checked += 1
            if expected["status"] != "SUCCEEDED" || expected["output"] != pass.result {
                failures.append("\(c.name): took \(target.name), recorded \(expected["output"] ?? nil)")
            }
        }
        #expect(checked >= 491)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(40).joined(separator: "\n"))")
    }
}

/// Every Choice transition recorded in a corpus history: the state's entered input, evaluated by
/// the model, must lead to the state AWS entered next.
@Suite struct ChoiceHistoryTests {
    @Test func recordedChoiceTransitionsMatch() throws {
        var checked = 0
        var failures: [String] = []
        for group in ["cases", "nonpure"] {
            for c in CorpusFixtures.cases(in: group) {
                let expected = try c.json("expected.json")
                guard case .array(let history)? = expected["history"], expected["parallel_events_sorted"] != true
                else { continue }
                let machine = try StateMachine(definition: try c.json("definition.json"))
                for (i, event) in history.enumerated() where event["type"] == "ChoiceStateEntered" {
                    guard let details = event["stateEnteredEventDetails"], case .string(let name)? = details["name"],
                        let input = details["input"],
                        let state = findState(named: name, in: machine.graph, depth: 0),
                        case .choice(let choice) = state.kind, state.queryLanguage == .jsonPath,
                        state.inputPath == .identity,
                        let enteredNext = nextEnteredName(after: i, in: history)
                    else { continue }
                    // History inputs are JSON text; the recording parsed only those that were objects.
                    var value = input
                    if case .string(let text) = input, let parsed = try? JSONValue(parsing: text) { value = parsed }
                    let environment = ExpressionEnvironment(input: value)
                    let taken: String?
                    do {
                        taken = try choice.firstMatchingRule(in: environment)?.next ?? choice.defaultState
                    } catch {
                        // Variables and the context object are not reconstructed here.
                        continue
                    }
                    checked += 1
                    if taken != enteredNext {
                        failures.append("\(c.name): \(name) took \(taken ?? "nil"), AWS entered \(enteredNext)")
                    }
                }
            }
        }
        #expect(checked >= 25)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(40).joined(separator: "\n"))")
    }

    private func nextEnteredName(after index: Int, in history: [JSONValue]) -> String? {
        for event in history.dropFirst(index + 1) {
            if case .string(let type)? = event["type"], type.hasSuffix("StateEntered"),
                case .string(let name)? = event["stateEnteredEventDetails"]?["name"]
            {
                return name
            }
        }
        return nil
    }
}

/// The state named `name` in `graph` or in any nested Parallel branch or Map processor.
func findState(named name: String, in graph: StateGraph, depth: Int) -> State? {
    if let state = graph.state(named: name) { return state }
    guard depth < 32 else { return nil }
    for state in graph.states {
        switch state.kind {
        case .parallel(let parallel):
            for branch in parallel.branches {
                if let found = findState(named: name, in: branch, depth: depth + 1) { return found }
            }
        case .map(let map):
            if let found = findState(named: name, in: map.processor.graph, depth: depth + 1) { return found }
        default: break
        }
    }
    return nil
}
