import Foundation
import GRDB

/// The durable store: one SQLite database (WAL: one writer, concurrent readers) in the data folder.
///
/// Reads are async and run on reader connections; all writes of executions go through
/// `commit(_:)`, which writes a whole batch of transitions in one transaction.
public final class Store: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating when needed) `DIRECTORY/sluice.sqlite` and migrates it.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("sluice.sqlite")
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try StoreSchema.migrator.migrate(pool)
    }

    // MARK: Meta

    /// A value of the `meta` table, created with `make` on first use.
    public func meta(_ key: String, orInsert make: @Sendable () -> String) throws -> String {
        try pool.write { db in
            if let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) {
                return value
            }
            let value = make()
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
            return value
        }
    }

    // MARK: State machines

    /// Inserts a state machine; returns the existing one instead when its name is taken.
    public func insertStateMachine(_ record: StateMachineRecord) async throws -> StateMachineRecord? {
        try await pool.write { db in
            if let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM state_machines WHERE name = ?", arguments: [record.name])
            {
                return Store.stateMachine(existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO state_machines (arn, name, type, revision, revision_id, definition, role_arn, logging,
                      tracing, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.arn, record.name, record.type, record.revision, record.revisionId, record.definition,
                    record.roleArn, record.logging, record.tracing, record.createdMs, record.updatedMs,
                ])
            try Store.insertRevision(db, record)
            return nil
        }
    }

    static func insertRevision(_ db: Database, _ record: StateMachineRecord) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO state_machine_revisions (state_machine_arn, revision, revision_id, name, type,
                  definition, role_arn, logging, tracing, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.arn, record.revision, record.revisionId, record.name, record.type, record.definition,
                record.roleArn, record.logging, record.tracing, record.updatedMs,
            ])
    }

    public func stateMachine(arn: String) async throws -> StateMachineRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM state_machines WHERE arn = ?", arguments: [arn]).map(Store.stateMachine)
        }
    }

    /// One revision of a state machine (the definition an execution runs).
    public func revision(arn: String, revision: Int) async throws -> StateMachineRecord? {
        try await pool.read { db in
            try Store.revision(db, arn: arn, revision: revision)
        }
    }

    static func revision(_ db: Database, arn: String, revision: Int) throws -> StateMachineRecord? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT r.*, s.created_ms AS sm_created FROM state_machine_revisions r LEFT JOIN state_machines s ON s.arn = r.state_machine_arn WHERE r.state_machine_arn = ? AND r.revision = ?",
                arguments: [arn, revision])
        else { return nil }
        let updated: Int64 = row["updated_ms"]
        return StateMachineRecord(
            arn: row["state_machine_arn"], name: row["name"], type: row["type"], revision: row["revision"],
            revisionId: row["revision_id"], definition: row["definition"], roleArn: row["role_arn"],
            logging: row["logging"], tracing: row["tracing"], createdMs: row["sm_created"] ?? updated, updatedMs: updated)
    }

    /// State machines ordered by name, after `afterName`.
    public func listStateMachines(afterName: String?, limit: Int) async throws -> [StateMachineRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM state_machines WHERE name > ? ORDER BY name LIMIT ?",
                arguments: [afterName ?? "", limit]
            ).map(Store.stateMachine)
        }
    }

    /// Deletes a state machine with its versions, aliases and tags — or, while executions of it
    /// still run, marks it DELETING; the last one to close then deletes it. Revisions stay for the
    /// executions that ran them.
    public func deleteStateMachine(arn: String) async throws {
        try await pool.write { db in
            let running = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM executions WHERE state_machine_arn = ? AND status = 'RUNNING' LIMIT 1",
                arguments: [arn]) ?? false
            if running {
                try db.execute(sql: "UPDATE state_machines SET status = 'DELETING' WHERE arn = ?", arguments: [arn])
            } else {
                try Store.purgeStateMachine(db, arn: arn)
            }
        }
    }

    static func purgeStateMachine(_ db: Database, arn: String) throws {
        try db.execute(sql: "DELETE FROM state_machines WHERE arn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM state_machine_versions WHERE state_machine_arn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM state_machine_aliases WHERE state_machine_arn = ?", arguments: [arn])
        try db.execute(sql: "DELETE FROM tags WHERE resource_arn = ?", arguments: [arn])
    }

    /// Replaces a state machine's row with `record` (a new revision) and records the revision.
    public func updateStateMachine(_ record: StateMachineRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE state_machines SET revision = ?, revision_id = ?, definition = ?, role_arn = ?, logging = ?,
                      tracing = ?, updated_ms = ? WHERE arn = ?
                    """,
                arguments: [
                    record.revision, record.revisionId, record.definition, record.roleArn, record.logging,
                    record.tracing, record.updatedMs, record.arn,
                ])
            try Store.insertRevision(db, record)
        }
    }

    static func stateMachine(_ row: Row) -> StateMachineRecord {
        StateMachineRecord(
            arn: row["arn"], name: row["name"], type: row["type"], revision: row["revision"],
            revisionId: row["revision_id"], definition: row["definition"], roleArn: row["role_arn"],
            logging: row["logging"], tracing: row["tracing"], createdMs: row["created_ms"], updatedMs: row["updated_ms"],
            status: row["status"])
    }

    // MARK: Versions

    /// Publishes the state machine's current revision as a new version — or returns the latest
    /// version when it already is that revision (idempotent). `nil` when the machine is gone.
    public func publishVersion(stateMachineArn: String, description: String?, now: Int64) async throws -> (
        version: VersionRecord, machine: StateMachineRecord
    )? {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM state_machines WHERE arn = ?", arguments: [stateMachineArn])
            else { return nil }
            let machine = Store.stateMachine(row)
            if let latest = try Row.fetchOne(
                db,
                sql: "SELECT * FROM state_machine_versions WHERE state_machine_arn = ? ORDER BY version DESC LIMIT 1",
                arguments: [stateMachineArn]), (latest["revision"] as Int) == machine.revision
            {
                return (Store.version(latest), machine)
            }
            let number: Int = row["next_version"]
            let version = VersionRecord(
                stateMachineArn: stateMachineArn, version: number, revision: machine.revision, description: description,
                createdMs: now)
            try db.execute(
                sql: """
                    INSERT INTO state_machine_versions (state_machine_arn, version, revision, description, created_ms)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [stateMachineArn, number, machine.revision, description, now])
            try db.execute(
                sql: "UPDATE state_machines SET next_version = ? WHERE arn = ?", arguments: [number + 1, stateMachineArn])
            return (version, machine)
        }
    }

    public func version(stateMachineArn: String, version: Int) async throws -> VersionRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM state_machine_versions WHERE state_machine_arn = ? AND version = ?",
                arguments: [stateMachineArn, version]
            ).map(Store.version)
        }
    }

    /// Versions newest first, below `beforeVersion`.
    public func listVersions(stateMachineArn: String, beforeVersion: Int?, limit: Int) async throws -> [VersionRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM state_machine_versions WHERE state_machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ?",
                arguments: [stateMachineArn, beforeVersion ?? Int.max, limit]
            ).map(Store.version)
        }
    }

    public func deleteVersion(stateMachineArn: String, version: Int) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM state_machine_versions WHERE state_machine_arn = ? AND version = ?",
                arguments: [stateMachineArn, version])
        }
    }

    static func version(_ row: Row) -> VersionRecord {
        VersionRecord(
            stateMachineArn: row["state_machine_arn"], version: row["version"], revision: row["revision"],
            description: row["description"], createdMs: row["created_ms"])
    }

    // MARK: Aliases

    /// Inserts an alias; returns the existing one instead when its ARN is taken.
    public func insertAlias(_ record: AliasRecord) async throws -> AliasRecord? {
        try await pool.write { db in
            if let existing = try Row.fetchOne(db, sql: "SELECT * FROM state_machine_aliases WHERE arn = ?", arguments: [record.arn]) {
                return Store.alias(existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO state_machine_aliases (arn, state_machine_arn, name, description, routing, created_ms, updated_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.arn, record.stateMachineArn, record.name, record.description, record.routing, record.createdMs,
                    record.updatedMs,
                ])
            return nil
        }
    }

    public func alias(arn: String) async throws -> AliasRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM state_machine_aliases WHERE arn = ?", arguments: [arn]).map(Store.alias)
        }
    }

    public func aliases(stateMachineArn: String) async throws -> [AliasRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM state_machine_aliases WHERE state_machine_arn = ? ORDER BY name",
                arguments: [stateMachineArn]
            ).map(Store.alias)
        }
    }

    public func updateAlias(_ record: AliasRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE state_machine_aliases SET description = ?, routing = ?, updated_ms = ? WHERE arn = ?",
                arguments: [record.description, record.routing, record.updatedMs, record.arn])
        }
    }

    public func deleteAlias(arn: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM state_machine_aliases WHERE arn = ?", arguments: [arn])
        }
    }

    static func alias(_ row: Row) -> AliasRecord {
        AliasRecord(
            arn: row["arn"], stateMachineArn: row["state_machine_arn"], name: row["name"], description: row["description"],
            routing: row["routing"], createdMs: row["created_ms"], updatedMs: row["updated_ms"])
    }

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

    // MARK: Activities

    /// Inserts an activity; returns the existing one instead when its name is taken.
    public func insertActivity(_ record: ActivityRecord) async throws -> ActivityRecord? {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM activities WHERE name = ?", arguments: [record.name]) {
                return ActivityRecord(arn: row["arn"], name: row["name"], createdMs: row["created_ms"])
            }
            try db.execute(
                sql: "INSERT INTO activities (arn, name, created_ms) VALUES (?, ?, ?)",
                arguments: [record.arn, record.name, record.createdMs])
            return nil
        }
    }

    public func activity(arn: String) async throws -> ActivityRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM activities WHERE arn = ?", arguments: [arn]).map {
                ActivityRecord(arn: $0["arn"], name: $0["name"], createdMs: $0["created_ms"])
            }
        }
    }

    public func deleteActivity(arn: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM activities WHERE arn = ?", arguments: [arn])
            try db.execute(sql: "DELETE FROM tags WHERE resource_arn = ?", arguments: [arn])
        }
    }

    public func listActivities(afterName: String?, limit: Int) async throws -> [ActivityRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM activities WHERE name > ? ORDER BY name LIMIT ?", arguments: [afterName ?? "", limit]
            ).map { ActivityRecord(arn: $0["arn"], name: $0["name"], createdMs: $0["created_ms"]) }
        }
    }

    /// Activity tasks in flight of the running executions, oldest first, for recovery.
    public func taskTokens() throws -> [TaskTokenRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM task_tokens ORDER BY scheduled_ms, token").map {
                TaskTokenRecord(
                    token: $0["token"], executionArn: $0["execution_arn"], taskId: $0["task_id"],
                    activityArn: $0["activity_arn"], input: $0["input"], status: $0["status"],
                    heartbeatSeconds: $0["heartbeat_seconds"], scheduledMs: $0["scheduled_ms"])
            }
        }
    }

    // MARK: Tags

    /// Adds or replaces tags of a resource; refuses (returns false) when it would have more than `limit`.
    public func tag(resourceArn: String, _ tags: [(key: String, value: String)], limit: Int) async throws -> Bool {
        try await pool.write { db in
            let existing = Set(
                try String.fetchAll(db, sql: "SELECT key FROM tags WHERE resource_arn = ?", arguments: [resourceArn]))
            let added = Set(tags.map(\.key)).subtracting(existing)
            guard existing.count + added.count <= limit else { return false }
            for tag in tags {
                try db.execute(
                    sql: """
                        INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
                        ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value
                        """,
                    arguments: [resourceArn, tag.key, tag.value])
            }
            return true
        }
    }

    public func untag(resourceArn: String, keys: [String]) async throws {
        try await pool.write { db in
            for key in keys {
                try db.execute(sql: "DELETE FROM tags WHERE resource_arn = ? AND key = ?", arguments: [resourceArn, key])
            }
        }
    }

    /// A resource's tags in the order they were first set.
    public func tags(resourceArn: String) async throws -> [(key: String, value: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY rowid", arguments: [resourceArn])
                .map { (key: $0["key"], value: $0["value"]) }
        }
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
            // A closed execution is never replayed: drop its journal, pending timers and tasks.
            try Store.cached(db, sql: "DELETE FROM execution_inbox WHERE execution_arn = ?", arguments: [arn])
            try Store.cached(db, sql: "DELETE FROM task_tokens WHERE execution_arn = ?", arguments: [arn])
            try Store.cached(db, sql: "DELETE FROM execution_journal WHERE execution_arn = ?", arguments: [arn])
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
