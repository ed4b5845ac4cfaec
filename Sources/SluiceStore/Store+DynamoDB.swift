import Foundation
import GRDB

/// A DynamoDB table: its name, its schema (the CreateTable request's members, JSON text) and when it
/// was created.
public struct DynamoDBTableRecord: Sendable, Hashable {
    public var name: String
    public var definition: String
    public var createdMs: Int64

    public init(name: String, definition: String, createdMs: Int64) {
        self.name = name
        self.definition = definition
        self.createdMs = createdMs
    }
}

/// One stored item: its encoded key and the item as DynamoDB JSON text; read through a secondary
/// index, also the index key it was found at.
public struct DynamoDBItemRow: Sendable, Hashable {
    public var partitionKey: [UInt8]
    public var sortKey: [UInt8]
    public var item: String
    public var size: Int
    public var indexPartitionKey: [UInt8]?
    public var indexSortKey: [UInt8]?

    public init(
        partitionKey: [UInt8], sortKey: [UInt8], item: String, size: Int, indexPartitionKey: [UInt8]? = nil,
        indexSortKey: [UInt8]? = nil
    ) {
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.item = item
        self.size = size
        self.indexPartitionKey = indexPartitionKey
        self.indexSortKey = indexSortKey
    }
}

/// An item's entry in one secondary index.
public struct DynamoDBIndexKey: Sendable, Hashable {
    public var index: String
    public var partitionKey: [UInt8]
    public var sortKey: [UInt8]

    public init(index: String, partitionKey: [UInt8], sortKey: [UInt8]) {
        self.index = index
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }
}

/// What a conditional write decided to do with the item.
public enum DynamoDBItemWrite: Sendable {
    /// Store the item (DynamoDB JSON) with its entries in the table's secondary indexes.
    case put(item: String, size: Int, indexKeys: [DynamoDBIndexKey] = [])
    case delete
    case keep
}

/// A range of encoded sort keys (bounds are bytewise).
public struct DynamoDBKeyRange: Sendable, Hashable {
    public var lower: [UInt8]?
    public var lowerInclusive: Bool
    public var upper: [UInt8]?
    public var upperInclusive: Bool

    public init(lower: [UInt8]? = nil, lowerInclusive: Bool = true, upper: [UInt8]? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }
}

