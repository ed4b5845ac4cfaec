import GRDB

/// Executions: reads, recovery reads and the transition writes.
extension Store {
    // MARK: Executions

    public func execution(arn: String) async throws -> ExecutionRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM executions WHERE execution_arn = ?", arguments: [arn]).map(Store.execution)
        }
    }

    /// A state machine's executions, newest first, after the cursor (start time, ARN) of the
    /// previous page.
    public func listExecutions(
        stateMachineArn: String, versionArn: String? = nil, aliasArn: String? = nil, status: String?,
        after cursor: (startMs: Int64, arn: String)?, limit: Int
    ) async throws -> [ExecutionRecord] {
        try await pool.read { db in
            var sql = "SELECT * FROM executions WHERE state_machine_arn = ?"
            var arguments: StatementArguments = [stateMachineArn]
            if let aliasArn {
                sql += " AND alias_arn = ?"
                arguments += [aliasArn]
            }
            if let versionArn {
                sql += " AND version_arn = ?"
                arguments += [versionArn]
            }
            if let status {
                sql += " AND status = ?"
                arguments += [status]
            }
            if let cursor {
                sql += " AND (start_ms < ? OR (start_ms = ? AND execution_arn < ?))"
                arguments += [cursor.startMs, cursor.startMs, cursor.arn]
            }
            sql += " ORDER BY start_ms DESC, execution_arn DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Store.execution)
        }
    }

    /// History events as wire JSON text, in id order (or reversed), starting after `afterId`
    /// (before it when reversed).
    public func history(executionArn: String, afterId: Int?, reverse: Bool, limit: Int) async throws -> [(
        id: Int, text: String
    )] {
        try await pool.read { db in
            let rows: [Row]
            if reverse {
                rows = try Row.fetchAll(
                    db,
                    sql: "SELECT event_id, event FROM history_events WHERE execution_arn = ? AND event_id < ? ORDER BY event_id DESC LIMIT ?",
                    arguments: [executionArn, afterId ?? Int.max, limit])
            } else {
                rows = try Row.fetchAll(
                    db,
                    sql: "SELECT event_id, event FROM history_events WHERE execution_arn = ? AND event_id > ? ORDER BY event_id LIMIT ?",
                    arguments: [executionArn, afterId ?? 0, limit])
            }
            return rows.map { (id: $0["event_id"], text: $0["event"]) }
        }
    }

    static func execution(_ row: Row) -> ExecutionRecord {
        ExecutionRecord(
            executionArn: row["execution_arn"], stateMachineArn: row["state_machine_arn"], revision: row["revision"],
            name: row["name"], status: row["status"], input: row["input"], output: row["output"], error: row["error"],
            cause: row["cause"], startMs: row["start_ms"], stopMs: row["stop_ms"], lastNowMs: row["last_now_ms"],
            journalCount: row["journal_count"], eventCount: row["event_count"], versionArn: row["version_arn"],
            aliasArn: row["alias_arn"], parentArn: row["parent_arn"], parentTaskId: row["parent_task_id"],
            parentMode: row["parent_mode"])
    }

    // MARK: Recovery

    /// Every RUNNING execution with its journal and pending timers, for replay at start-up.
    public func runningExecutions() throws -> [(record: ExecutionRecord, journal: [JournalEntry], timers: [TimerRecord])] {
        try pool.read { db in
            let records = try Row.fetchAll(db, sql: "SELECT * FROM executions WHERE status = 'RUNNING'").map(Store.execution)
            return try records.map { record in
                let journal = try Row.fetchAll(
                    db, sql: "SELECT seq, now_ms, event FROM execution_journal WHERE execution_arn = ? ORDER BY seq",
                    arguments: [record.executionArn]
                ).map { JournalEntry(seq: $0["seq"], nowMs: $0["now_ms"], event: $0["event"]) }
                let timers = try Row.fetchAll(
                    db, sql: "SELECT timer_id, due_ms FROM execution_inbox WHERE execution_arn = ? AND kind = 'timer'",
                    arguments: [record.executionArn]
                ).map { TimerRecord(executionArn: record.executionArn, timerId: $0["timer_id"], dueMs: $0["due_ms"]) }
                return (record, journal, timers)
            }
        }
    }

    /// A state machine, read synchronously (the engine starting a nested execution).
    public func stateMachineSync(arn: String) throws -> StateMachineRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM state_machines WHERE arn = ?", arguments: [arn]).map(Store.stateMachine)
        }
    }

    /// Whether an execution exists, read synchronously.
    public func executionExistsSync(arn: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM executions WHERE execution_arn = ?", arguments: [arn]) ?? false
        }
    }

    /// The revision records recovery needs, read synchronously.
    public func revisionSync(arn: String, revision: Int) throws -> StateMachineRecord? {
        try pool.read { db in try Store.revision(db, arn: arn, revision: revision) }
    }

    // MARK: Transitions

    /// Writes a batch of transitions in one transaction (group commit).
    public func commit(_ writes: [TransitionWrite]) async throws {
        try await pool.write { db in
            for write in writes { try Store.apply(write, db) }
        }
    }

    static func apply(_ write: TransitionWrite, _ db: Database) throws {
        if let e = write.insert {
            try Store.cached(db, 
                sql: """
                    INSERT INTO executions (execution_arn, state_machine_arn, revision, name, status, input, output, error,
                      cause, start_ms, stop_ms, last_now_ms, journal_count, event_count, version_arn, alias_arn, parent_arn,
                      parent_task_id, parent_mode)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    e.executionArn, e.stateMachineArn, e.revision, e.name, e.status, e.input, e.output, e.error,
                    e.cause, e.startMs, e.stopMs, e.lastNowMs, e.journalCount, e.eventCount, e.versionArn, e.aliasArn,
                    e.parentArn, e.parentTaskId, e.parentMode,
                ])
        } else {
            let e = write.update
            try Store.cached(db, 
                sql: """
                    UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_ms = ?, last_now_ms = ?,
                      journal_count = ?, event_count = ? WHERE execution_arn = ?
                    """,
                arguments: [
                    e.status, e.output, e.error, e.cause, e.stopMs, e.lastNowMs, e.journalCount, e.eventCount,
                    e.executionArn,
                ])
        }
        let arn = write.update.executionArn
        if write.update.status != "RUNNING" {
            // A closed execution is never replayed: drop its journal, pending timers and tasks
            // (an execution that closes in the write that inserts it has none).
            if write.insert == nil {
                try Store.cached(db, sql: "DELETE FROM execution_inbox WHERE execution_arn = ?", arguments: [arn])
                try Store.cached(db, sql: "DELETE FROM task_tokens WHERE execution_arn = ?", arguments: [arn])
                try Store.cached(db, sql: "DELETE FROM execution_journal WHERE execution_arn = ?", arguments: [arn])
            }
            for event in write.history {
                try Store.cached(db, 
                    sql: "INSERT INTO history_events (execution_arn, event_id, event) VALUES (?, ?, ?)",
                    arguments: [arn, event.id, event.text])
            }
            // The last execution of a DELETING state machine completes its deletion.
            let machine = write.update.stateMachineArn
            if try String.fetchOne(db, sql: "SELECT status FROM state_machines WHERE arn = ?", arguments: [machine])
                == "DELETING",
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM executions WHERE state_machine_arn = ? AND status = 'RUNNING' LIMIT 1",
                    arguments: [machine]) == nil
            {
                try purgeStateMachine(db, arn: machine)
            }
            return
        }
        for entry in write.journal {
            try Store.cached(db, 
                sql: "INSERT INTO execution_journal (execution_arn, seq, now_ms, event) VALUES (?, ?, ?, ?)",
                arguments: [arn, entry.seq, entry.nowMs, entry.event])
        }
        for event in write.history {
            try Store.cached(db, 
                sql: "INSERT INTO history_events (execution_arn, event_id, event) VALUES (?, ?, ?)",
                arguments: [arn, event.id, event.text])
        }
        for timer in write.timersRemoved {
            try Store.cached(db, 
                sql: "DELETE FROM execution_inbox WHERE execution_arn = ? AND kind = 'timer' AND timer_id = ?",
                arguments: [arn, timer])
        }
        for token in write.tokensAdded {
            try Store.cached(db, 
                sql: """
                    INSERT OR REPLACE INTO task_tokens (token, execution_arn, task_id, activity_arn, input, status,
                      heartbeat_seconds, scheduled_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.token, token.executionArn, token.taskId, token.activityArn, token.input, token.status,
                    token.heartbeatSeconds, token.scheduledMs,
                ])
        }
        for token in write.tokensStarted {
            try Store.cached(db, sql: "UPDATE task_tokens SET status = 'STARTED' WHERE token = ?", arguments: [token])
        }
        for token in write.tokensRemoved {
            try Store.cached(db, sql: "DELETE FROM task_tokens WHERE token = ?", arguments: [token])
        }
        for timer in write.timersAdded {
            try Store.cached(db, 
                sql: "INSERT OR REPLACE INTO execution_inbox (execution_arn, kind, timer_id, due_ms) VALUES (?, 'timer', ?, ?)",
                arguments: [arn, timer.timerId, timer.dueMs])
        }
    }
    /// Runs a statement through GRDB's statement cache (transitions repeat the same few statements).
    static func cached(_ db: Database, sql: String, arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
