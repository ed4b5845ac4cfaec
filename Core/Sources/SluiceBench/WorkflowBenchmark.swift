import SluiceJSON
import StatesInterpreter
import StatesJSONata
import StatesLanguage

/// State transitions per second of the pure interpreter on one core: the workflow runs start to
/// finish in this thread (virtual time, no tasks), history events included.
enum WorkflowBenchmark {
    static func passChain(_ arguments: [String]) -> Int32 {
        let n = option("--states", in: arguments) ?? 100
        return run(name: "pass-chain (\(n) Pass states, Parameters + ResultPath)", Workloads.passChain(n), arguments)
    }

    static func map(_ arguments: [String]) -> Int32 {
        let n = option("--items", in: arguments) ?? 10_000
        // More than 25,000 history events: an Express execution, which has no history quota.
        return run(name: "map (inline, \(n) items)", Workloads.inlineMap(n), arguments, express: true)
    }

    static func choiceLoop(_ arguments: [String]) -> Int32 {
        let n = option("--iterations", in: arguments) ?? 1000
        return run(name: "choice-loop (\(n) iterations)", Workloads.choiceLoop(n), arguments)
    }

    static func option(_ name: String, in arguments: [String]) -> Int? {
        guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
        return Int(arguments[i + 1])
    }

    static func run(
        name: String, _ workload: (definition: JSONValue, input: JSONValue), _ arguments: [String],
        jsonata: Bool = false, express: Bool = false
    ) -> Int32 {
        let machine: StateMachine
        do {
            machine = try StateMachine(definition: workload.definition)
        } catch {
            print("\(name): definition refused: \(error)")
            return 1
        }
        let interpreter = Interpreter(definition: machine, jsonata: jsonata ? StatesJSONataEngine(definition: machine) : nil)
        let metadata = ExecutionMetadata(
            executionArn: express
                ? "arn:aws:states:us-east-1:123456789012:express:bench:run:00000000-0000-4000-8000-000000000000"
                : "arn:aws:states:us-east-1:123456789012:execution:bench:run",
            executionName: "run", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:bench",
            stateMachineName: "bench", roleArn: "arn:aws:iam::123456789012:role/bench", startTime: 0)
        let runs = option("--runs", in: arguments) ?? 5
        // --serialize-history: also write every history event's wire text once, inside the timed
        // loop, as a consumer that stores or sends the history does.
        let serializeHistory = arguments.contains("--serialize-history")
        // --history-via-json: serialise through the event's `JSONValue` (`json.serializedBytes`)
        // instead of its direct writer (`serializedBytes`), for comparison.
        let viaJSON = arguments.contains("--history-via-json")
        var historyBytes = 0
        var best = Double.infinity
        var transitions = 0
        var events = 0
        var status = ""
        for _ in 0..<max(1, runs) {
            let clock = ContinuousClock()
            var state = ExecutionState()
            var count = 0
            var eventCount = 0
            let elapsed = clock.measure {
                var now: Int64 = 0
                var timers: [Int: Int64] = [:]
                var result = interpreter.apply(
                    .start(input: workload.input, inputText: nil, metadata: metadata, seed: 1), to: &state, now: now)
                while true {
                    eventCount += result.events.count
                    for e in result.events where isStateEntered(e.type) { count += 1 }
                    if serializeHistory {
                        for e in result.events {
                            historyBytes &+= viaJSON ? e.json.serializedBytes.count : e.serializedBytes.count
                        }
                    }
                    for effect in result.effects {
                        if case .startTimer(let id, let due) = effect { timers[id] = due }
                        if case .cancelTimer(let id) = effect { timers[id] = nil }
                    }
                    guard !state.isClosed, let next = timers.min(by: { ($0.value, $0.key) < ($1.value, $1.key) })
                    else { break }
                    timers[next.key] = nil
                    now = max(now, next.value)
                    result = interpreter.apply(.timerFired(timerId: next.key), to: &state, now: now)
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
            transitions = count
            events = eventCount
            status = state.status.rawValue
        }
        let rate = Double(transitions) / best
        print(
            "\(name)\(serializeHistory ? " + history serialised (\(historyBytes / max(1, runs)) bytes/run)" : ""): "
                + "\(status), \(transitions) transitions, \(events) history events, best of \(runs): "
                + "\(formatted(best * 1000)) ms → \(formatted(rate)) transitions/s")
        return status == "SUCCEEDED" ? 0 : 1
    }

    /// Whether an event is a state transition (a `…StateEntered` event), without string work
    /// that would be timed with the interpreter.
    static func isStateEntered(_ type: HistoryEventType) -> Bool {
        switch type {
        case .passStateEntered, .taskStateEntered, .choiceStateEntered, .waitStateEntered, .succeedStateEntered,
            .failStateEntered, .parallelStateEntered, .mapStateEntered:
            true
        default: false
        }
    }

    static func formatted(_ x: Double) -> String {
        if x >= 100 { return String(Int(x.rounded())) }
        let scaled = (x * 100).rounded() / 100
        return String(scaled)
    }
}
