import GRDB
import Synchronization

/// State machines, their revisions, versions and aliases.
extension Store {
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
        let (cached, generation) = machineCache.withLock { ($0.record(arn), $0.generation) }
        if let cached { return cached }
        let record = try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM state_machines WHERE arn = ?", arguments: [arn]).map(Store.stateMachine)
        }
        if let record { machineCache.withLock { $0.fill(record, readAt: generation) } }
        return record
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
        defer { machineCache.withLock { $0.invalidate(arn) } }
        machineCache.withLock { $0.invalidate(arn) }
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
        defer { machineCache.withLock { $0.invalidate(record.arn) } }
        machineCache.withLock { $0.invalidate(record.arn) }
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
}
