import SluiceAPI
import SluiceJSON
import SluiceStore

/// CreateActivity, DescribeActivity, DeleteActivity, ListActivities, GetActivityTask and the
/// worker reports SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
enum ActivityOperations {
    static func create(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let name = try fields.requiredString("name")
        let tags = try TagOperations.parse(try fields.array("tags") ?? [])
        try ResourceName.validate(name)
        let record = ActivityRecord(arn: context.location.activityArn(name: name), name: name, createdMs: WallClock.now())
        let existing = try await context.storeCall { try await context.store.insertActivity(record) }
        let result = existing ?? record
        if existing == nil { try await TagOperations.apply(tags, to: record.arn, context) }
        var out = JSONObject()
        out["activityArn"] = .string(result.arn)
        out["creationDate"] = AWSTime.epochSeconds(result.createdMs)
        return .object(out)
    }

    static func describe(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let record = try await activity(fields, context)
        var out = JSONObject()
        out["activityArn"] = .string(record.arn)
        out["name"] = .string(record.name)
        out["creationDate"] = AWSTime.epochSeconds(record.createdMs)
        return .object(out)
    }

    static func delete(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("activityArn", min: 1, max: 256)
        _ = try ResourceArn.activity(arn)
        try await context.storeCall { try await context.store.deleteActivity(arn: arn) }
        return .object(JSONObject())
    }

    static func list(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let page = try PageRequest(fields)
        let (limit, token) = (page.limit, page.token)
        let after = try token.map { (t: String) throws(AWSError) -> String in
            try context.tokens.cursor(t, operation: "ListActivities", scope: "")
        }
        let records = try await context.storeCall { try await context.store.listActivities(afterName: after, limit: limit + 1) }
        var items: [JSONValue] = []
        for record in records.prefix(limit) {
            var item = JSONObject()
            item["activityArn"] = .string(record.arn)
            item["name"] = .string(record.name)
            item["creationDate"] = AWSTime.epochSeconds(record.createdMs)
            items.append(.object(item))
        }
        var out = JSONObject()
        out["activities"] = .array(items)
        if records.count > limit, let last = records.prefix(limit).last {
            out["nextToken"] = .string(context.tokens.make(operation: "ListActivities", scope: "", cursor: last.name))
        }
        return .object(out)
    }

    static func getTask(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let worker = try fields.string("workerName", min: 1, max: 80)
        let record = try await activity(fields, context)
        var out = JSONObject()
        if let task = try await context.standard.getActivityTask(
            activityArn: record.arn, workerName: worker, waitMs: context.activityPollMilliseconds)
        {
            out["taskToken"] = .string(task.token)
            out["input"] = .string(task.input)
        }
        return .object(out)
    }

    static func sendSuccess(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let token = try taskToken(fields)
        let text = try fields.requiredString("output", max: 262_144)
        let output: JSONValue
        do {
            output = try JSONValue(parsing: text)
        } catch {
            throw AWSError("InvalidOutput", "Invalid Output: '\(ExecutionInput.describe(error, in: Array(text.utf8)))'")
        }
        try await context.standard.report(token: token, .success(output))
        return .object(JSONObject())
    }

    static func sendFailure(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let token = try taskToken(fields)
        let error = try fields.string("error", max: 256)
        let cause = try fields.string("cause", max: 32768)
        try await context.standard.report(token: token, .failure(error: error, cause: cause))
        return .object(JSONObject())
    }

    static func sendHeartbeat(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let token = try taskToken(fields)
        try await context.standard.report(token: token, .heartbeat)
        return .object(JSONObject())
    }

    private static func taskToken(_ fields: RequestFields) throws(AWSError) -> String {
        try fields.requiredString("taskToken", min: 1, max: 2048)
    }

    private static func activity(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> ActivityRecord {
        let arn = try fields.requiredString("activityArn", min: 1, max: 256)
        _ = try ResourceArn.activity(arn)
        guard let record = try await context.storeCall({ try await context.store.activity(arn: arn) }) else {
            throw AWSError("ActivityDoesNotExist", "Activity Does Not Exist: '\(arn)'")
        }
        return record
    }
}
