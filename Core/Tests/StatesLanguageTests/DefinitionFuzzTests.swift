import SluiceJSON
import StatesJSONPath
import StatesLanguage
import Testing

/// Mutated corpus definitions: the parser must throw or succeed, never trap.
@Suite struct DefinitionFuzzTests {
    private static let replacements: [JSONValue] = [
        .null, true, 0, -1, 1.5, 1e300, "", "$", "$.", "$$", "$x", "{% %}", "States.Format(", "2016-03-14T01:59:00Z",
        [], [[]], [:], ["Type": "Pass"], ["StartAt": "X", "States": [:]], ["Variable": "$", "Not": [:]],
    ]

    @Test func mutatedDefinitionsNeverTrap() throws {
        var random = SeededRandom(seed: 0x5EED)
        var parsed = 0
        var rejected = 0
        for c in CorpusFixtures.cases(in: "cases").prefix(400) {
            let original = try c.json("definition.json")
            for _ in 0..<8 {
                var count = 0
                countNodes(original, into: &count, depth: 0)
                let target = Int(random.next() % UInt64(max(count, 1)))
                var index = 0
                let replacement = Self.replacements[Int(random.next() % UInt64(Self.replacements.count))]
                let mutated = mutate(original, target: target, index: &index, with: replacement, depth: 0)
                do {
                    let machine = try StateMachine(definition: mutated)
                    parsed += 1
                    for state in machine.states {
                        if case .choice(let choice) = state.kind {
                            _ = try? choice.firstMatchingRule(in: ExpressionEnvironment(input: mutated))
                        }
                    }
                } catch {
                    rejected += 1
                }
            }
        }
        #expect(parsed > 0)
        #expect(rejected > 0)
    }

    private func countNodes(_ value: JSONValue, into count: inout Int, depth: Int) {
        count += 1
        guard depth < 64 else { return }
        switch value {
        case .object(let o): for m in o { countNodes(m.value, into: &count, depth: depth + 1) }
        case .array(let a): for v in a { countNodes(v, into: &count, depth: depth + 1) }
        default: break
        }
    }

    /// `value` with its `target`-th node in pre-order (the order `countNodes` counts) replaced.
    private func mutate(_ value: JSONValue, target: Int, index: inout Int, with replacement: JSONValue, depth: Int)
        -> JSONValue
    {
        let position = index
        index += 1
        if position == target { return replacement }
        guard depth < 64 else { return value }
        switch value {
        case .object(let o):
            var members: [JSONObject.Member] = []
            for m in o {
                members.append(
                    (key: m.key, value: mutate(m.value, target: target, index: &index, with: replacement, depth: depth + 1)))
            }
            return .object(JSONObject(members))
        case .array(let a):
            return .array(a.map { mutate($0, target: target, index: &index, with: replacement, depth: depth + 1) })
        default:
            return value
        }
    }
}
