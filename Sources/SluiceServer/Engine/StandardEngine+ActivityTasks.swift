import Logging
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesLanguage

/// Activity and callback tasks: queues, GetActivityTask, worker reports, heartbeats.
extension StandardEngine {
    // MARK: Activity tasks

    /// A task for an activity: queued for the next GetActivityTask of that activity.
    func schedule(_ request: TaskRequest, execution: inout LiveExecution, write: inout TransitionWrite, now: Int64) {
        let task = ActivityTask(
            token: request.taskToken, executionArn: execution.record.executionArn, taskId: request.taskId,
            activityArn: request.resource, input: request.input.serialized, started: false,
            heartbeatSeconds: request.heartbeatSeconds)
        activities.schedule(task)
        execution.activityTokens[request.taskId] = task.token
        write.tokensAdded.append(
            TaskTokenRecord(
                token: task.token, executionArn: task.executionArn, taskId: task.taskId, activityArn: task.activityArn,
                input: task.input, status: "SCHEDULED", heartbeatSeconds: task.heartbeatSeconds, scheduledMs: now))
        let waiting = pollers.removeValue(forKey: request.resource) ?? []
        for poller in waiting { poller.continuation.resume() }
    }

    /// GetActivityTask: the oldest scheduled task of the activity, started for `workerName`;
    /// waits up to `waitMs` for one; `nil` when none came.
    func getActivityTask(activityArn: String, workerName: String?, waitMs: Int64) async throws(AWSError) -> (
        token: String, input: String
    )? {
        let deadline = WallClock.now() + waitMs
        while true {
            if var task = activities.next(for: activityArn) {
                guard var execution = live[task.executionArn] else {
                    activities.remove(task.token)
                    continue
                }
                var write = TransitionWrite(insert: nil, update: execution.record)
                task.started = true
                armHeartbeat(&task)
                activities.update(task)
                write.tokensStarted.append(task.token)
                apply(.taskStarted(taskId: task.taskId, workerName: workerName), now: now(execution.record), to: &execution, write: &write)
                settle(&execution, write: &write, budget: Self.inlineTimerBudget)
                let generation = finish(execution, write: write)
                try await commit(through: generation)
                return (task.token, task.input)
            }
            let remaining = deadline - WallClock.now()
            if remaining <= 0 || draining || Task.isCancelled { return nil }
            await waitForActivity(activityArn, upTo: remaining)
        }
    }

    func waitForActivity(_ activityArn: String, upTo milliseconds: Int64) async {
        nextPollerId += 1
        let id = nextPollerId
        let expiry = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(milliseconds))
            await self?.expirePoller(activityArn, id: id)
        }
        await withCheckedContinuation { continuation in
            pollers[activityArn, default: []].append((id, continuation))
        }
        expiry.cancel()
    }

    /// Graceful shutdown: waiting GetActivityTask calls answer now (with no task), so that the
    /// HTTP server can drain quickly.
    func drain() {
        draining = true
        let waiting = pollers.values.flatMap { $0 }
        pollers.removeAll()
        for poller in waiting { poller.continuation.resume() }
    }

    func expirePoller(_ activityArn: String, id: Int) {
        guard var waiting = pollers[activityArn], let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        let poller = waiting.remove(at: index)
        pollers[activityArn] = waiting.isEmpty ? nil : waiting
        poller.continuation.resume()
    }

    /// What a worker reports for a task token.
    enum TaskReport: Sendable {
        case success(JSONValue)
        case failure(error: String?, cause: String?)
        case heartbeat
    }

    /// SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
    func report(token: String, _ report: TaskReport) async throws(AWSError) {
        guard var task = activities.byToken[token], var execution = live[task.executionArn] else {
            throw AWSError("TaskDoesNotExist", "Task Does Not Exist: '\(token)'")
        }
        if case .heartbeat = report {
            armHeartbeat(&task)
            activities.update(task)
            return
        }
        var write = TransitionWrite(insert: nil, update: execution.record)
        activities.remove(token)
        execution.activityTokens[task.taskId] = nil
        // A callback answered before its integration call returned: the call's answer is moot.
        execution.integrationTasks.remove(task.taskId)
        write.tokensRemoved.append(token)
        let event: InputEvent =
            switch report {
            case .success(let output): .taskSucceeded(taskId: task.taskId, output: output)
            case .failure(let error, let cause): .taskFailed(taskId: task.taskId, error: error, cause: cause)
            case .heartbeat: .heartbeatMissed(taskId: task.taskId)
            }
        apply(event, now: now(execution.record), to: &execution, write: &write)
        settle(&execution, write: &write, budget: Self.inlineTimerBudget)
        let generation = finish(execution, write: write)
        try await commit(through: generation)
    }

    /// Sets the next heartbeat deadline of a started task (real or scaled time only) and
    /// schedules its check.
    func armHeartbeat(_ task: inout ActivityTask) {
        guard timeScale > 0, let seconds = task.heartbeatSeconds else { return }
        let deadline = WallClock.now() + Int64((Double(seconds) * 1000 * timeScale).rounded(.up))
        task.heartbeatDeadline = deadline
        timers.push(deliverAt: deadline, due: deadline, executionArn: task.executionArn, timerId: -task.taskId)
        wake.signal()
    }

    /// A heartbeat check came due: the task times out unless a later heartbeat moved its deadline.
    func checkHeartbeat(_ entry: TimerHeap.Entry, wall: Int64) -> Bool {
        let taskId = -entry.timerId
        guard var execution = live[entry.executionArn], let token = execution.activityTokens[taskId],
            let task = activities.byToken[token], task.started, let deadline = task.heartbeatDeadline,
            deadline == entry.deliverAt, deadline <= wall
        else { return false }
        var write = TransitionWrite(insert: nil, update: execution.record)
        activities.remove(token)
        execution.activityTokens[taskId] = nil
        write.tokensRemoved.append(token)
        apply(.heartbeatMissed(taskId: taskId), now: now(execution.record), to: &execution, write: &write)
        settle(&execution, write: &write, budget: Self.loopTimerBudget)
        heartbeatGeneration = finish(execution, write: write)
        return true
    }

    /// A `.waitForTaskToken` task waits for SendTaskSuccess/Failure/Heartbeat with its token
    /// (kept, durably, with the activity tokens; heartbeats watched if asked for).
    func registerCallback(
        token: String, taskId: Int, heartbeatSeconds: Int?, execution: inout LiveExecution, write: inout TransitionWrite,
        now: Int64
    ) {
        var task = ActivityTask(
            token: token, executionArn: execution.record.executionArn, taskId: taskId, activityArn: "", input: "",
            started: true, heartbeatSeconds: heartbeatSeconds)
        armHeartbeat(&task)
        activities.schedule(task)
        execution.activityTokens[taskId] = task.token
        write.tokensAdded.append(
            TaskTokenRecord(
                token: task.token, executionArn: task.executionArn, taskId: taskId, activityArn: "", input: "",
                status: "STARTED", heartbeatSeconds: heartbeatSeconds, scheduledMs: now))
    }
}
