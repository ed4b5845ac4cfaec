import Logging
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter

/// A call to an integration, made once the transition that scheduled it is durable.
struct IntegrationDispatch: Sendable {
    /// The commit generation that must be durable before the call is made.
    var generation: Int
    var executionArn: String
    var taskId: Int
    var pattern: TaskCallPattern
    var integration: any TaskIntegration
    var call: TaskCall
}

/// Task states served by integrations (Lambda, DynamoDB, …): dispatch after commit, results
/// delivered back as input events, re-dispatch after a restart (at least once, as AWS).
extension StandardEngine {
    /// Starts the task (recorded with this transition) and queues the call for after the commit.
    /// Returns false when no integration serves the resource.
    func dispatchToIntegration(_ request: TaskRequest, execution: inout LiveExecution, write: inout TransitionWrite, now: Int64)
        -> Bool
    {
        guard let match = integrations.match(request.resource) else { return false }
        apply(.taskStarted(taskId: request.taskId, workerName: nil), now: now, to: &execution, write: &write)
        guard !execution.state.isClosed else { return true }
        if match.pattern == .waitForTaskToken {
            // The token is valid from the start, as on AWS: the service called may answer it
            // (SendTaskSuccess) before its own call returns.
            registerCallback(
                token: request.taskToken, taskId: request.taskId, heartbeatSeconds: request.heartbeatSeconds,
                execution: &execution, write: &write, now: now)
        }
        queueDispatch(request, match, execution: &execution, generation: pendingGeneration)
        return true
    }

    /// Queues the call of `request` (to the integration `match` found) for when `generation` is durable.
    private func queueDispatch(
        _ request: TaskRequest, _ match: TaskIntegrations.Match, execution: inout LiveExecution, generation: Int
    ) {
        execution.integrationTasks.insert(request.taskId)
        let arn = execution.record.executionArn
        let call = TaskCall(
            resource: match.resource, input: request.input, taskToken: request.taskToken, executionArn: arn,
            stateName: request.stateName, timeoutSeconds: request.timeoutSeconds)
        dispatches.append(
            IntegrationDispatch(
                generation: generation, executionArn: arn, taskId: request.taskId, pattern: match.pattern,
                integration: match.integration, call: call))
    }

    /// Makes the calls whose transitions are durable (generation ≤ `committed`).
    func launchDispatches(committed: Int) {
        guard !dispatches.isEmpty else { return }
        var ready: [IntegrationDispatch] = []
        dispatches.removeAll { dispatch in
            guard dispatch.generation <= committed else { return false }
            ready.append(dispatch)
            return true
        }
        for dispatch in ready {
            Task { [self] in
                let result = await dispatch.integration.call(dispatch.call)
                await self.complete(dispatch, result: result)
            }
        }
    }

    /// Drops the calls of a generation that failed to commit (the executions are reloaded, and
    /// re-dispatched from their journal).
    func dropDispatches(generation: Int) {
        dispatches.removeAll { $0.generation == generation }
    }

    /// An integration answered: the task succeeds or fails (request-response), or is submitted
    /// and waits for its token (`.waitForTaskToken`; the token was registered at dispatch).
    func complete(_ dispatch: IntegrationDispatch, result: TaskCallResult) async {
        guard var execution = live[dispatch.executionArn], execution.integrationTasks.remove(dispatch.taskId) != nil
        else { return }  // the task timed out, the execution was stopped, or it closed
        let now = now(execution.record)
        var write = TransitionWrite(insert: nil, update: execution.record)
        switch (result, dispatch.pattern) {
        case (.succeeded(let output), .requestResponse):
            apply(.taskSucceeded(taskId: dispatch.taskId, output: output), now: now, to: &execution, write: &write)
        case (.succeeded(let output), .waitForTaskToken):
            apply(.taskSubmitted(taskId: dispatch.taskId, output: output), now: now, to: &execution, write: &write)
        case (.failed(let error, let cause), let pattern):
            if pattern == .waitForTaskToken, let token = execution.activityTokens.removeValue(forKey: dispatch.taskId) {
                activities.remove(token)
                write.tokensRemoved.append(token)
            }
            apply(.taskFailed(taskId: dispatch.taskId, error: error, cause: cause), now: now, to: &execution, write: &write)
        }
        settle(&execution, write: &write, budget: Self.inlineTimerBudget)
        let generation = finish(execution, write: write)
        do {
            try await commit(through: generation)
        } catch {
            logger.error("the result of task \(dispatch.taskId) of \(dispatch.executionArn) was not committed: \(error.message)")
        }
    }

    /// After a replay: the integration tasks still in flight are called again (their earlier
    /// call's answer was never recorded).
    func redispatch(_ requests: [TaskRequest], execution: inout LiveExecution) {
        for request in requests {
            guard let match = integrations.match(request.resource) else { continue }
            queueDispatch(request, match, execution: &execution, generation: 0)
        }
    }
}

/// The task requests of a replayed journal that are still in flight at its end.
struct InFlightTasks {
    private(set) var requests: [Int: TaskRequest] = [:]
    private var submitted: Set<Int> = []

    mutating func record(_ event: InputEvent, effects: [Effect]) {
        switch event {
        case .taskSucceeded(let id, _), .taskFailed(let id, _, _), .taskTimedOut(let id), .heartbeatMissed(let id):
            requests[id] = nil
        case .taskSubmitted(let id, _):
            submitted.insert(id)
        default: break
        }
        for effect in effects {
            switch effect {
            case .invokeTask(let request): requests[request.taskId] = request
            case .cancelTask(let id): requests[id] = nil
            default: break
            }
        }
    }

    /// The requests neither answered nor submitted (waiting for a token), in task order.
    var unanswered: [TaskRequest] {
        requests.values.filter { !submitted.contains($0.taskId) }.sorted { $0.taskId < $1.taskId }
    }
}
