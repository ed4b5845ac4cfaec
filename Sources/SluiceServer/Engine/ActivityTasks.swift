/// An activity task in flight: scheduled for a worker, or started by one.
struct ActivityTask: Sendable {
    var token: String
    var executionArn: String
    var taskId: Int
    var activityArn: String
    /// The task's input as JSON text (GetActivityTask's `input`).
    var input: String
    var started: Bool
    var heartbeatSeconds: Int?
    /// When (wall time) the worker's next heartbeat is due, if heartbeats are watched.
    var heartbeatDeadline: Int64?
}

/// The activity tasks in flight, by token, and the queue of each activity (oldest first).
struct ActivityTaskRegistry {
    private(set) var byToken: [String: ActivityTask] = [:]
    private var queues: [String: [String]] = [:]

    mutating func schedule(_ task: ActivityTask) {
        byToken[task.token] = task
        if !task.started { queues[task.activityArn, default: []].append(task.token) }
    }

    /// The oldest scheduled task of the activity, taken off its queue.
    mutating func next(for activityArn: String) -> ActivityTask? {
        while var queue = queues[activityArn], !queue.isEmpty {
            let token = queue.removeFirst()
            queues[activityArn] = queue.isEmpty ? nil : queue
            if let task = byToken[token], !task.started { return task }
        }
        return nil
    }

    mutating func update(_ task: ActivityTask) { byToken[task.token] = task }

    @discardableResult
    mutating func remove(_ token: String) -> ActivityTask? { byToken.removeValue(forKey: token) }

    /// Whether a Task resource is an activity ARN (`arn:PARTITION:states:REGION:ACCOUNT:activity:NAME`).
    static func isActivity(_ resource: String) -> Bool {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity"
    }
}
