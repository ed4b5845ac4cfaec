import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesJSONata
import StatesLanguage
import StatesValidation

/// CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine,
/// ListStateMachines, ValidateStateMachineDefinition.
enum StateMachineOperations {
    static let defaultLogging = #"{"level":"OFF","includeExecutionData":false}"#
    static let defaultTracing = #"{"enabled":false}"#

    static func create(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let name = try fields.requiredString("name")
        let definition = try fields.requiredString("definition", min: 1, max: 1_048_576)
        let roleArn = try fields.requiredString("roleArn", min: 1, max: 256)
        let typeText = try fields.enumeration("type", allowed: ["STANDARD", "EXPRESS"]) ?? "STANDARD"
        let logging = try loggingText(fields)
        let tracing = try tracingText(fields)
        let publish = try fields.bool("publish") ?? false
        let versionDescription = try fields.string("versionDescription", max: 256)
        try checkVersionDescription(versionDescription, publish: publish)
        let tags = try TagOperations.parse(try fields.array("tags") ?? [])
        try ResourceName.validate(name)
        try checkRoleArn(roleArn)
        let type: StateMachineType = typeText == "EXPRESS" ? .express : .standard
        try validate(definition: definition, type: type)

        let now = WallClock.now()
        let record = StateMachineRecord(
            arn: context.location.stateMachineArn(name: name), name: name, type: typeText, revision: 0, revisionId: nil,
            definition: definition, roleArn: roleArn, logging: logging ?? defaultLogging,
            tracing: tracing ?? defaultTracing, createdMs: now, updatedMs: now)
        let existing = try await context.storeCall { try await context.store.insertStateMachine(record) }
        if let existing {
            if existing.status == "DELETING" { throw AWSError.stateMachineDeleting(existing.arn) }
            // Idempotent when name, definition, type, logging and tracing match; a different
            // roleArn is ignored, as on AWS.
            guard existing.definition == record.definition, existing.type == record.type,
                existing.logging == record.logging, existing.tracing == record.tracing
            else { throw AWSError.stateMachineAlreadyExists(existing.arn) }
            let version = publish ? try await publishVersion(existing.arn, description: versionDescription, context) : nil
            return created(existing, version: version)
        }
        try await TagOperations.apply(tags, to: record.arn, context)
        let version = publish ? try await publishVersion(record.arn, description: versionDescription, context) : nil
        return created(record, version: version)
    }

    private static func created(_ record: StateMachineRecord, version: VersionRecord?) -> JSONValue {
        var out = JSONObject()
        out["stateMachineArn"] = .string(record.arn)
        out["creationDate"] = AWSTime.epochSeconds(record.createdMs)
        if let version { out["stateMachineVersionArn"] = .string(version.arn) }
        return .object(out)
    }

    static func checkVersionDescription(_ description: String?, publish: Bool) throws(AWSError) {
        if description != nil, !publish {
            throw AWSError.validation("Version description can only be set when publish is true")
        }
    }

    static func publishVersion(_ machineArn: String, description: String?, _ context: ServiceContext) async throws(AWSError)
        -> VersionRecord
    {
        guard
            let published = try await context.storeCall({
                try await context.store.publishVersion(stateMachineArn: machineArn, description: description, now: WallClock.now())
            })
        else { throw AWSError.stateMachineDoesNotExist(machineArn) }
        return published.version
    }

    static func describe(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineArn", min: 1, max: 256)
        _ = try fields.enumeration("includedData", allowed: ["ALL_DATA", "METADATA_ONLY"])
        let (record, version) = try await context.machineOrVersion(arn)
        var out = JSONObject()
        out["stateMachineArn"] = .string(version?.arn ?? record.arn)
        out["name"] = .string(record.name)
        out["status"] = .string(record.status)
        out["definition"] = .string(record.definition)
        out["roleArn"] = .string(record.roleArn)
        out["type"] = .string(record.type)
        out["creationDate"] = AWSTime.epochSeconds(record.createdMs)
        out["loggingConfiguration"] = jsonObject(record.logging)
        out["tracingConfiguration"] = jsonObject(record.tracing)
        if let revisionId = record.revisionId { out["revisionId"] = .string(revisionId) }
        if let description = version?.description { out["description"] = .string(description) }
        return .object(out)
    }

