import GRDB

/// Activities, activity tasks in flight, and tags.
extension Store {
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

    /// Whether an activity exists, read synchronously (the engine starting an execution).
    public func activityExistsSync(arn: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM activities WHERE arn = ?", arguments: [arn]) ?? false
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
}
