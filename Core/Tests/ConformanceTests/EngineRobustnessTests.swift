import SluiceJSON
import StatesJSONPath
import StatesLanguage
import StatesRunner
import StatesValidation
import Testing

/// Malformed definitions, inputs and paths — mutated from the AWS corpus by a seeded generator — go
/// through the whole pipeline a user's request takes (validate, parse, run in virtual time). Each
/// must end in diagnostics, a thrown error or a closed execution: never a trap, never a hang.
@Suite struct EngineRobustnessTests {
    @Test func mutatedDefinitionsAndInputsNeverTrap() async throws {
        let cases = try SharedDirectory.loadCases()
        var random = SeededRandom(seed: 0x51_1C_E5)
        var outcomes: [String: Int] = [:]
        let corpus = cases.filter { !$0.usesJSONata }
        for round in 0..<1500 {
            let testCase = corpus[Int(random.next() % UInt64(corpus.count))]
            guard var definition = try? JSONValue(parsing: testCase.definitionText) else { continue }
            var input = (try? JSONValue(parsing: testCase.inputText)) ?? .null
            for _ in 0..<(1 + Int(random.next() % 3)) {
                if round % 4 == 0 {
                    input = Mutator.mutate(input, &random)
                } else {
                    definition = Mutator.mutate(definition, &random)
                }
            }
            let text = definition.serialized
            let diagnostics = DefinitionValidator.validate(text: text)
            guard DefinitionValidator.isValid(diagnostics) else {
                outcomes["refused by validation", default: 0] += 1
                continue
            }
            guard let machine = try? StateMachine(text: text) else {
                outcomes["refused by the parser", default: 0] += 1
                continue
            }
            let result = await LocalRunner.run(
                definition: machine, input: input, options: RunOptions(startTime: 0, seed: random.next(), timeScale: 0))
            outcomes["ran: \(result.status)", default: 0] += 1
            #expect(result.history.count <= 25_001)
        }
        print("robustness: \(outcomes.sorted { $0.key < $1.key })")
        #expect(outcomes.count > 2)
    }

    @Test func garbageTextIsRefused() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let length = Int(random.next() % 64)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next() % 128) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!DefinitionValidator.isValid(DefinitionValidator.validate(text: text)))
            _ = try? StateMachine(text: text)
        }
    }
}

/// Seeded structural mutations of JSON documents.
enum Mutator {
    static let pathLike: [JSONValue] = [
        "$", "$.", "$..", "$[", "$['a'", "$.a[?(@.b >", "$$.", "$$.Execution", "$x.y", "States.Format(",
        "States.Array(1,", "States.MathAdd($.a, 'b')", "$.a[-1:]", "$.a[*].b", "", "\u{0}", "{% $x %}",
        "States.ArrayRange(1, 100000, 1)", "States.Hash($, 'NOPE')", "States.StringToJson('{')",
    ]
    static let odd: [JSONValue] = [
        .null, true, -1, 0, 1.5, 99_999_999_999, "x", [], [:], ["Type": "Pass"], ["Next": "Nowhere"],
        .array(Array(repeating: .null, count: 40)),
    ]

    static func mutate(_ value: JSONValue, _ random: inout SeededRandom, depth: Int = 0) -> JSONValue {
        let roll = random.next() % 10
        switch value {
        case .object(var o) where !o.isEmpty && depth < 12 && roll < 7:
            let i = Int(random.next() % UInt64(o.count))
            let member = o[i]
            switch random.next() % 6 {
            case 0: o[member.key] = nil
            case 1: o[member.key] = pick(odd, &random)
            case 2: o[member.key] = pick(pathLike, &random)
            case 3: o[member.key + ".$"] = pick(pathLike, &random)
            default: o[member.key] = mutate(member.value, &random, depth: depth + 1)
            }
            return .object(o)
        case .array(var a) where !a.isEmpty && depth < 12 && roll < 7:
            let i = Int(random.next() % UInt64(a.count))
            if random.next() % 4 == 0 { a.remove(at: i) } else { a[i] = mutate(a[i], &random, depth: depth + 1) }
            return .array(a)
        case .string where roll < 5:
            return pick(pathLike, &random)
        default:
            return roll < 8 ? pick(odd, &random) : wrap(value, depth: Int(random.next() % 600))
        }
    }

    /// Deep nesting, beyond every limit the engine has.
    static func wrap(_ value: JSONValue, depth: Int) -> JSONValue {
        var v = value
        for _ in 0..<depth { v = .array([v]) }
        return v
    }

    static func pick(_ values: [JSONValue], _ random: inout SeededRandom) -> JSONValue {
        values[Int(random.next() % UInt64(values.count))]
    }
}
