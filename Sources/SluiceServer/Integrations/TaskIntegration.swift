import SluiceJSON

/// A service that Task states call — Lambda, DynamoDB, … — as the server serves it.
///
/// The engines ask each integration in turn whether it serves a Task's resource (the state's
/// `Resource` without its `.waitForTaskToken` suffix) and, if one does, hand it the call. The call
/// runs outside the engine, for as long as the service takes; its answer becomes the task's
/// result (request-response) or its `TaskSubmitted` output (`.waitForTaskToken`, after which
/// the task waits for SendTaskSuccess/Failure with its token).
protocol TaskIntegration: Sendable {
    /// Whether this integration serves `resource` (e.g. `arn:aws:states:::dynamodb:putItem`).
    func serves(_ resource: String) -> Bool
    /// Carries out one call.
    func call(_ call: TaskCall) async -> TaskCallResult
}

/// One call of a Task state to an integration.
struct TaskCall: Sendable {
    /// The resource without its integration-pattern suffix.
    var resource: String
    /// The effective parameters (Parameters/Arguments evaluated).
    var input: JSONValue
    /// `$$.Task.Token`.
    var taskToken: String
    var executionArn: String
    var stateName: String
    var timeoutSeconds: Int?
}

/// What an integration answers.
enum TaskCallResult: Sendable, Equatable {
    case succeeded(JSONValue)
    /// The error name and cause recorded in `TaskFailed` (or `LambdaFunctionFailed`).
    case failed(error: String, cause: String)
}

/// How a Task state uses its integration, from its resource's suffix.
enum TaskCallPattern: Sendable, Equatable {
    case requestResponse
    case waitForTaskToken
}

/// The integrations a server carries, asked in order.
struct TaskIntegrations: Sendable {
    var integrations: [any TaskIntegration]

    init(_ integrations: [any TaskIntegration] = []) {
        self.integrations = integrations
    }

    static let callbackSuffix = ".waitForTaskToken"

    /// The integration serving a resource, the resource without its suffix, and the pattern.
    typealias Match = (integration: any TaskIntegration, resource: String, pattern: TaskCallPattern)

    /// The integration serving `resource`, the resource without its suffix, and the pattern.
    /// `.sync` resources are left to the engine's own handling (nested executions).
    func match(_ resource: String) -> Match? {
        var base = resource
        var pattern = TaskCallPattern.requestResponse
        if resource.hasSuffix(Self.callbackSuffix) {
            base = String(resource.dropLast(Self.callbackSuffix.count))
            pattern = .waitForTaskToken
        }
        for integration in integrations where integration.serves(base) {
            return (integration, base, pattern)
        }
        return nil
    }
}
