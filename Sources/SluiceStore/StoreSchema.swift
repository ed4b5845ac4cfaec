import GRDB

/// The schema, as GRDB migrations. Never edit a shipped migration: add a new one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

                    CREATE TABLE state_machines (
                      arn TEXT PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      type TEXT NOT NULL,
                      revision INTEGER NOT NULL,          -- internal counter, +1 per update
                      revision_id TEXT,                   -- AWS's revisionId (absent until the first update)
                      definition TEXT NOT NULL,
                      role_arn TEXT NOT NULL,
                      logging TEXT NOT NULL,
                      tracing TEXT NOT NULL,
                      created_ms INTEGER NOT NULL,
                      updated_ms INTEGER NOT NULL);

                    -- Every definition an execution may have started on (executions keep theirs after updates).
                    CREATE TABLE state_machine_revisions (
                      state_machine_arn TEXT NOT NULL,
                      revision INTEGER NOT NULL,
                      revision_id TEXT,
                      name TEXT NOT NULL,
                      type TEXT NOT NULL,
                      definition TEXT NOT NULL,
                      role_arn TEXT NOT NULL,
                      logging TEXT NOT NULL,
                      tracing TEXT NOT NULL,
                      updated_ms INTEGER NOT NULL,
                      PRIMARY KEY (state_machine_arn, revision)) WITHOUT ROWID;

                    -- Standard executions. Their interpreter state is rebuilt by replaying execution_journal.
                    CREATE TABLE executions (
                      execution_arn TEXT PRIMARY KEY,
                      state_machine_arn TEXT NOT NULL,
                      revision INTEGER NOT NULL,
                      name TEXT NOT NULL,
                      status TEXT NOT NULL,
                      input TEXT NOT NULL,
                      output TEXT, error TEXT, cause TEXT,
                      start_ms INTEGER NOT NULL,
                      stop_ms INTEGER,
                      last_now_ms INTEGER NOT NULL,       -- the execution clock (history timestamps never go back)
                      journal_count INTEGER NOT NULL,
                      event_count INTEGER NOT NULL);
                    CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_ms, execution_arn);
                    CREATE INDEX executions_running ON executions (status) WHERE status = 'RUNNING';

                    -- The input events applied to an execution, in order, with the time each was applied.
                    CREATE TABLE execution_journal (
                      execution_arn TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      now_ms INTEGER NOT NULL,
                      event TEXT NOT NULL,
                      PRIMARY KEY (execution_arn, seq)) WITHOUT ROWID;

                    -- Pending input events not yet applied: timers (due_ms on the execution clock).
                    CREATE TABLE execution_inbox (
                      execution_arn TEXT NOT NULL,
                      kind TEXT NOT NULL,                 -- 'timer'
                      timer_id INTEGER NOT NULL,
                      due_ms INTEGER NOT NULL,
                      PRIMARY KEY (execution_arn, kind, timer_id)) WITHOUT ROWID;
                    CREATE INDEX execution_inbox_due ON execution_inbox (due_ms);

                    -- GetExecutionHistory, append-only; `event` is the event in wire shape.
                    CREATE TABLE history_events (
                      execution_arn TEXT NOT NULL,
                      event_id INTEGER NOT NULL,
                      event TEXT NOT NULL,
                      PRIMARY KEY (execution_arn, event_id)) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2-activities") { db in
            try db.execute(
                sql: """
                    CREATE TABLE activities (
                      arn TEXT PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      created_ms INTEGER NOT NULL);

                    -- Activity tasks in flight: SCHEDULED (waiting for a worker) or STARTED.
                    CREATE TABLE task_tokens (
                      token TEXT PRIMARY KEY,
                      execution_arn TEXT NOT NULL,
                      task_id INTEGER NOT NULL,
                      activity_arn TEXT NOT NULL,
                      input TEXT NOT NULL,
                      status TEXT NOT NULL,
                      heartbeat_seconds INTEGER,
                      scheduled_ms INTEGER NOT NULL);
                    CREATE INDEX task_tokens_by_execution ON task_tokens (execution_arn);
                    """)
        }
        migrator.registerMigration("v3-tags") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tags (
                      resource_arn TEXT NOT NULL,
                      key TEXT NOT NULL,
                      value TEXT NOT NULL,
                      UNIQUE (resource_arn, key));
                    """)
        }
        migrator.registerMigration("v4-versions") { db in
            try db.execute(
                sql: """
                    ALTER TABLE state_machines ADD COLUMN next_version INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE executions ADD COLUMN version_arn TEXT;

                    -- Published versions: immutable snapshots of a revision, numbered per state machine.
                    CREATE TABLE state_machine_versions (
                      state_machine_arn TEXT NOT NULL,
                      version INTEGER NOT NULL,
                      revision INTEGER NOT NULL,
                      description TEXT,
                      created_ms INTEGER NOT NULL,
                      PRIMARY KEY (state_machine_arn, version)) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v5-aliases") { db in
            try db.execute(
                sql: """
                    ALTER TABLE executions ADD COLUMN alias_arn TEXT;

                    CREATE TABLE state_machine_aliases (
                      arn TEXT PRIMARY KEY,
                      state_machine_arn TEXT NOT NULL,
                      name TEXT NOT NULL,
                      description TEXT,
                      routing TEXT NOT NULL,              -- routingConfiguration as JSON text
                      created_ms INTEGER NOT NULL,
                      updated_ms INTEGER NOT NULL);
                    CREATE INDEX aliases_by_machine ON state_machine_aliases (state_machine_arn, name);
                    """)
        }
        migrator.registerMigration("v6-nested") { db in
            try db.execute(
                sql: """
                    -- A child started by a parent's states:startExecution.sync task reports back to it.
                    ALTER TABLE executions ADD COLUMN parent_arn TEXT;
                    ALTER TABLE executions ADD COLUMN parent_task_id INTEGER;
                    ALTER TABLE executions ADD COLUMN parent_mode TEXT;
                    """)
        }
        migrator.registerMigration("v7-deleting") { db in
            try db.execute(
                sql: """
                    -- DELETING while executions of a deleted state machine still run.
                    ALTER TABLE state_machines ADD COLUMN status TEXT NOT NULL DEFAULT 'ACTIVE';
                    """)
        }
        migrator.registerMigration("v8-lambda-functions") { db in
            try db.execute(
                sql: """
                    -- Lambda functions ($LATEST only); the code lives under DATA/functions/NAME/ (or the user's folder).
                    CREATE TABLE lambda_functions (
                      name TEXT PRIMARY KEY,
                      arn TEXT NOT NULL,
                      runtime TEXT NOT NULL,
                      role TEXT NOT NULL,
                      handler TEXT NOT NULL,
                      description TEXT NOT NULL,
                      timeout_seconds INTEGER NOT NULL,
                      memory_size_mb INTEGER NOT NULL,
                      environment TEXT NOT NULL,          -- JSON object
                      architectures TEXT NOT NULL,        -- JSON array
                      code_sha256 TEXT NOT NULL,
                      code_size INTEGER NOT NULL,
                      code_directory TEXT NOT NULL,
                      code_is_local INTEGER NOT NULL,
                      revision_id TEXT NOT NULL,
                      last_modified_ms INTEGER NOT NULL,
                      reserved_concurrency INTEGER);

                    CREATE TABLE lambda_function_urls (
                      function_name TEXT PRIMARY KEY,
                      auth_type TEXT NOT NULL,
                      invoke_mode TEXT NOT NULL,
                      cors TEXT,
                      created_ms INTEGER NOT NULL,
                      updated_ms INTEGER NOT NULL);
                    """)
        }
        migrator.registerMigration("v9-dynamodb") { db in
            try db.execute(
                sql: """
                    -- DynamoDB tables: the CreateTable request's schema as JSON text.
                    CREATE TABLE dynamodb_tables (
                      name TEXT PRIMARY KEY,
                      definition TEXT NOT NULL,
                      created_ms INTEGER NOT NULL);

                    -- DynamoDB items; keys in an order-preserving encoding (numbers numerically, strings
                    -- as UTF-8, binary bytewise), so a Query reads one partition in sort-key order.
                    CREATE TABLE dynamodb_items (
                      table_name TEXT NOT NULL,
                      partition_key BLOB NOT NULL,
                      sort_key BLOB NOT NULL,             -- empty for tables without a sort key
                      item TEXT NOT NULL,                 -- the item in DynamoDB JSON
                      size INTEGER NOT NULL,
                      PRIMARY KEY (table_name, partition_key, sort_key)) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v10-dynamodb-indexes") { db in
            try db.execute(
                sql: """
                    -- Entries of DynamoDB secondary indexes: the index key (order-preserving encoding, as
                    -- dynamodb_items) of every item that has the index's key attributes.
                    CREATE TABLE dynamodb_index_items (
                      table_name TEXT NOT NULL,
                      index_name TEXT NOT NULL,
                      partition_key BLOB NOT NULL,
                      sort_key BLOB NOT NULL,
                      item_partition_key BLOB NOT NULL,
                      item_sort_key BLOB NOT NULL,
                      PRIMARY KEY (table_name, index_name, partition_key, sort_key, item_partition_key, item_sort_key))
                      WITHOUT ROWID;
                    CREATE INDEX dynamodb_index_items_by_item ON dynamodb_index_items (table_name, item_partition_key, item_sort_key);
                    """)
        }
        return migrator
    }
}
