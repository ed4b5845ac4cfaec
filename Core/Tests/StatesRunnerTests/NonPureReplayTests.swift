import Foundation
import SluiceJSON
import StatesInterpreter
import StatesLanguage
import StatesRunner
import Testing

/// Replays the recorded task outcomes of the non-pure corpus (Lambda, SQS, DynamoDB, …) through
/// the runner and compares the histories: a check of the Task event shapes and of Retry/Catch
/// around real task results. Set SLUICE_SWEEP_VERBOSE=1 to list mismatches.
@Suite struct NonPureReplayTests {
    /// Hands out the recorded outcomes in order.
    actor Replay {
        var outcomes: [TaskOutcome]
        init(_ outcomes: [TaskOutcome]) { self.outcomes = outcomes }
        func next() -> TaskOutcome { outcomes.isEmpty ? .noAnswer : outcomes.removeFirst() }
    }

    static func outcomes(_ history: [JSONValue]) -> [TaskOutcome] {
        var out: [TaskOutcome] = []
        var submitted: JSONValue?
        for event in history {
            guard case .string(let type)? = event["type"] else { continue }
            let key = type.prefix(1).lowercased() + type.dropFirst() + "EventDetails"
            let details = event[key]
            func text(_ v: JSONValue?) -> String? {
                switch v {
                case .string(let s)?: return s
                case nil, .null?: return nil
                case let other?: return other.serialized
                }
            }
            var outcome: TaskOutcome
            switch type {
            case "TaskSubmitted":
                var output = details?["output"] ?? .null
                if case .string(let s) = output, let parsed = try? JSONValue(parsing: s) { output = parsed }
                submitted = output
                continue
            case "TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded":
                var output = details?["output"] ?? .null
                if case .string(let s) = output, let parsed = try? JSONValue(parsing: s) { output = parsed }
                outcome = .succeeded(output)
            case "TaskFailed", "LambdaFunctionFailed", "ActivityFailed":
                outcome = .failed(error: text(details?["error"]), cause: text(details?["cause"]))
            case "TaskTimedOut", "LambdaFunctionTimedOut", "ActivityTimedOut":
                outcome = .noAnswer
            default: continue
            }
            if let response = submitted {
                outcome = .submitted(response: response, then: outcome)
                submitted = nil
            }
            out.append(outcome)
        }
        return out
    }

    @Test func replay() async throws {
        let verbose = ProcessInfo.processInfo.environment["SLUICE_SWEEP_VERBOSE"] != nil
        let filter = ProcessInfo.processInfo.environment["SLUICE_SWEEP_FILTER"]
        var total = 0
        var pass = 0
        for name in CorpusCase.names(folder: "nonpure") {
            if let filter, !name.contains(filter) { continue }
            guard let c = try? CorpusCase(name, folder: "nonpure"), case .array(let history)? = c.expected["history"]
            else { continue }
            if c.definitionText.contains("JSONata") || c.definitionText.contains("ItemReader") { continue }
            // Lambda ARNs were stubbed in the recording; the history names the function.
            var text = c.definitionText
            if let lambda = history.lazy.compactMap({ $0["lambdaFunctionScheduledEventDetails"]?["resource"]?.stringValue }).first {
                text = text.replacingOccurrences(
                    of: #""Resource": "<stub:[^"]*>""#, with: "\"Resource\": \"\(lambda)\"", options: .regularExpression)
            }
            guard let machine = try? StateMachine(text: text), let input = try? JSONValue(parsing: c.inputText) else {
                continue
            }
            total += 1
            let replay = Replay(NonPureReplayTests.outcomes(history))
            var options = CorpusCase.options
            options.inputText = c.inputText
            let result = await LocalRunner.run(
                definition: machine, input: input, options: options,
                taskHandler: ClosureTaskHandler { _ in await replay.next() })
            let differences = c.differences(result)
            if differences.isEmpty { pass += 1 } else if verbose { print("DIFF \(name)\n  " + differences.joined(separator: "\n  ")) }
        }
        print("replay: \(pass)/\(total) non-pure histories")
        #expect(total == 0 || pass > 0)
    }
}
