/// A state machine as stored (one revision of it when read from `state_machine_revisions`).
public struct StateMachineRecord: Sendable, Hashable {
    public var arn: String
    public var name: String
    public var type: String
    public var revision: Int
    public var revisionId: String?
    public var definition: String
    public var roleArn: String
    /// loggingConfiguration and tracingConfiguration as JSON text.
    public var logging: String
    public var tracing: String
    public var createdMs: Int64
    public var updatedMs: Int64
    /// ACTIVE, or DELETING once deleted while executions still run.
    public var status: String

    public init(
        arn: String, name: String, type: String, revision: Int, revisionId: String?, definition: String, roleArn: String,
        logging: String, tracing: String, createdMs: Int64, updatedMs: Int64, status: String = "ACTIVE"
    ) {
        self.status = status
        self.arn = arn
        self.name = name
        self.type = type
        self.revision = revision
        self.revisionId = revisionId
        self.definition = definition
        self.roleArn = roleArn
        self.logging = logging
        self.tracing = tracing
        self.createdMs = createdMs
        self.updatedMs = updatedMs
    }
}

/// A Standard execution's row.
public struct ExecutionRecord: Sendable, Hashable {
    public var executionArn: String
    public var stateMachineArn: String
    public var revision: Int
    public var name: String
    public var status: String
    public var input: String
    public var output: String?
    public var error: String?
    public var cause: String?
    public var startMs: Int64
    public var stopMs: Int64?
    public var lastNowMs: Int64
    public var journalCount: Int
    public var eventCount: Int
    /// The version ARN the execution was started with, if any.
    public var versionArn: String?
    /// The alias ARN the execution was started with, if any.
    public var aliasArn: String?
    /// The execution waiting for this one (`states:startExecution.sync`), its task and the mode
    /// (`sync` or `sync:2`).
    public var parentArn: String?
    public var parentTaskId: Int?
    public var parentMode: String?

    public init(
        executionArn: String, stateMachineArn: String, revision: Int, name: String, status: String, input: String,
        output: String? = nil, error: String? = nil, cause: String? = nil, startMs: Int64, stopMs: Int64? = nil,
        lastNowMs: Int64, journalCount: Int, eventCount: Int, versionArn: String? = nil, aliasArn: String? = nil,
        parentArn: String? = nil, parentTaskId: Int? = nil, parentMode: String? = nil
    ) {
        self.parentArn = parentArn
        self.parentTaskId = parentTaskId
        self.parentMode = parentMode
        self.versionArn = versionArn
        self.aliasArn = aliasArn
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.revision = revision
        self.name = name
        self.status = status
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.startMs = startMs
        self.stopMs = stopMs
        self.lastNowMs = lastNowMs
        self.journalCount = journalCount
        self.eventCount = eventCount
    }
}

/// One applied input event of the journal.
public struct JournalEntry: Sendable, Hashable {
    public var seq: Int
    public var nowMs: Int64
    /// The input event as JSON text (see the server's codec).
    public var event: String

    public init(seq: Int, nowMs: Int64, event: String) {
        self.seq = seq
        self.nowMs = nowMs
        self.event = event
    }
}

/// A pending timer of an execution.
public struct TimerRecord: Sendable, Hashable {
    public var executionArn: String
    public var timerId: Int
    public var dueMs: Int64

    public init(executionArn: String, timerId: Int, dueMs: Int64) {
        self.executionArn = executionArn
        self.timerId = timerId
        self.dueMs = dueMs
    }
}

/// Everything one transition (or several of one execution) writes, committed together.
public struct TransitionWrite: Sendable {
    /// Inserted when the execution starts.
    public var insert: ExecutionRecord?
    /// The row's new values (status, output, clock, counters); always present.
    public var update: ExecutionRecord
    public var journal: [JournalEntry] = []
    /// History events: (id, wire JSON text).
    public var history: [(id: Int, text: String)] = []
    public var timersAdded: [TimerRecord] = []
    public var timersRemoved: [Int] = []
    public var tokensAdded: [TaskTokenRecord] = []
    public var tokensStarted: [String] = []
    public var tokensRemoved: [String] = []

    public init(insert: ExecutionRecord?, update: ExecutionRecord) {
        self.insert = insert
        self.update = update
    }
}

/// An activity task in flight.
public struct TaskTokenRecord: Sendable, Hashable {
    public var token: String
    public var executionArn: String
    public var taskId: Int
    public var activityArn: String
    /// The task's input as JSON text.
    public var input: String
    /// SCHEDULED or STARTED.
    public var status: String
    public var heartbeatSeconds: Int?
    public var scheduledMs: Int64

    public init(
        token: String, executionArn: String, taskId: Int, activityArn: String, input: String, status: String,
        heartbeatSeconds: Int?, scheduledMs: Int64
    ) {
        self.token = token
        self.executionArn = executionArn
        self.taskId = taskId
        self.activityArn = activityArn
        self.input = input
        self.status = status
        self.heartbeatSeconds = heartbeatSeconds
        self.scheduledMs = scheduledMs
    }
}

/// An activity.
public struct ActivityRecord: Sendable, Hashable {
    public var arn: String
    public var name: String
    public var createdMs: Int64

    public init(arn: String, name: String, createdMs: Int64) {
        self.arn = arn
        self.name = name
        self.createdMs = createdMs
    }
}

/// A published version of a state machine.
public struct VersionRecord: Sendable, Hashable {
    public var stateMachineArn: String
    public var version: Int
    public var revision: Int
    public var description: String?
    public var createdMs: Int64

    public init(stateMachineArn: String, version: Int, revision: Int, description: String?, createdMs: Int64) {
        self.stateMachineArn = stateMachineArn
        self.version = version
        self.revision = revision
        self.description = description
        self.createdMs = createdMs
    }

    /// `…:stateMachine:NAME:N`
    public var arn: String { "\(stateMachineArn):\(version)" }
}

/// An alias: a name routing executions to one or two versions by weight.
public struct AliasRecord: Sendable, Hashable {
    public var arn: String
    public var stateMachineArn: String
    public var name: String
    public var description: String?
    /// routingConfiguration as JSON text: `[{"stateMachineVersionArn": …, "weight": …}]`.
    public var routing: String
    public var createdMs: Int64
    public var updatedMs: Int64

    public init(
        arn: String, stateMachineArn: String, name: String, description: String?, routing: String, createdMs: Int64,
        updatedMs: Int64
    ) {
        self.arn = arn
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.description = description
        self.routing = routing
        self.createdMs = createdMs
        self.updatedMs = updatedMs
    }
}
