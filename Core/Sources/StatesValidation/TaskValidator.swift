import SluiceJSON

/// The Task state's own fields: `Resource`, `Credentials`, timeouts and heartbeats.
enum TaskValidator {
    static func validateField(_ key: String, _ value: JSONValue, scope: StateScope, in context: inout ValidationContext) {
        let at = scope.location.child(key)
        switch key {
        case "Resource":
            if context.expect(.string, value, at: at), case .string(let resource) = value {
                ResourceRules.check(resource, at: at, in: &context)
            }
        case "Credentials":
            validateCredentials(value, scope: scope, at: at, in: &context)
        case "TimeoutSeconds", "HeartbeatSeconds":
            if scope.language == .jsonata, JSONataText.isExpression(value) { return }
            context.expectInteger(value, minimum: 1, maximum: 99_999_999, at: at)
        case "TimeoutSecondsPath", "HeartbeatSecondsPath":
            context.checkPath(value, field: key, allowNull: false, reference: true, at: at)
        default:
            break
        }
    }

    static func validateShape(_ state: JSONObject, scope: StateScope, in context: inout ValidationContext) {
        context.expectAtMostOne(of: ["TimeoutSeconds", "TimeoutSecondsPath"], in: state, at: scope.location)
        context.expectAtMostOne(of: ["HeartbeatSeconds", "HeartbeatSecondsPath"], in: state, at: scope.location)
    }

    /// `Credentials` needs `RoleArn` (or `RoleArn.$` in JSONPath mode); AWS reports nothing else
    /// about the object.
    private static func validateCredentials(
        _ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.object, value, at: location), case .object(let credentials) = value else { return }
        if let roleArn = credentials["RoleArn"] {
            context.expect(.string, roleArn, at: location.child("RoleArn"))
        } else if scope.language == .jsonPath, let dynamic = credentials["RoleArn.$"] {
            context.checkDynamicValue(dynamic, field: "RoleArn.$", at: location)
        } else {
            context.schemaError("The field 'RoleArn' is required but was missing", at: location)
        }
    }
}

/// What AWS accepts in a Task's `Resource`, and what an EXPRESS state machine refuses.
enum ResourceRules {
    /// Optimized integrations whose actions AWS checks at creation; other services are not checked.
    private static let knownActions: [String: Set<String>] = [
        "lambda": ["invoke"],
        "dynamodb": ["getItem", "putItem", "updateItem", "deleteItem"],
        "sns": ["publish"],
        "sqs": ["sendMessage"],
        "events": ["putEvents"],
        "states": ["startExecution"],
        "http": ["invoke"],
    ]

    static func check(_ resource: String, at location: Location, in context: inout ValidationContext) {
        let parts = resource.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn" else {
            notRecognized(resource, at: location, in: &context)
            return
        }
        let service = parts[2]
        if service == "states", parts[3].isEmpty, parts[4].isEmpty, parts.count == 7 {
            checkIntegration(String(parts[5]), String(parts[6]), resource: resource, at: location, in: &context)
        } else if service == "states", parts[5] == "activity", context.machineType == .express {
            context.schemaError("Express state machine does not support Activity ARN", at: location)
        }
    }

    /// `arn:<partition>:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`
    private static func checkIntegration(
        _ service: String, _ actionAndPattern: String, resource: String, at location: Location,
        in context: inout ValidationContext
    ) {
        let action = actionAndPattern.prefix { $0 != "." }
        let pattern = actionAndPattern.dropFirst(action.count)
        if let actions = knownActions[service], !actions.contains(String(action)) {
            notRecognized(resource, at: location, in: &context)
            return
        }
        guard context.machineType == .express else { return }
        if pattern.hasPrefix(".sync") {
            context.schemaError("Express state machine does not support '.sync' service integration", at: location)
        } else if pattern == ".waitForTaskToken" {
            // AWS's message ends with a space.
            context.schemaError("Express state machine does not support '.waitForTaskToken' service integration ",
                at: location)
        }
    }

    private static func notRecognized(_ resource: String, at location: Location, in context: inout ValidationContext) {
        context.schemaError(
            "The resource provided \(resource) is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.",
            at: location)
    }
}