    static func update(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineArn", min: 1, max: 256)
        let definition = try fields.string("definition", min: 1, max: 1_048_576)
        let roleArn = try fields.string("roleArn", min: 1, max: 256)
        let logging = try loggingText(fields)
        let tracing = try tracingText(fields)
        let publish = try fields.bool("publish") ?? false
        let versionDescription = try fields.string("versionDescription", max: 256)
        _ = try ResourceArn.stateMachine(arn)
        try checkVersionDescription(versionDescription, publish: publish)
        if definition == nil, roleArn == nil, logging == nil, tracing == nil {
            throw AWSError.missingRequiredParameter(
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified"
            )
        }
        if let roleArn { try checkRoleArn(roleArn) }
        var record = try await context.stateMachine(arn)
        if record.status == "DELETING" { throw AWSError.stateMachineDeleting(arn) }
        if let definition {
            try validate(definition: definition, type: record.type == "EXPRESS" ? .express : .standard)
        }
        let changed =
            (definition.map { $0 != record.definition } ?? false) || (roleArn.map { $0 != record.roleArn } ?? false)
            || (logging.map { $0 != record.logging } ?? false) || (tracing.map { $0 != record.tracing } ?? false)
        let now = WallClock.now()
        if changed {
            record.definition = definition ?? record.definition
            record.roleArn = roleArn ?? record.roleArn
            record.logging = logging ?? record.logging
            record.tracing = tracing ?? record.tracing
            record.revision += 1
            record.revisionId = RandomID.uuid()
            record.updatedMs = now
            let updated = record
            try await context.storeCall { try await context.store.updateStateMachine(updated) }
        }
        var out = JSONObject()
        out["updateDate"] = AWSTime.epochSeconds(changed ? now : record.updatedMs)
        if let revisionId = record.revisionId { out["revisionId"] = .string(revisionId) }
        if publish {
            let version = try await publishVersion(record.arn, description: versionDescription, context)
            out["stateMachineVersionArn"] = .string(version.arn)
        }
        return .object(out)
    }

    static func delete(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineArn", min: 1, max: 256)
        _ = try ResourceArn.stateMachine(arn)
        try await context.storeCall { try await context.store.deleteStateMachine(arn: arn) }
        return .object(JSONObject())
    }

    static func list(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let page = try PageRequest(fields)
        let (limit, token) = (page.limit, page.token)
        let after = try token.map { (t: String) throws(AWSError) -> String in
            try context.tokens.cursor(t, operation: "ListStateMachines", scope: "")
        }
        let records = try await context.storeCall {
            try await context.store.listStateMachines(afterName: after, limit: limit + 1)
        }
        var items: [JSONValue] = []
        for record in records.prefix(limit) {
            var item = JSONObject()
            item["stateMachineArn"] = .string(record.arn)
            item["name"] = .string(record.name)
            item["type"] = .string(record.type)
            item["creationDate"] = AWSTime.epochSeconds(record.createdMs)
            items.append(.object(item))
        }
        var out = JSONObject()
        out["stateMachines"] = .array(items)
        if records.count > limit, let last = records.prefix(limit).last {
            out["nextToken"] = .string(context.tokens.make(operation: "ListStateMachines", scope: "", cursor: last.name))
        }
        return .object(out)
    }

    static func validateDefinition(_ fields: RequestFields, _ context: ServiceContext) throws(AWSError) -> JSONValue {
        let definition = try fields.requiredString("definition", min: 1, max: 1_048_576)
        let typeText = try fields.enumeration("type", allowed: ["STANDARD", "EXPRESS"]) ?? "STANDARD"
        let severityText = try fields.enumeration("severity", allowed: ["ERROR", "WARNING"]) ?? "ERROR"
        let maxResults = try fields.int("maxResults", min: 0, max: 100) ?? 0
        let diagnostics = DefinitionValidator.validate(
            text: definition, type: typeText == "EXPRESS" ? .express : .standard, jsonata: JSONataSyntax.checker)
        return DefinitionValidator.validationResponse(
            diagnostics, severity: severityText == "WARNING" ? .warning : .error, maxResults: maxResults)
    }

    // MARK: Versions