/// DynamoDB tables and items (`dynamodb_tables`, `dynamodb_items`).
extension Store {
    /// Creates a table; false when the name is taken.
    public func dynamoDBCreateTable(_ record: DynamoDBTableRecord) async throws -> Bool {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM dynamodb_tables WHERE name = ?", arguments: [record.name]) != nil {
                return false
            }
            try db.execute(
                sql: "INSERT INTO dynamodb_tables (name, definition, created_ms) VALUES (?, ?, ?)",
                arguments: [record.name, record.definition, record.createdMs])
            return true
        }
    }

    public func dynamoDBTable(name: String) async throws -> DynamoDBTableRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dynamodb_tables WHERE name = ?", arguments: [name]).map {
                DynamoDBTableRecord(name: $0["name"], definition: $0["definition"], createdMs: $0["created_ms"])
            }
        }
    }

    /// Replaces a table's schema text (UpdateTable, UpdateTimeToLive); false when there is no such table.
    public func dynamoDBUpdateTable(name: String, definition: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE dynamodb_tables SET definition = ? WHERE name = ?", arguments: [definition, name])
            return db.changesCount > 0
        }
    }

    /// Replaces a table's schema and rebuilds one secondary index from every item of the table
    /// (`entry` gives an item's key in the index, `nil` when it is not in it), in one transaction.
    /// False when there is no such table.
    public func dynamoDBReindex(
        table: String, definition: String, index: String, _ entry: @escaping @Sendable (String) throws -> DynamoDBIndexKey?
    ) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE dynamodb_tables SET definition = ? WHERE name = ?", arguments: [definition, table])
            guard db.changesCount > 0 else { return false }
            try db.execute(
                sql: "DELETE FROM dynamodb_index_items WHERE table_name = ? AND index_name = ?", arguments: [table, index])
            let rows = try Row.fetchCursor(
                db, sql: "SELECT partition_key, sort_key, item FROM dynamodb_items WHERE table_name = ?", arguments: [table])
            var entries: [(key: DynamoDBIndexKey, pk: Data, sk: Data)] = []
            while let row = try rows.next() {
                if let key = try entry(row["item"]) { entries.append((key, row["partition_key"], row["sort_key"])) }
            }
            for e in entries {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO dynamodb_index_items
                          (table_name, index_name, partition_key, sort_key, item_partition_key, item_sort_key)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [table, index, Data(e.key.partitionKey), Data(e.key.sortKey), e.pk, e.sk])
            }
            return true
        }
    }

    /// Table names after `afterName`, in name order.
    public func dynamoDBTableNames(afterName: String?, limit: Int) async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM dynamodb_tables WHERE name > ? ORDER BY name LIMIT ?",
                arguments: [afterName ?? "", limit])
        }
    }

    /// Item count and total size of a table.
    public func dynamoDBTableStatistics(name: String) async throws -> (itemCount: Int, sizeBytes: Int) {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM dynamodb_items WHERE table_name = ?",
                arguments: [name])
            return (row?["n"] ?? 0, row?["bytes"] ?? 0)
        }
    }

    /// Deletes a table and its items; answers the deleted table, `nil` when there was none.
    public func dynamoDBDeleteTable(name: String) async throws -> DynamoDBTableRecord? {
        try await pool.write { db in
            guard
                let record = try Row.fetchOne(db, sql: "SELECT * FROM dynamodb_tables WHERE name = ?", arguments: [name]).map({
                    DynamoDBTableRecord(name: $0["name"], definition: $0["definition"], createdMs: $0["created_ms"])
                })
            else { return nil }
            try db.execute(sql: "DELETE FROM dynamodb_items WHERE table_name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM dynamodb_index_items WHERE table_name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM dynamodb_tables WHERE name = ?", arguments: [name])
            return record
        }
    }

    /// One item by its encoded key.
    public func dynamoDBItem(table: String, partitionKey: [UInt8], sortKey: [UInt8]) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT item FROM dynamodb_items WHERE table_name = ? AND partition_key = ? AND sort_key = ?",
                arguments: [table, Data(partitionKey), Data(sortKey)])
        }
    }

    /// Reads the item at a key and writes what `decide` makes of it, in one transaction (so a
    /// condition is checked against the item it replaces). `nil` when the table does not exist.
    public func dynamoDBWriteItem<Outcome: Sendable>(
        table: String, partitionKey: [UInt8], sortKey: [UInt8],
        _ decide: @escaping @Sendable (String?) throws -> (DynamoDBItemWrite, Outcome)
    ) async throws -> Outcome? {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM dynamodb_tables WHERE name = ?", arguments: [table]) != nil else {
                return nil
            }
            let pk = Data(partitionKey)
            let sk = Data(sortKey)
            let existing = try String.fetchOne(
                db,
                sql: "SELECT item FROM dynamodb_items WHERE table_name = ? AND partition_key = ? AND sort_key = ?",
                arguments: [table, pk, sk])
            let (write, outcome) = try decide(existing)
            try Self.apply(write, db, table: table, pk: pk, sk: sk)
            return outcome
        }
    }

    /// Items at several keys (`nil` where there is none), read in one transaction.
    public func dynamoDBItems(_ keys: [(table: String, partitionKey: [UInt8], sortKey: [UInt8])]) async throws -> [String?] {
        try await pool.read { db in
            try keys.map { key in
                try String.fetchOne(
                    db,
                    sql: "SELECT item FROM dynamodb_items WHERE table_name = ? AND partition_key = ? AND sort_key = ?",
                    arguments: [key.table, Data(key.partitionKey), Data(key.sortKey)])
            }
        }
    }

    /// A transaction over several items (TransactWriteItems): reads them all, lets `decide` say
    /// what becomes of each (it may throw to cancel everything), writes them all. `nil` when one
    /// of the tables does not exist.
    public func dynamoDBTransact<Outcome: Sendable>(
        _ keys: [(table: String, partitionKey: [UInt8], sortKey: [UInt8])],
        _ decide: @escaping @Sendable ([String?]) throws -> ([DynamoDBItemWrite], Outcome)
    ) async throws -> Outcome? {
        try await pool.write { db in
            var existing: [String?] = []
            for key in keys {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM dynamodb_tables WHERE name = ?", arguments: [key.table]) != nil
                else { return nil }
                existing.append(
                    try String.fetchOne(
                        db,
                        sql: "SELECT item FROM dynamodb_items WHERE table_name = ? AND partition_key = ? AND sort_key = ?",
                        arguments: [key.table, Data(key.partitionKey), Data(key.sortKey)]))
            }
            let (writes, outcome) = try decide(existing)
            for (key, write) in zip(keys, writes) {
                try Self.apply(write, db, table: key.table, pk: Data(key.partitionKey), sk: Data(key.sortKey))
            }
            return outcome
        }
    }

    /// Up to `limit` items of one partition within `range`, in sort-key order (descending when
    /// `forward` is false), strictly after `startAfter` in that order.
    public func dynamoDBQuery(
        table: String, partitionKey: [UInt8], range: DynamoDBKeyRange, forward: Bool, startAfter: [UInt8]?, limit: Int
    ) async throws -> [DynamoDBItemRow] {
        var sql = "SELECT * FROM dynamodb_items WHERE table_name = ? AND partition_key = ?"
        var arguments: StatementArguments = [table, Data(partitionKey)]
        range.appendConditions(on: "sort_key", to: &sql, &arguments)
        if let startAfter {
            sql += forward ? " AND sort_key > ?" : " AND sort_key < ?"
            arguments += [Data(startAfter)]
        }
        sql += forward ? " ORDER BY sort_key ASC LIMIT ?" : " ORDER BY sort_key DESC LIMIT ?"
        arguments += [limit]
        let query = sql
        let args = arguments
        return try await pool.read { db in try Row.fetchAll(db, sql: query, arguments: args).map(Self.dynamoDBItemRow) }
    }

    /// Up to `limit` items of a table in key order, strictly after `startAfter`.
    public func dynamoDBScan(table: String, startAfter: (partitionKey: [UInt8], sortKey: [UInt8])?, limit: Int) async throws
        -> [DynamoDBItemRow]
    {
        try await pool.read { db in
            if let startAfter {
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM dynamodb_items WHERE table_name = ? AND (partition_key, sort_key) > (?, ?)
                        ORDER BY partition_key, sort_key LIMIT ?
                        """,
                    arguments: [table, Data(startAfter.partitionKey), Data(startAfter.sortKey), limit]
                ).map(Self.dynamoDBItemRow)
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM dynamodb_items WHERE table_name = ? ORDER BY partition_key, sort_key LIMIT ?",
                arguments: [table, limit]
            ).map(Self.dynamoDBItemRow)
        }
    }

    /// Up to `limit` items of one partition of a secondary index within `range`, in index order
    /// (index sort key, then the item's key), strictly after `startAfter` in that order.
    public func dynamoDBQueryIndex(
        table: String, index: String, partitionKey: [UInt8], range: DynamoDBKeyRange, forward: Bool,
        startAfter: (sortKey: [UInt8], itemPartitionKey: [UInt8], itemSortKey: [UInt8])?, limit: Int
    ) async throws -> [DynamoDBItemRow] {
        var sql = """
            SELECT x.partition_key AS index_partition_key, x.sort_key AS index_sort_key, i.partition_key, i.sort_key,
                   i.item, i.size
            FROM dynamodb_index_items x JOIN dynamodb_items i
              ON i.table_name = x.table_name AND i.partition_key = x.item_partition_key AND i.sort_key = x.item_sort_key
            WHERE x.table_name = ? AND x.index_name = ? AND x.partition_key = ?
            """
        var arguments: StatementArguments = [table, index, Data(partitionKey)]
        range.appendConditions(on: "x.sort_key", to: &sql, &arguments)
        if let s = startAfter {
            sql += forward
                ? " AND (x.sort_key, x.item_partition_key, x.item_sort_key) > (?, ?, ?)"
                : " AND (x.sort_key, x.item_partition_key, x.item_sort_key) < (?, ?, ?)"
            arguments += [Data(s.sortKey), Data(s.itemPartitionKey), Data(s.itemSortKey)]
        }
        sql += forward
            ? " ORDER BY x.sort_key, x.item_partition_key, x.item_sort_key LIMIT ?"
            : " ORDER BY x.sort_key DESC, x.item_partition_key DESC, x.item_sort_key DESC LIMIT ?"
        arguments += [limit]
        let query = sql
        let args = arguments
        return try await pool.read { db in try Row.fetchAll(db, sql: query, arguments: args).map(Self.dynamoDBItemRow) }
    }

    /// Up to `limit` entries of a secondary index in index order, strictly after `startAfter`.
    public func dynamoDBScanIndex(
        table: String, index: String,
        startAfter: (partitionKey: [UInt8], sortKey: [UInt8], itemPartitionKey: [UInt8], itemSortKey: [UInt8])?, limit: Int
    ) async throws -> [DynamoDBItemRow] {
        var sql = """
            SELECT x.partition_key AS index_partition_key, x.sort_key AS index_sort_key, i.partition_key, i.sort_key,
                   i.item, i.size
            FROM dynamodb_index_items x JOIN dynamodb_items i
              ON i.table_name = x.table_name AND i.partition_key = x.item_partition_key AND i.sort_key = x.item_sort_key
            WHERE x.table_name = ? AND x.index_name = ?
            """
        var arguments: StatementArguments = [table, index]
        if let s = startAfter {
            sql += " AND (x.partition_key, x.sort_key, x.item_partition_key, x.item_sort_key) > (?, ?, ?, ?)"
            arguments += [Data(s.partitionKey), Data(s.sortKey), Data(s.itemPartitionKey), Data(s.itemSortKey)]
        }
        sql += " ORDER BY x.partition_key, x.sort_key, x.item_partition_key, x.item_sort_key LIMIT ?"
        arguments += [limit]
        let query = sql
        let args = arguments
        return try await pool.read { db in try Row.fetchAll(db, sql: query, arguments: args).map(Self.dynamoDBItemRow) }
    }

    /// Writes what was decided for one item: the item row and its index entries.
    static func apply(_ write: DynamoDBItemWrite, _ db: Database, table: String, pk: Data, sk: Data) throws {
        if case .keep = write { return }
        try db.execute(
            sql: "DELETE FROM dynamodb_index_items WHERE table_name = ? AND item_partition_key = ? AND item_sort_key = ?",
            arguments: [table, pk, sk])
        switch write {
        case .put(let item, let size, let indexKeys):
            for key in indexKeys {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO dynamodb_index_items
                          (table_name, index_name, partition_key, sort_key, item_partition_key, item_sort_key)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [table, key.index, Data(key.partitionKey), Data(key.sortKey), pk, sk])
            }
            try db.execute(
                sql: """
                    INSERT INTO dynamodb_items (table_name, partition_key, sort_key, item, size) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (table_name, partition_key, sort_key) DO UPDATE SET item = excluded.item, size = excluded.size
                    """,
                arguments: [table, pk, sk, item, size])
        case .delete:
            try db.execute(
                sql: "DELETE FROM dynamodb_items WHERE table_name = ? AND partition_key = ? AND sort_key = ?",
                arguments: [table, pk, sk])
        case .keep:
            break
        }
    }

    static func dynamoDBItemRow(_ row: Row) -> DynamoDBItemRow {
        let pk: Data = row["partition_key"]
        let sk: Data = row["sort_key"]
        let ipk: Data? = row["index_partition_key"]
        let isk: Data? = row["index_sort_key"]
        return DynamoDBItemRow(
            partitionKey: Array(pk), sortKey: Array(sk), item: row["item"], size: row["size"], indexPartitionKey: ipk.map { Array($0) },
            indexSortKey: isk.map { Array($0) })
    }
}

extension DynamoDBKeyRange {
    /// ` AND column >= ? AND column < ?`-style bounds of the range on a sort-key column.
    func appendConditions(on column: String, to sql: inout String, _ arguments: inout StatementArguments) {
        if let lower {
            sql += lowerInclusive ? " AND \(column) >= ?" : " AND \(column) > ?"
            arguments += [Data(lower)]
        }
        if let upper {
            sql += upperInclusive ? " AND \(column) <= ?" : " AND \(column) < ?"
            arguments += [Data(upper)]
        }
    }
}
