import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesJSONata
import StatesLanguage

/// A running Standard execution held in memory: its interpreter state (rebuilt by replay after a
/// restart), its row and its pending timers.
struct LiveExecution {
    let interpreter: Interpreter
    var state: ExecutionState
    var record: ExecutionRecord
    /// Pending timers: id → due time on the execution clock.
    var timers: [Int: Int64]
    /// Task invocations the last transitions asked for, not yet carried out.
    var invocations: [TaskRequest] = []
    /// Activity and callback tasks in flight: task id → token.
    var activityTokens: [Int: String] = [:]
    /// `states:startExecution.sync` tasks waiting for their child.
    var nestedTasks: Set<Int> = []
    /// Tasks whose integration call is under way (Lambda, DynamoDB, …).
    var integrationTasks: Set<Int> = []

    /// Whether a task is in flight; in virtual time timers wait until none is (tasks take no time).
    var hasTasksInFlight: Bool { !activityTokens.isEmpty || !nestedTasks.isEmpty || !integrationTasks.isEmpty }
}

/// Compiles each state machine revision once (and lists the activities it names).
struct InterpreterCache {
    private var cache: [String: Interpreter] = [:]
    private var activities: [String: [String]] = [:]

    mutating func interpreter(for revision: StateMachineRecord) throws -> Interpreter {
        let key = "\(revision.arn)#\(revision.revision)"
        if let hit = cache[key] { return hit }
        let machine = try StateMachine(text: revision.definition)
        let interpreter = Interpreter(definition: machine, jsonata: StatesJSONataEngine(definition: machine))
        cache[key] = interpreter
        return interpreter
    }

    /// The activity ARNs the revision's Task states name (nested states included).
    mutating func activityArns(of revision: StateMachineRecord) -> [String] {
        let key = "\(revision.arn)#\(revision.revision)"
        if let hit = activities[key] { return hit }
        var found: Set<String> = []
        var pending: [JSONValue] = [(try? JSONValue(parsing: Array(revision.definition.utf8))) ?? .null]
        while let value = pending.popLast() {
            switch value {
            case .object(let members):
                for (name, member) in members {
                    if name == "Resource", let text = member.stringValue, ActivityTaskRegistry.isActivity(text) {
                        found.insert(text)
                    } else {
                        pending.append(member)
                    }
                }
            case .array(let items): pending.append(contentsOf: items)
            default: break
            }
        }
        let list = found.sorted()
        activities[key] = list
        return list
    }
}
