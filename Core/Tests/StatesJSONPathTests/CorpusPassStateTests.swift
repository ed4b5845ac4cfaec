import Foundation
import SluiceJSON
import Testing
@testable import StatesJSONPath

/// Every JSONPath-mode single-Pass-state machine of the corpus, run with this module alone.
@Suite struct CorpusPassStateTests {
    static let cases: [Corpus.Case] = Corpus.load("cases").filter { c in
        guard let (_, state) = Corpus.singlePassState(c) else { return false }
        // Random results are replaced in the recording; Assign is the interpreter's business.
        if c.expected["snapshot_transformers"]?.serialized.contains("RandomNumberGenerated") == true { return false }
        if state["Assign"] != nil { return false }
        // Payload size limits are enforced by the interpreter.
        if c.expected["error"] == "States.DataLimitExceeded" { return false }
        return c.expected["status"] == "SUCCEEDED" || c.expected["status"] == "FAILED"
    }

    @Test func corpusHasPassStateCases() {
        #expect(Self.cases.count > 100)
    }

    @Test(arguments: cases)
    func passState(_ c: Corpus.Case) throws {
        guard let (name, state) = Corpus.singlePassState(c) else { return }
        let outcome = try Corpus.runPass(state, stateName: name, input: c.input)
        switch (outcome, c.expected["status"]) {
        case (.output(let output), "SUCCEEDED"?):
            let expected = c.expected["output"] ?? .null
            #expect(Corpus.normalised(output) == Corpus.normalised(expected), "\(c.name): got \(output.serialized.prefix(300))")
        case (.failure(let error), "FAILED"?):
            #expect(error.error == c.expected["error"]?.stringValue)
            guard let cause = c.expected["cause"]?.stringValue, let tail = cause.split(separator: ")", maxSplits: 1).last
            else { return }
            let expectedTail = tail.dropFirst(2)  // ". "
            let pattern = expectedTail.replacingOccurrences(of: "<json-input:1>", with: c.input.serialized)
            #expect(error.cause == pattern || error.cause == String(expectedTail), "\(c.name)")
        case (.output(let output), _):
            Issue.record("\(c.name): expected failure, got \(output.serialized.prefix(300))")
        case (.failure(let error), _):
            Issue.record("\(c.name): expected success, got \(error)")
        }
    }
}

/// Single-Fail-state machines whose ErrorPath/CausePath are paths or intrinsic functions.
@Suite struct CorpusFailStateTests {
    static let cases: [Corpus.Case] = Corpus.load("cases").filter { c in
        guard case .object(let states)? = c.definition["States"], states.count == 1,
            case .object(let state)? = states.first?.value, state["Type"] == "Fail"
        else { return false }
        return state["ErrorPath"] != nil || state["CausePath"] != nil
    }

    @Test func corpusHasFailStateCases() {
        #expect(Self.cases.count >= 3)
    }

    @Test(arguments: cases)
    func failState(_ c: Corpus.Case) throws {
        guard case .object(let states)? = c.definition["States"], let (name, value) = states.first.map({ ($0.key, $0.value) }),
            case .object(let state) = value
        else { return }
        var random = SeededRandom(seed: 1)
        let env = ExpressionEnvironment(input: c.input, context: Corpus.context(input: c.input, stateName: name))
        if case .string(let text)? = state["ErrorPath"] {
            let error = try DynamicValue(text).evaluate(in: env, fieldName: "ErrorPath", random: &random)
            #expect(error == c.expected["error"], "\(c.name)")
        }
        if case .string(let text)? = state["CausePath"] {
            let cause = try DynamicValue(text).evaluate(in: env, fieldName: "CausePath", random: &random)
            #expect(cause == c.expected["cause"], "\(c.name)")
        }
    }
}
