import Foundation
import GRDB
import Synchronization

/// The durable store: one SQLite database (WAL: one writer, concurrent readers) in the data folder.
///
/// Reads are async and run on reader connections; all writes of executions go through
/// `commit(_:)`, which writes a whole batch of transitions in one transaction.
public final class Store: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    /// ACTIVE state machines by ARN, read once (StartExecution reads its machine on every call).
    let machineCache = Mutex(StateMachineCache())

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
}

/// ACTIVE state machine rows, kept in memory. Every write of a state machine row invalidates it;
/// a read that raced with such a write does not fill it (the generation moved on).
struct StateMachineCache: Sendable {
    private var records: [String: StateMachineRecord] = [:]
    private(set) var generation = 0

    func record(_ arn: String) -> StateMachineRecord? { records[arn] }

    mutating func fill(_ record: StateMachineRecord, readAt generation: Int) {
        guard generation == self.generation, record.status == "ACTIVE" else { return }
        records[record.arn] = record
    }

    mutating func invalidate(_ arn: String) {
        records[arn] = nil
        generation += 1
    }
}
