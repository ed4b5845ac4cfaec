import SluiceJSON
import StatesInterpreter
import StatesLanguage
import Testing

/// `HistoryEvent.serialized` writes the event directly; it must be exactly `json.serialized`.
@Suite struct HistoryEventTextTests {
    /// Runs `definition` to the end (timers fire in order, tasks succeed with `taskOutput` or fail
    /// with an error and cause full of characters JSON escapes) and returns every history event.
    func history(_ definition: String, input: JSONValue, failTasks: Bool = false) throws -> [HistoryEvent] {
        let interpreter = Interpreter(definition: try StateMachine(text: definition))
        var state = ExecutionState()
        var now: Int64 = 1_000_123
        var result = interpreter.apply(
            .start(input: input, inputText: nil, metadata: InterpreterTests.metadata, seed: 7), to: &state, now: now)
        var events: [HistoryEvent] = []
        var timers: [Int: Int64] = [:]
        var rounds = 0
        while rounds < 10_000 {
            rounds += 1
            events += result.events
            var taskInput: InputEvent?
            for effect in result.effects {
                switch effect {
                case .startTimer(let id, let due): timers[id] = due
                case .cancelTimer(let id): timers[id] = nil
                case .invokeTask(let request):
                    taskInput = failTasks
                        ? .taskFailed(taskId: request.taskId, error: "Err\"or", cause: "line 1\nline \"2\" \\ \u{1} é 😀")
                        : .taskSucceeded(taskId: request.taskId, output: ["echo": request.input, "note": "a\tb"])
                default: break
                }
            }
            if state.isClosed { break }
            if let taskInput {
                now += 1_001
                result = interpreter.apply(taskInput, to: &state, now: now)
                continue
            }
            guard let next = timers.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { break }
            timers[next.key] = nil
            now = max(now, next.value)
            result = interpreter.apply(.timerFired(timerId: next.key), to: &state, now: now)
        }
        return events
    }

    func expectSameText(_ events: [HistoryEvent]) {
        #expect(!events.isEmpty)
        for event in events {
            #expect(event.serialized == event.json.serialized, "event \(event.id) \(event.type)")
            #expect(event.serializedBytes == event.json.serializedBytes)
        }
    }

    static let awkwardInput: JSONValue = [
        "text": "quote \" backslash \\ newline \n tab \t control \u{1} \u{1F} é 😀 / \u{2028}",
        "n": 1.5, "big": 12345678901234, "list": [true, false, nil, -0.0, 1e300], "nested": ["a": ["b": "c"]],
    ]

    @Test func passChoiceWaitAndSucceed() throws {
        let definition = """
            {"StartAt":"P","States":{
             "P":{"Type":"Pass","Parameters":{"v.$":"$.text","k":"x\\"y"},"ResultPath":"$.last","Next":"C"},
             "C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"W"}],"Default":"F"},
             "W":{"Type":"Wait","Seconds":2,"Next":"S"},
             "S":{"Type":"Succeed"},
             "F":{"Type":"Fail","Error":"E","Cause":"no"}}}
            """
        expectSameText(try history(definition, input: HistoryEventTextTests.awkwardInput))
    }

    @Test func tasksMapParallelAndFailures() throws {
        let definition = """
            {"StartAt":"M","States":{
             "M":{"Type":"Map","ItemsPath":"$.list","ItemProcessor":{"StartAt":"I","States":{
               "I":{"Type":"Pass","End":true}}},"ResultPath":"$.mapped","Next":"Par"},
             "Par":{"Type":"Parallel","Branches":[
               {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:eu-west-1:123456789012:function:f","End":true}}},
               {"StartAt":"Q","States":{"Q":{"Type":"Pass","Result":{"r":"\\u0007"},"End":true}}}],
             "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Fail"}],"End":true},
             "Fail":{"Type":"Fail","Error":"Caught","CausePath":"$.Cause"}}}
            """
        let succeeded = try history(definition, input: HistoryEventTextTests.awkwardInput)
        #expect(succeeded.contains { $0.type == .lambdaFunctionSucceeded } && succeeded.contains { $0.type == .mapStateExited })
        expectSameText(succeeded)
        let failed = try history(definition, input: HistoryEventTextTests.awkwardInput, failTasks: true)
        #expect(failed.contains { $0.type == .lambdaFunctionFailed } && failed.last?.type == .executionFailed)
        expectSameText(failed)
    }

    @Test func eventsWithoutDetailsAndFractionalTimestamps() {
        let bare = HistoryEvent(id: 3, previousEventId: 2, timestamp: 1_700_000_000_123, type: .parallelStateStarted,
                                details: nil)
        let built = HistoryEvent(id: 4, previousEventId: 3, timestamp: 1_700_000_001_000, type: .executionFailed,
                                 details: ["error": "E\"", "cause": "c\n"])
        expectSameText([bare, built])
        #expect(bare.serialized
            == #"{"timestamp":1.700000000123E9,"type":"ParallelStateStarted","id":3,"previousEventId":2}"#)
    }
}
