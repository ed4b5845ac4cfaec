import GRDB

/// A Lambda function's configuration as stored (`$LATEST`; versions and aliases are not kept).
public struct FunctionRecord: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var runtime: String
    public var role: String
    public var handler: String
    public var description: String
    public var timeoutSeconds: Int
    public var memorySizeMB: Int
    /// Environment variables as a JSON object text.
    public var environment: String
    /// Architectures as a JSON array text.
    public var architectures: String
    /// Base64 of the SHA-256 of the deployment package (as AWS reports `CodeSha256`).
    public var codeSha256: String
    public var codeSize: Int64
    /// The absolute folder the code runs from.
    public var codeDirectory: String
    /// True when the code is the user's own folder (run in place, never deleted by Sluice).
    public var codeIsLocal: Bool
    /// A new value with every code or configuration change (AWS's `RevisionId`).
    public var revisionId: String
    public var lastModifiedMs: Int64
    /// Reserved concurrency, if set.
    public var reservedConcurrency: Int?

    public init(
        name: String, arn: String, runtime: String, role: String, handler: String, description: String,
        timeoutSeconds: Int, memorySizeMB: Int, environment: String, architectures: String, codeSha256: String,
        codeSize: Int64, codeDirectory: String, codeIsLocal: Bool, revisionId: String, lastModifiedMs: Int64,
        reservedConcurrency: Int? = nil
    ) {
        self.name = name
        self.arn = arn
        self.runtime = runtime
        self.role = role
        self.handler = handler
        self.description = description
        self.timeoutSeconds = timeoutSeconds
        self.memorySizeMB = memorySizeMB
        self.environment = environment
        self.architectures = architectures
        self.codeSha256 = codeSha256
        self.codeSize = codeSize
        self.codeDirectory = codeDirectory
        self.codeIsLocal = codeIsLocal
        self.revisionId = revisionId
        self.lastModifiedMs = lastModifiedMs
        self.reservedConcurrency = reservedConcurrency
    }
}

/// A function URL's configuration.
public struct FunctionURLRecord: Sendable, Hashable {
    public var functionName: String
    /// AWS_IAM or NONE.
    public var authType: String
    /// BUFFERED or RESPONSE_STREAM.
    public var invokeMode: String
    /// The Cors member as JSON text, if any.
    public var cors: String?
    public var createdMs: Int64
    public var updatedMs: Int64

    public init(functionName: String, authType: String, invokeMode: String, cors: String?, createdMs: Int64, updatedMs: Int64) {
        self.functionName = functionName
        self.authType = authType
        self.invokeMode = invokeMode
        self.cors = cors
        self.createdMs = createdMs
        self.updatedMs = updatedMs
    }
}

/// Lambda functions and their URL configurations.
extension Store {
    /// Every function, by name (the server keeps them in memory).
    public func functions() throws -> [FunctionRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM lambda_functions ORDER BY name").map(Store.function)
        }
    }

    /// Inserts a function; false when the name is taken.
    public func insertFunction(_ record: FunctionRecord) async throws -> Bool {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM lambda_functions WHERE name = ?", arguments: [record.name]) != nil {
                return false
            }
            try Store.writeFunction(db, record, insert: true)
            return true
        }
    }

    /// Replaces a function's row (same name).
    public func updateFunction(_ record: FunctionRecord) async throws {
        try await pool.write { db in try Store.writeFunction(db, record, insert: false) }
    }

    /// Deletes a function and its URL configuration.
    public func deleteFunction(name: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM lambda_functions WHERE name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM lambda_function_urls WHERE function_name = ?", arguments: [name])
        }
    }

    /// Every function URL configuration.
    public func functionURLs() throws -> [FunctionURLRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM lambda_function_urls ORDER BY function_name").map {
                FunctionURLRecord(
                    functionName: $0["function_name"], authType: $0["auth_type"], invokeMode: $0["invoke_mode"],
                    cors: $0["cors"], createdMs: $0["created_ms"], updatedMs: $0["updated_ms"])
            }
        }
    }

    /// Inserts or replaces a function URL configuration.
    public func putFunctionURL(_ record: FunctionURLRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO lambda_function_urls
                      (function_name, auth_type, invoke_mode, cors, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.functionName, record.authType, record.invokeMode, record.cors, record.createdMs, record.updatedMs,
                ])
        }
    }

    public func deleteFunctionURL(functionName: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM lambda_function_urls WHERE function_name = ?", arguments: [functionName])
        }
    }

    private static func writeFunction(_ db: Database, _ r: FunctionRecord, insert: Bool) throws {
        let verb = insert ? "INSERT" : "INSERT OR REPLACE"
        try db.execute(
            sql: """
                \(verb) INTO lambda_functions
                  (name, arn, runtime, role, handler, description, timeout_seconds, memory_size_mb, environment,
                   architectures, code_sha256, code_size, code_directory, code_is_local, revision_id, last_modified_ms,
                   reserved_concurrency)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                r.name, r.arn, r.runtime, r.role, r.handler, r.description, r.timeoutSeconds, r.memorySizeMB,
                r.environment, r.architectures, r.codeSha256, r.codeSize, r.codeDirectory, r.codeIsLocal, r.revisionId,
                r.lastModifiedMs, r.reservedConcurrency,
            ])
    }

    private static func function(_ row: Row) -> FunctionRecord {
        FunctionRecord(
            name: row["name"], arn: row["arn"], runtime: row["runtime"], role: row["role"], handler: row["handler"],
            description: row["description"], timeoutSeconds: row["timeout_seconds"], memorySizeMB: row["memory_size_mb"],
            environment: row["environment"], architectures: row["architectures"], codeSha256: row["code_sha256"],
            codeSize: row["code_size"], codeDirectory: row["code_directory"], codeIsLocal: row["code_is_local"],
            revisionId: row["revision_id"], lastModifiedMs: row["last_modified_ms"],
            reservedConcurrency: row["reserved_concurrency"])
    }
}
