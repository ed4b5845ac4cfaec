import Logging
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesLanguage

/// Applying input events, settling what they ask for, and the group commit.
extension StandardEngine {
    // MARK: Transitions

    /// Applies one input event, recording it and everything it produced in `write`.
    func apply(_ event: InputEvent, now: Int64, to execution: inout LiveExecution, write: inout TransitionWrite) {
        let result = execution.interpreter.apply(event, to: &execution.state, now: now)
        write.journal.append(JournalEntry(seq: execution.record.journalCount, nowMs: now, event: InputEventCodec.encode(event)))
        execution.record.journalCount += 1
        execution.record.lastNowMs = max(execution.record.lastNowMs, now)
        for var historyEvent in result.events {
            if historyEvent.type == .executionStarted {
                if let aliasArn = execution.record.aliasArn {
                    historyEvent.details?["stateMachineAliasArn"] = .string(aliasArn)
                }
                if let versionArn = execution.record.versionArn {
                    historyEvent.details?["stateMachineVersionArn"] = .string(versionArn)
                }
            }
            write.history.append((id: historyEvent.id, text: historyEvent.serialized))
        }
        execution.record.eventCount = execution.state.eventCount
        for effect in result.effects {
            switch effect {
            case .invokeTask(let request): execution.invocations.append(request)
            case .startTimer(let id, let due):
                execution.timers[id] = due
                write.timersAdded.append(TimerRecord(executionArn: execution.record.executionArn, timerId: id, dueMs: due))
                timers.push(
                    deliverAt: deliverAt(due: due, startMs: execution.record.startMs), due: due,
                    executionArn: execution.record.executionArn, timerId: id)
            case .cancelTimer(let id):
                if execution.timers.removeValue(forKey: id) != nil { write.timersRemoved.append(id) }
            case .cancelTask(let id):
                execution.invocations.removeAll { $0.taskId == id }
                execution.nestedTasks.remove(id)
                execution.integrationTasks.remove(id)
                if let token = execution.activityTokens.removeValue(forKey: id) {
                    activities.remove(token)
                    write.tokensRemoved.append(token)
                }
            case .executionClosed(let outcome):
                for token in execution.activityTokens.values { activities.remove(token) }
                execution.activityTokens.removeAll()
                execution.record.status = outcome.status.rawValue
                execution.record.output = outcome.output?.serialized
                execution.record.error = outcome.error
                execution.record.cause = outcome.cause
                execution.record.stopMs = now
            }
        }
    }

    func fire(timer id: Int, due: Int64, execution: inout LiveExecution, write: inout TransitionWrite) {
        execution.timers[id] = nil
        write.timersRemoved.append(id)
        apply(.timerFired(timerId: id), now: max(now(execution.record), due), to: &execution, write: &write)
    }

    /// Carries out what the transitions asked for that needs no waiting: task invocations
    /// (activities are queued, nested executions started, integration calls queued for after the
    /// commit; a resource nobody serves fails with `States.TaskFailed`) and, in virtual time, the
    /// execution's timers in due order (up to `budget`).
    func settle(_ execution: inout LiveExecution, write: inout TransitionWrite, budget: Int) {
        var budget = budget
        while !execution.state.isClosed {
            if !execution.invocations.isEmpty {
                let request = execution.invocations.removeFirst()
                let now = now(execution.record)
                if ActivityTaskRegistry.isActivity(request.resource) {
                    schedule(request, execution: &execution, write: &write, now: now)
                    continue
                }
                if let mode = NestedExecution.mode(of: request.resource) {
                    startNested(request, mode: mode, parent: &execution, write: &write, now: now)
                    continue
                }
                if dispatchToIntegration(request, execution: &execution, write: &write, now: now) { continue }
                apply(.taskStarted(taskId: request.taskId, workerName: nil), now: now, to: &execution, write: &write)
                apply(
                    .taskFailed(
                        taskId: request.taskId, error: "States.TaskFailed",
                        cause: "Sluice does not serve the resource '\(request.resource)' yet."),
                    now: now, to: &execution, write: &write)
                continue
            }
            // Virtual time: timers wait while a task is in flight (tasks take no time).
            guard timeScale == 0, !execution.hasTasksInFlight,
                let next = execution.timers.min(by: { ($0.value, $0.key) < ($1.value, $1.key) })
            else { break }
            guard budget > 0 else {
                // Leave the rest to the timer loop.
                for (id, due) in execution.timers {
                    timers.push(deliverAt: 0, due: due, executionArn: execution.record.executionArn, timerId: id)
                }
                break
            }
            budget -= 1
            fire(timer: next.key, due: next.value, execution: &execution, write: &write)
        }
        write.update = execution.record
        if write.insert != nil { write.insert = execution.record }
        if execution.state.isClosed { write.timersAdded.removeAll() }
    }

    /// Keeps the execution live (or drops it once closed) and queues its write; returns the
    /// generation to wait for.
    func finish(_ execution: LiveExecution, write: TransitionWrite) -> Int {
        if execution.state.isClosed {
            live[execution.record.executionArn] = nil
            notifyParent(of: execution.record)
        } else {
            live[execution.record.executionArn] = execution
            if !execution.timers.isEmpty { wake.signal() }
        }
        pending.append(write)
        return pendingGeneration
    }

    // MARK: Group commit

    /// Waits until every write queued up to `generation` is durable.
    func commit(through generation: Int) async throws(AWSError) {
        drainDeferred()
        while committedGeneration < generation {
            if flushing {
                await withCheckedContinuation { flushWaiters.append($0) }
                continue
            }
            flushing = true
            let batch = pending
            pending = []
            let flushed = pendingGeneration
            pendingGeneration += 1
            do {
                try await store.commit(batch)
                eventHub.publish(batch)
            } catch {
                logger.error("commit of \(batch.count) transitions failed: \(error)")
                failedGenerations.insert(flushed)
                dropDispatches(generation: flushed)
                await reload(batch.map(\.update.executionArn))
            }
            committedGeneration = flushed
            launchDispatches(committed: flushed)
            flushing = false
            let waiters = flushWaiters
            flushWaiters = []
            for waiter in waiters { waiter.resume() }
        }
        if failedGenerations.contains(generation) { throw AWSError.internalFailure("The transition could not be stored.") }
    }

    /// After a failed commit, forgets the in-memory state of these executions and rebuilds it
    /// from the store.
    func reload(_ arns: [String]) async {
        for arn in Set(arns) { live[arn] = nil }
        do {
            let running = try store.runningExecutions().filter { arns.contains($0.record.executionArn) }
            for (record, journal, storedTimers) in running {
                try restore(record, journal: journal, timers: storedTimers)
            }
        } catch {
            logger.error("reload after a failed commit failed: \(error)")
        }
    }
}
