"""kill -9 and restart: Standard executions waiting in Wait states carry on and finish, with
uninterrupted histories; closed executions and state machines are still there."""
import json
import threading
import time

from conftest import PASS, ROLE, Server, all_history, wait_done, wait_seconds


def test_kill9_restart_resumes_waiting_executions():
    server = Server(time_scale=1).start()
    try:
        sfn = server.client()
        waiting = sfn.create_state_machine(name="durable-wait", definition=wait_seconds(3),
                                           roleArn=ROLE)["stateMachineArn"]
        done = sfn.create_state_machine(name="durable-pass", definition=PASS, roleArn=ROLE)["stateMachineArn"]
        finished = sfn.start_execution(stateMachineArn=done, name="before")["executionArn"]
        assert wait_done(sfn, finished)["status"] == "SUCCEEDED"
        arns = [sfn.start_execution(stateMachineArn=waiting, name=f"w{i}", input=f'{{"i": {i}}}')["executionArn"]
                for i in range(8)]
        stopped = sfn.start_execution(stateMachineArn=waiting, name="stopped")["executionArn"]
        activity = sfn.create_activity(name="durable-activity")["activityArn"]
        worker_machine = sfn.create_state_machine(name="durable-worker", roleArn=ROLE, definition=json.dumps(
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": activity, "End": True}}}))["stateMachineArn"]
        picked = sfn.start_execution(stateMachineArn=worker_machine, name="picked", input='{"q": 1}')["executionArn"]
        waiting_task = sfn.start_execution(stateMachineArn=worker_machine, name="waiting_task", input='{"q": 2}')["executionArn"]
        first_task = sfn.get_activity_task(activityArn=activity, workerName="before-crash")
        assert json.loads(first_task["input"]) == {"q": 1}
        sfn.stop_execution(executionArn=stopped)
        time.sleep(0.5)
        assert all(sfn.describe_execution(executionArn=a)["status"] == "RUNNING" for a in arns)
        server.kill9()

        server.start()  # same data folder, new process
        sfn = server.client()
        assert sfn.describe_state_machine(stateMachineArn=waiting)["name"] == "durable-wait"
        assert sfn.describe_execution(executionArn=finished)["status"] == "SUCCEEDED"
        assert sfn.describe_execution(executionArn=stopped)["status"] == "ABORTED"
        # The task started before the crash still takes its worker's answer; the queued one is handed out again.
        sfn.send_task_success(taskToken=first_task["taskToken"], output='"first"')
        second_task = sfn.get_activity_task(activityArn=activity, workerName="after-crash")
        assert json.loads(second_task["input"]) == {"q": 2}
        sfn.send_task_success(taskToken=second_task["taskToken"], output='"second"')
        assert wait_done(sfn, picked)["output"] == '"first"'
        assert wait_done(sfn, waiting_task)["output"] == '"second"'
        types = [e["type"] for e in all_history(sfn, picked)]
        assert types == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted",
                         "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"]
        for i, arn in enumerate(arns):
            d = wait_done(sfn, arn, timeout=20)
            assert d["status"] == "SUCCEEDED", d
            assert d["output"] == f'{{"i":{i}}}'
            events = all_history(sfn, arn)
            assert [e["type"] for e in events] == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited",
                                                   "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
            assert [e["id"] for e in events] == list(range(1, 7))
            assert [e["previousEventId"] for e in events] == [0, 0, 2, 3, 4, 5]
            waited = (events[2]["timestamp"] - events[1]["timestamp"]).total_seconds()
            assert 2.9 <= waited <= 10, waited
        # The name of a finished execution stays taken across restarts.
        try:
            sfn.start_execution(stateMachineArn=waiting, name="w0", input='{"i": 0}')
            raise AssertionError("ExecutionAlreadyExists expected")
        except sfn.exceptions.ExecutionAlreadyExists:
            pass
    finally:
        server.stop()


def test_sigterm_drains_and_restart_recovers():
    server = Server(time_scale=1).start()
    try:
        sfn = server.client()
        machine = sfn.create_state_machine(name="drain", definition=wait_seconds(2), roleArn=ROLE)["stateMachineArn"]
        arn = sfn.start_execution(stateMachineArn=machine, name="e")["executionArn"]
        server.stop()
        assert server.proc.returncode == 0
        server.start()
        sfn = server.client()
        assert wait_done(sfn, arn, timeout=15)["status"] == "SUCCEEDED"
    finally:
        server.stop()


def test_sigterm_answers_waiting_workers_at_once():
    server = Server(time_scale=1, activity_poll_seconds=60).start()
    try:
        sfn = server.client()
        activity = sfn.create_activity(name="drain-activity")["activityArn"]
        answers = []
        worker = threading.Thread(target=lambda: answers.append(sfn.get_activity_task(activityArn=activity)))
        worker.start()
        time.sleep(0.5)
        t0 = time.monotonic()
        server.stop()
        assert server.proc.returncode == 0
        assert time.monotonic() - t0 < 10
        worker.join(timeout=10)
        assert answers and answers[0].get("taskToken") is None
    finally:
        server.stop()
