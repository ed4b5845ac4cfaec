import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesRunner

/// StartExecution, StartSyncExecution, DescribeExecution, StopExecution, ListExecutions,
/// DescribeStateMachineForExecution.
enum ExecutionOperations {
    static let statuses = ["SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING"]

    struct StartRequest {
        var revision: StateMachineRecord
        var version: VersionRecord?
        var aliasArn: String?
        var name: String
        var input: JSONValue
        var inputText: String
    }

    static func startRequest(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> StartRequest {
        let arn = try fields.requiredString("stateMachineArn", min: 1, max: 256)
        let name = try fields.string("name")
        let inputText = try fields.string("input", max: 262_144) ?? "{}"
        _ = try fields.string("traceHeader", max: 256)
        if let name { try ResourceName.validate(name) }
        let input = try ExecutionInput.parse(inputText)
        let (record, version, aliasArn) = try await context.startTarget(arn)
        let deleting: Bool
        if version == nil {
            deleting = record.status == "DELETING"
        } else {
            deleting = try await context.storeCall({ try await context.store.stateMachine(arn: record.arn) })?.status
                == "DELETING"
        }
        if deleting { throw AWSError.stateMachineDeleting(record.arn) }
        return StartRequest(
            revision: record, version: version, aliasArn: aliasArn, name: name ?? RandomID.uuid(), input: input,
            inputText: inputText)
    }

    static func start(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let request = try await startRequest(fields, context)
        var out = JSONObject()
        if request.revision.type == "EXPRESS" {
            let arn = context.location.expressExecutionArn(
                machine: request.revision.name, name: request.name, id: RandomID.uuid())
            let interpreter = try interpreter(request.revision, context)
            let startMs = WallClock.now()
            let express = context.express
            express.events?.register(arn)  // followable from the moment its ARN is answered
            Task {
                _ = await express.run(
                    interpreter: interpreter, revision: request.revision, executionArn: arn, name: request.name,
                    input: request.input, inputText: request.inputText, startMs: startMs)
            }
            out["executionArn"] = .string(arn)
            out["startDate"] = AWSTime.epochSeconds(startMs)
            return .object(out)
        }
        let started = try await context.standard.start(
            revision: request.revision, versionArn: request.version?.arn, aliasArn: request.aliasArn, name: request.name,
            input: request.input, inputText: request.inputText)
        out["executionArn"] = .string(started.executionArn)
        out["startDate"] = AWSTime.epochSeconds(started.startMs)
        return .object(out)
    }

    static func startSync(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let metadataOnly = try fields.enumeration("includedData", allowed: ["ALL_DATA", "METADATA_ONLY"]) == "METADATA_ONLY"
        let request = try await startRequest(fields, context)
        guard request.revision.type == "EXPRESS" else { throw AWSError.stateMachineTypeNotSupported() }
        let arn = context.location.expressExecutionArn(machine: request.revision.name, name: request.name, id: RandomID.uuid())
        let interpreter = try interpreter(request.revision, context)
        let startMs = WallClock.now()
        let result = await context.express.run(
            interpreter: interpreter, revision: request.revision, executionArn: arn, name: request.name,
            input: request.input, inputText: request.inputText, startMs: startMs)
        let stopMs = max(startMs, result.history.last?.timestamp ?? WallClock.now())
        var out = JSONObject()
        out["executionArn"] = .string(arn)
        out["stateMachineArn"] = .string(request.revision.arn)
        out["name"] = .string(request.name)
        out["startDate"] = AWSTime.epochSeconds(startMs)
        out["stopDate"] = AWSTime.epochSeconds(stopMs)
        out["status"] = .string(result.status)
        if metadataOnly {
            out["inputDetails"] = excluded
            out["outputDetails"] = excluded
        } else {
            out["input"] = .string(request.inputText)
            out["inputDetails"] = included
            if let output = result.output { out["output"] = .string(output.serialized) }
            out["outputDetails"] = included
        }
        if let error = result.error { out["error"] = .string(error) }
        if let cause = result.cause { out["cause"] = .string(cause) }
        var billing = JSONObject()
        billing["billedMemoryUsedInMB"] = 64
        billing["billedDurationInMilliseconds"] = .int(Int(max(100, ((stopMs - startMs + 99) / 100) * 100)))
        out["billingDetails"] = .object(billing)
        return .object(out)
    }

    static func describe(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("executionArn", min: 1, max: 256)
        let metadataOnly = try fields.enumeration("includedData", allowed: ["ALL_DATA", "METADATA_ONLY"]) == "METADATA_ONLY"
        let record = try await context.execution(arn)
        var out = JSONObject()
        out["executionArn"] = .string(record.executionArn)
        out["stateMachineArn"] = .string(record.stateMachineArn)
        out["name"] = .string(record.name)
        out["status"] = .string(record.status)
        out["startDate"] = AWSTime.epochSeconds(record.startMs)
        if let stop = record.stopMs { out["stopDate"] = AWSTime.epochSeconds(stop) }
        if let versionArn = record.versionArn { out["stateMachineVersionArn"] = .string(versionArn) }
        if let aliasArn = record.aliasArn { out["stateMachineAliasArn"] = .string(aliasArn) }
        if metadataOnly {
            out["inputDetails"] = excluded
            if record.output != nil { out["outputDetails"] = excluded }
        } else {
            out["input"] = .string(record.input)
            out["inputDetails"] = included
            if let output = record.output {
                out["output"] = .string(output)
                out["outputDetails"] = included
            }
        }
        if let error = record.error { out["error"] = .string(error) }
        if let cause = record.cause { out["cause"] = .string(cause) }
        out["redriveCount"] = 0
        switch record.status {
        case "FAILED", "TIMED_OUT", "ABORTED": out["redriveStatus"] = "REDRIVABLE"
        default:
            out["redriveStatus"] = "NOT_REDRIVABLE"
            out["redriveStatusReason"] = .string("Execution is \(record.status) and cannot be redriven")
        }
        return .object(out)
    }

    static func stop(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("executionArn", min: 1, max: 256)
        let error = try fields.string("error", max: 256)
        let cause = try fields.string("cause", max: 32768)
        _ = try ResourceArn.execution(arn)
        var out = JSONObject()
        if let stopMs = try await context.standard.stop(executionArn: arn, error: error, cause: cause) {
            out["stopDate"] = AWSTime.epochSeconds(stopMs)
            return .object(out)
        }
        let record = try await context.execution(arn)
        out["stopDate"] = AWSTime.epochSeconds(record.stopMs ?? WallClock.now())
        return .object(out)
    }

    static func list(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let machineArn = try fields.string("stateMachineArn", min: 1, max: 256)
        let status = try fields.enumeration("statusFilter", allowed: statuses)
        let page = try PageRequest(fields, tokenMaxLength: 3096)
        let (limit, token) = (page.limit, page.token)
        // No execution is ever redriven here (RedriveExecution is not served yet).
        let onlyRedriven = try fields.enumeration("redriveFilter", allowed: ["REDRIVEN", "NOT_REDRIVEN"]) == "REDRIVEN"
        if try fields.string("mapRunArn", min: 1, max: 2000) != nil {
            throw AWSError("ResourceNotFound", "Resource not found: map runs are not supported yet")
        }
        guard let machineArn else {
            throw AWSError.validation("Must provide a StateMachine ARN or MapRun ARN")
        }
        let (base, qualifier) = try ResourceArn.qualifiedStateMachine(machineArn)
        var aliasArn: String?
        var version: VersionRecord?
        let machine: StateMachineRecord
        if case .alias = qualifier {
            guard try await context.storeCall({ try await context.store.alias(arn: machineArn) }) != nil else {
                throw AWSError("ResourceNotFound", "Resource not found: '\(machineArn)'")
            }
            machine = try await context.stateMachine(base)
            aliasArn = machineArn
        } else {
            (machine, version) = try await context.machineOrVersion(machineArn)
        }
        guard machine.type == "STANDARD" else { throw AWSError.stateMachineTypeNotSupported() }
        let baseArn = machine.arn
        let aliasFilter = aliasArn
        let scope = "\(machineArn)|\(status ?? "")"
        var cursor: (startMs: Int64, arn: String)?
        if let token {
            let text = try context.tokens.cursor(token, operation: "ListExecutions", scope: scope)
            guard let bar = text.firstIndex(of: "|"), let start = Int64(text[..<bar]) else {
                throw AWSError.invalidToken("Invalid token")
            }
            cursor = (start, String(text[text.index(after: bar)...]))
        }
        let after = cursor
        let records = try await context.storeCall {
            try await context.store.listExecutions(
                stateMachineArn: baseArn, versionArn: version?.arn, aliasArn: aliasFilter, status: status, after: after,
                limit: limit + 1)
        }
        var items: [JSONValue] = []
        for record in records.prefix(onlyRedriven ? 0 : limit) {
            var item = JSONObject()
            item["executionArn"] = .string(record.executionArn)
            item["stateMachineArn"] = .string(record.stateMachineArn)
            item["name"] = .string(record.name)
            item["status"] = .string(record.status)
            item["startDate"] = AWSTime.epochSeconds(record.startMs)
            if let stop = record.stopMs { item["stopDate"] = AWSTime.epochSeconds(stop) }
            if let versionArn = record.versionArn { item["stateMachineVersionArn"] = .string(versionArn) }
            if let aliasArn = record.aliasArn { item["stateMachineAliasArn"] = .string(aliasArn) }
            item["redriveCount"] = 0
            items.append(.object(item))
        }
        var out = JSONObject()
        out["executions"] = .array(items)
        if !onlyRedriven, records.count > limit, let last = records.prefix(limit).last {
            out["nextToken"] = .string(
                context.tokens.make(operation: "ListExecutions", scope: scope, cursor: "\(last.startMs)|\(last.executionArn)"))
        }
        return .object(out)
    }

    static func describeStateMachine(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("executionArn", min: 1, max: 256)
        _ = try fields.enumeration("includedData", allowed: ["ALL_DATA", "METADATA_ONLY"])
        let execution = try await context.execution(arn)
        guard
            let revision = try await context.storeCall({
                try await context.store.revision(arn: execution.stateMachineArn, revision: execution.revision)
            })
        else { throw AWSError.executionDoesNotExist(arn) }
        var out = JSONObject()
        out["stateMachineArn"] = .string(revision.arn)
        out["name"] = .string(revision.name)
        out["definition"] = .string(revision.definition)
        out["roleArn"] = .string(revision.roleArn)
        out["updateDate"] = AWSTime.epochSeconds(revision.updatedMs)
        out["loggingConfiguration"] = StateMachineOperations.jsonObject(revision.logging)
        out["tracingConfiguration"] = StateMachineOperations.jsonObject(revision.tracing)
        if let revisionId = revision.revisionId { out["revisionId"] = .string(revisionId) }
        return .object(out)
    }

    static var included: JSONValue { .object(["included": true]) }
    static var excluded: JSONValue { .object(["included": false]) }

    static func interpreter(_ revision: StateMachineRecord, _ context: ServiceContext) throws(AWSError) -> Interpreter {
        do {
            return try context.interpreters.interpreter(for: revision)
        } catch {
            throw AWSError.invalidDefinition("Invalid State Machine Definition: '\(error)'")
        }
    }
}
