import SluiceAPI
import SluiceJSON

/// Routes one AWS JSON 1.0 request (`X-Amz-Target: AWSStepFunctions.<Operation>`) to its operation
/// and renders the answer: the response body, or an `AWSError`.
struct Dispatcher: Sendable {
    let context: ServiceContext
    /// `DynamoDB_20120810.*` requests on the same port go here.
    var dynamoDB: DynamoDBAdapter? = nil

    static let targetPrefix = "AWSStepFunctions."

    /// The operations served, by name.
    static let operations: Set<String> = [
        "CreateStateMachine", "DescribeStateMachine", "UpdateStateMachine", "DeleteStateMachine", "ListStateMachines",
        "ValidateStateMachineDefinition", "StartExecution", "StartSyncExecution", "DescribeExecution", "StopExecution",
        "ListExecutions", "GetExecutionHistory", "DescribeStateMachineForExecution", "CreateActivity", "DescribeActivity",
        "DeleteActivity", "ListActivities", "GetActivityTask", "SendTaskSuccess", "SendTaskFailure", "SendTaskHeartbeat",
        "TagResource", "UntagResource", "ListTagsForResource", "PublishStateMachineVersion", "ListStateMachineVersions",
        "DeleteStateMachineVersion", "CreateStateMachineAlias", "DescribeStateMachineAlias", "UpdateStateMachineAlias",
        "DeleteStateMachineAlias", "ListStateMachineAliases",
    ]

    func handle(target: String?, body: [UInt8]) async -> Result<[UInt8], AWSError> {
        if let dynamoDB, let target, target.hasPrefix(DynamoDBAdapter.targetPrefix) {
            return await dynamoDB.handle(target: target, body: body)
        }
        guard let target, target.hasPrefix(Self.targetPrefix) else {
            return .failure(AWSError.unknownOperation(target))
        }
        let operation = String(target.dropFirst(Self.targetPrefix.count))
        guard Self.operations.contains(operation) else { return .failure(AWSError.unknownOperation(target)) }
        do {
            let fields = try RequestFields(body: body)
            return .success(try await run(operation, fields))
        } catch {
            return .failure(error)
        }
    }

    private func run(_ operation: String, _ fields: RequestFields) async throws(AWSError) -> [UInt8] {
        let c = context
        switch operation {
        case "CreateStateMachine": return try await StateMachineOperations.create(fields, c).serializedBytes
        case "DescribeStateMachine": return try await StateMachineOperations.describe(fields, c).serializedBytes
        case "UpdateStateMachine": return try await StateMachineOperations.update(fields, c).serializedBytes
        case "DeleteStateMachine": return try await StateMachineOperations.delete(fields, c).serializedBytes
        case "ListStateMachines": return try await StateMachineOperations.list(fields, c).serializedBytes
        case "ValidateStateMachineDefinition": return try StateMachineOperations.validateDefinition(fields, c).serializedBytes
        case "StartExecution": return try await ExecutionOperations.start(fields, c).serializedBytes
        case "StartSyncExecution": return try await ExecutionOperations.startSync(fields, c).serializedBytes
        case "DescribeExecution": return try await ExecutionOperations.describe(fields, c).serializedBytes
        case "StopExecution": return try await ExecutionOperations.stop(fields, c).serializedBytes
        case "ListExecutions": return try await ExecutionOperations.list(fields, c).serializedBytes
        case "GetExecutionHistory": return try await HistoryOperations.history(fields, c)
        case "DescribeStateMachineForExecution":
            return try await ExecutionOperations.describeStateMachine(fields, c).serializedBytes
        case "CreateActivity": return try await ActivityOperations.create(fields, c).serializedBytes
        case "DescribeActivity": return try await ActivityOperations.describe(fields, c).serializedBytes
        case "DeleteActivity": return try await ActivityOperations.delete(fields, c).serializedBytes
        case "ListActivities": return try await ActivityOperations.list(fields, c).serializedBytes
        case "GetActivityTask": return try await ActivityOperations.getTask(fields, c).serializedBytes
        case "SendTaskSuccess": return try await ActivityOperations.sendSuccess(fields, c).serializedBytes
        case "SendTaskFailure": return try await ActivityOperations.sendFailure(fields, c).serializedBytes
        case "SendTaskHeartbeat": return try await ActivityOperations.sendHeartbeat(fields, c).serializedBytes
        case "PublishStateMachineVersion": return try await StateMachineOperations.publish(fields, c).serializedBytes
        case "ListStateMachineVersions": return try await StateMachineOperations.listVersions(fields, c).serializedBytes
        case "DeleteStateMachineVersion": return try await StateMachineOperations.deleteVersion(fields, c).serializedBytes
        case "CreateStateMachineAlias": return try await AliasOperations.create(fields, c).serializedBytes
        case "DescribeStateMachineAlias": return try await AliasOperations.describe(fields, c).serializedBytes
        case "UpdateStateMachineAlias": return try await AliasOperations.update(fields, c).serializedBytes
        case "DeleteStateMachineAlias": return try await AliasOperations.delete(fields, c).serializedBytes
        case "ListStateMachineAliases": return try await AliasOperations.list(fields, c).serializedBytes
        case "TagResource": return try await TagOperations.tag(fields, c).serializedBytes
        case "UntagResource": return try await TagOperations.untag(fields, c).serializedBytes
        case "ListTagsForResource": return try await TagOperations.list(fields, c).serializedBytes
        default: throw AWSError.unknownOperation(operation)
        }
    }

    /// An error's body: `{"__type": "namespace#Code", "message": "…"}`.
    static func errorBody(_ error: AWSError) -> [UInt8] {
        var o = JSONObject()
        o["__type"] = .string(error.typeName)
        o["message"] = .string(error.message)
        return JSONValue.object(o).serializedBytes
    }
}
