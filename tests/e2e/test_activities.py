"""Activities: registry operations, workers polling with GetActivityTask and reporting with
SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat; heartbeat timeouts."""
import json
import threading
import time

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, all_history, unique, wait_done


def error_of(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"]["Message"]


def activity_machine(activity_arn, heartbeat=None, catch=False):
    task = {"Type": "Task", "Resource": activity_arn, "End": True}
    if heartbeat:
        task["HeartbeatSeconds"] = heartbeat
    if catch:
        task["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]
        task.pop("End")
        task["Next"] = "Done"
    states = {"Work": task}
    if catch:
        states["Caught"] = {"Type": "Pass", "Result": "caught", "End": True}
        states["Done"] = {"Type": "Pass", "End": True}
    return json.dumps({"StartAt": "Work", "States": states})


def test_activity_registry(sfn):
    name = unique("act")
    created = sfn.create_activity(name=name)
    arn = created["activityArn"]
    assert arn == f"arn:aws:states:us-east-1:123456789012:activity:{name}"
    assert sfn.create_activity(name=name)["activityArn"] == arn  # idempotent
    d = sfn.describe_activity(activityArn=arn)
    assert d["name"] == name and d["creationDate"] == created["creationDate"]
    assert name in [a["name"] for a in sfn.list_activities()["activities"]]
    sfn.delete_activity(activityArn=arn)
    with pytest.raises(ClientError) as e:
        sfn.describe_activity(activityArn=arn)
    assert error_of(e) == ("ActivityDoesNotExist", f"Activity Does Not Exist: '{arn}'")
    with pytest.raises(ClientError) as e:
        sfn.describe_activity(activityArn="nope")
    assert error_of(e) == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'")


def test_worker_succeeds(sfn):
    activity = sfn.create_activity(name=unique("worker"))["activityArn"]
    machine = sfn.create_state_machine(name=unique("actsm"), definition=activity_machine(activity),
                                       roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, input='{"job": 7}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity, workerName="w1")
    assert json.loads(task["input"]) == {"job": 7}
    assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    sfn.send_task_success(taskToken=task["taskToken"], output='{"done": true}')
    d = wait_done(sfn, arn)
    assert d["status"] == "SUCCEEDED" and d["output"] == '{"done":true}'
    events = all_history(sfn, arn)
    assert [e["type"] for e in events] == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                           "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                           "ExecutionSucceeded"]
    assert events[3]["activityStartedEventDetails"] == {"workerName": "w1"}
    assert events[2]["activityScheduledEventDetails"]["resource"] == activity
    with pytest.raises(ClientError) as e:
        sfn.send_task_success(taskToken=task["taskToken"], output="{}")
    assert error_of(e)[0] == "TaskDoesNotExist"


def test_worker_fails_and_catch(sfn):
    activity = sfn.create_activity(name=unique("failer"))["activityArn"]
    plain = sfn.create_state_machine(name=unique("actf"), definition=activity_machine(activity),
                                     roleArn=ROLE)["stateMachineArn"]
    caught = sfn.create_state_machine(name=unique("actc"), definition=activity_machine(activity, catch=True),
                                      roleArn=ROLE)["stateMachineArn"]
    first = sfn.start_execution(stateMachineArn=plain)["executionArn"]
    second = sfn.start_execution(stateMachineArn=caught)["executionArn"]
    for _ in range(2):
        task = sfn.get_activity_task(activityArn=activity)
        sfn.send_task_failure(taskToken=task["taskToken"], error="Worker.Error", cause="no luck")
    d1, d2 = wait_done(sfn, first), wait_done(sfn, second)
    assert d1["status"] == "FAILED" and d1["error"] == "Worker.Error" and d1["cause"] == "no luck"
    assert d2["status"] == "SUCCEEDED" and d2["output"] == '"caught"'
    with pytest.raises(ClientError) as e:
        sfn.send_task_success(taskToken="does-not-exist", output="{}")
    assert error_of(e)[0] == "TaskDoesNotExist"


def test_no_task_answers_without_token(sfn):
    activity = sfn.create_activity(name=unique("idle"))["activityArn"]
    t0 = time.monotonic()
    answer = sfn.get_activity_task(activityArn=activity)
    assert answer.get("taskToken") is None
    assert time.monotonic() - t0 >= 0.9  # the server's poll time is 1 s in these tests


def test_waiting_poller_gets_a_new_task(sfn):
    activity = sfn.create_activity(name=unique("poll"))["activityArn"]
    machine = sfn.create_state_machine(name=unique("pollsm"), definition=activity_machine(activity),
                                       roleArn=ROLE)["stateMachineArn"]
    got = {}

    def worker():
        got.update(sfn.get_activity_task(activityArn=activity, workerName="late"))

    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.2)
    arn = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    t.join(timeout=5)
    assert got.get("taskToken")
    sfn.send_task_success(taskToken=got["taskToken"], output='"ok"')
    assert wait_done(sfn, arn)["status"] == "SUCCEEDED"


def test_heartbeats(sfn_rt):
    activity = sfn_rt.create_activity(name=unique("hb"))["activityArn"]
    machine = sfn_rt.create_state_machine(name=unique("hbsm"), definition=activity_machine(activity, heartbeat=1),
                                          roleArn=ROLE)["stateMachineArn"]
    silent = sfn_rt.start_execution(stateMachineArn=machine, name="silent")["executionArn"]
    token = sfn_rt.get_activity_task(activityArn=activity)["taskToken"]
    d = wait_done(sfn_rt, silent, timeout=10)
    assert d["status"] == "FAILED" and d["error"] == "States.Timeout"
    assert "ActivityTimedOut" in [e["type"] for e in all_history(sfn_rt, silent)]
    with pytest.raises(ClientError):
        sfn_rt.send_task_heartbeat(taskToken=token)

    alive = sfn_rt.start_execution(stateMachineArn=machine, name="alive")["executionArn"]
    token = sfn_rt.get_activity_task(activityArn=activity)["taskToken"]
    for _ in range(5):
        time.sleep(0.4)
        sfn_rt.send_task_heartbeat(taskToken=token)
    sfn_rt.send_task_success(taskToken=token, output="{}")
    assert wait_done(sfn_rt, alive)["status"] == "SUCCEEDED"
