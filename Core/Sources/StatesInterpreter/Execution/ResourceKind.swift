/// How a Task's `Resource` shows in the history: which event family and which names.
enum ResourceKind: Sendable, Hashable {
    /// An optimised or AWS SDK integration, `arn:aws:states:::TYPE:ACTION[.pattern]`:
    /// `Task*` events with `resourceType` and `resource`.
    case service(resourceType: String, resource: String, pattern: IntegrationPattern)
    /// A Lambda function ARN used directly: `LambdaFunction*` events.
    case lambdaFunction
    /// An activity ARN: `Activity*` events; the task starts when a worker picks it up.
    case activity

    enum IntegrationPattern: Sendable, Hashable {
        case requestResponse
        case sync
        case callback
    }

    init(resource: String) {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        // arn : partition : service : region : account : rest…
        if parts.count >= 6, parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty {
            let rest = parts[5...].map(String.init)
            // `aws-sdk:SERVICE:ACTION` has a two-part type; `states:startExecution.sync:2` a colon
            // in its action.
            let typeParts = rest.first == "aws-sdk" ? 2 : 1
            let type = rest.prefix(typeParts).joined(separator: ":")
            let action = rest.dropFirst(typeParts).joined(separator: ":")
            let pattern: IntegrationPattern =
                action.hasSuffix(".waitForTaskToken") ? .callback : (action.contains(".sync") ? .sync : .requestResponse)
            self = .service(resourceType: type, resource: action, pattern: pattern)
        } else if parts.count >= 6, parts[2] == "states", parts[5] == "activity" {
            self = .activity
        } else if parts.count >= 6, parts[2] == "lambda" {
            self = .lambdaFunction
        } else {
            let action = parts.last.map(String.init) ?? resource
            self = .service(resourceType: "unknown", resource: action, pattern: .requestResponse)
        }
    }

    /// Whether `$$.Task.Token` is available and the task waits for a token or job after submission.
    var usesToken: Bool {
        switch self {
        case .service(_, _, let pattern): pattern != .requestResponse
        case .activity: true
        case .lambdaFunction: false
        }
    }
}