    static func publish(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineArn", min: 1, max: 256)
        let revisionId = try fields.string("revisionId")
        let description = try fields.string("description", max: 256)
        let machine = try await context.stateMachine(arn)
        if let revisionId, revisionId != (machine.revisionId ?? "") {
            throw AWSError(
                "ConflictException",
                "Failed to publish the State Machine version for revision \(revisionId). The current State Machine revision is \(machine.revisionId ?? "null").",
                status: 409)
        }
        let version = try await publishVersion(arn, description: description, context)
        var out = JSONObject()
        out["creationDate"] = AWSTime.epochSeconds(version.createdMs)
        out["stateMachineVersionArn"] = .string(version.arn)
        return .object(out)
    }

    static func listVersions(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineArn", min: 1, max: 256)
        let page = try PageRequest(fields)
        let (limit, token) = (page.limit, page.token)
        _ = try await context.stateMachine(arn)
        var before: Int?
        if let token {
            guard let v = Int(try context.tokens.cursor(token, operation: "ListStateMachineVersions", scope: arn)) else {
                throw AWSError.invalidToken("Invalid token")
            }
            before = v
        }
        let cursor = before
        let versions = try await context.storeCall {
            try await context.store.listVersions(stateMachineArn: arn, beforeVersion: cursor, limit: limit + 1)
        }
        var items: [JSONValue] = []
        for version in versions.prefix(limit) {
            var item = JSONObject()
            item["stateMachineVersionArn"] = .string(version.arn)
            item["creationDate"] = AWSTime.epochSeconds(version.createdMs)
            items.append(.object(item))
        }
        var out = JSONObject()
        out["stateMachineVersions"] = .array(items)
        if versions.count > limit, let last = versions.prefix(limit).last {
            out["nextToken"] = .string(
                context.tokens.make(operation: "ListStateMachineVersions", scope: arn, cursor: String(last.version)))
        }
        return .object(out)
    }

    static func deleteVersion(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineVersionArn", min: 1, max: 2000)
        let (machineArn, number) = try ResourceArn.stateMachineOrVersion(arn)
        guard let number else { throw AWSError.invalidArn("Invalid ARN format: \(arn)") }
        let holders = try await AliasOperations.referencing(arn, machineArn: machineArn, context)
        if !holders.isEmpty {
            throw AWSError(
                "ConflictException",
                "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [\(holders.joined(separator: ", "))]",
                status: 409)
        }
        try await context.storeCall { try await context.store.deleteVersion(stateMachineArn: machineArn, version: number) }
        return .object(JSONObject())
    }

    // MARK: Helpers

    /// Refuses a definition AWS refuses (`InvalidDefinition` with its diagnostics), and one the
    /// engine cannot run.
    static func validate(definition: String, type: StateMachineType) throws(AWSError) {
        let diagnostics = DefinitionValidator.validate(text: definition, type: type, jsonata: JSONataSyntax.checker)
        guard DefinitionValidator.isValid(diagnostics) else {
            throw AWSError.invalidDefinition(DefinitionValidator.invalidDefinitionMessage(diagnostics))
        }
        do {
            _ = try StateMachine(text: definition)
        } catch {
            throw AWSError.invalidDefinition("Invalid State Machine Definition: '\(error.message)'")
        }
    }

    static func checkRoleArn(_ arn: String) throws(AWSError) {
        guard arn.hasPrefix("arn:") else { throw AWSError.invalidArn("Invalid ARN prefix: \(arn)") }
    }

    static func loggingText(_ fields: RequestFields) throws(AWSError) -> String? {
        guard let given = try fields.object("loggingConfiguration") else { return nil }
        var out = JSONObject()
        let level = given["level"]?.stringValue ?? "OFF"
        guard ["ALL", "ERROR", "FATAL", "OFF"].contains(level) else {
            throw AWSError.constraint(
                field: "loggingConfiguration.level", value: level,
                "Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]")
        }
        out["level"] = .string(level)
        out["includeExecutionData"] = .bool(given["includeExecutionData"]?.boolValue ?? false)
        if let destinations = given["destinations"], case .array(let list) = destinations, !list.isEmpty {
            out["destinations"] = destinations
        }
        return JSONValue.object(out).serialized
    }

    static func tracingText(_ fields: RequestFields) throws(AWSError) -> String? {
        guard let given = try fields.object("tracingConfiguration") else { return nil }
        var out = JSONObject()
        out["enabled"] = .bool(given["enabled"]?.boolValue ?? false)
        return JSONValue.object(out).serialized
    }

    static func jsonObject(_ text: String) -> JSONValue {
        (try? JSONValue(parsing: text)) ?? .object(JSONObject())
    }
}
