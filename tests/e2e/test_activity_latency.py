"""A worker blocked in GetActivityTask receives a task within 50 ms of it being scheduled (median of 20
tries), measured from the moment the client sends StartExecution to the moment the worker's long poll
returns — an upper bound on the scheduling-to-delivery latency."""
import json
import statistics
import threading
import time

from conftest import ROLE, Server


def test_blocked_worker_gets_the_task_within_50ms():
    server = Server(time_scale=0, activity_poll_seconds=20).start()
    try:
        sfn = server.client()
        worker_sfn = server.client()
        activity = sfn.create_activity(name="latency")["activityArn"]
        machine = sfn.create_state_machine(name="latency", roleArn=ROLE, definition=json.dumps(
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": activity, "End": True}}}))["stateMachineArn"]
        latencies = []
        for i in range(20):
            got = {}

            def work():
                task = worker_sfn.get_activity_task(activityArn=activity, workerName="latency-worker")
                got["at"] = time.perf_counter()
                got["task"] = task

            worker = threading.Thread(target=work)
            worker.start()
            time.sleep(0.1)  # the worker's request is now parked in the server
            assert "task" not in got
            sent = time.perf_counter()
            arn = sfn.start_execution(stateMachineArn=machine, name=f"l{i}", input=json.dumps({"i": i}))["executionArn"]
            worker.join(timeout=10)
            assert json.loads(got["task"]["input"]) == {"i": i}
            latencies.append(got["at"] - sent)
            sfn.send_task_success(taskToken=got["task"]["taskToken"], output="{}")
            assert arn
        p50 = statistics.median(latencies)
        print(f"GetActivityTask delivery latency over 20 tries: p50 {p50 * 1000:.2f} ms, "
              f"max {max(latencies) * 1000:.2f} ms")
        assert p50 < 0.050, latencies
    finally:
        server.stop()
