"""Activity cases of the AWS-recorded corpus (shared/conformance/nonpure), replayed with a worker
that behaves as the recording's consumer; the histories must match the recording event by event."""
import json
import os

import pytest

from conftest import ROLE, Server, all_history, unique, wait_done

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "conformance", "nonpure")
STUB = "<stub:<stub:fixture:create_activity()>[activityArn]>"
CASES = {
    "activities.test_activities.test_activity_task": "succeed",
    "activities.test_activities.test_activity_task_no_worker_name": "succeed-anonymous",
    "activities.test_activities.test_activity_task_failure": "fail",
    "activities.test_activities.test_activity_task_with_heartbeat": "heartbeat",
    "activities.test_activities.test_activity_task_start_timeout": "ignore",
    "activities.test_activities.test_activity_task_on_deleted": "deleted",
}


@pytest.fixture(scope="module")
def scaled():
    s = Server(time_scale=0.1).start()  # timeouts of 5 s last 0.5 s
    yield s
    s.stop()


def normalise(value, activity_arn):
    if isinstance(value, dict):
        return {k: normalise(v, activity_arn) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, activity_arn) for v in value]
    if isinstance(value, str):
        value = value.replace(activity_arn, "activity_arn")
        if value == ROLE:
            return "snf_role_arn"
        if value.startswith("{"):
            try:
                return json.loads(value)
            except ValueError:
                return value
    return value


@pytest.mark.parametrize("case", sorted(CASES))
def test_activity_case(scaled, case):
    folder = os.path.join(CORPUS, case)
    if not os.path.isdir(folder):
        pytest.skip("nonpure corpus not present")
    expected = json.load(open(os.path.join(folder, "expected.json")))
    sfn = scaled.client()
    activity = sfn.create_activity(name=unique("corpus"))["activityArn"]
    definition = open(os.path.join(folder, "definition.json")).read().replace(STUB, activity)
    machine = sfn.create_state_machine(name=unique("corpus"), definition=definition, roleArn=ROLE)["stateMachineArn"]
    behaviour = CASES[case]
    if behaviour == "deleted":
        sfn.delete_activity(activityArn=activity)
    arn = sfn.start_execution(stateMachineArn=machine, input=open(os.path.join(folder, "input.json")).read())[
        "executionArn"]
    args = {"activityArn": activity}
    if behaviour == "deleted":
        d = wait_done(sfn, arn, timeout=20)
        assert (d["status"], d["error"]) == (expected["status"], expected["error"])
        assert normalise(d["cause"], activity) == expected["cause"]
        got = [normalise({k: v for k, v in e.items() if k != "timestamp"}, activity) for e in all_history(sfn, arn)]
        assert got == expected["history"]
        return
    if behaviour != "succeed-anonymous":
        args["workerName"] = "BASE_ID_ACTIVITY_CONSUMER"
    task = sfn.get_activity_task(**args)
    token = task["taskToken"]
    if behaviour == "fail":
        sfn.send_task_failure(taskToken=token, error="Programmatic Error", cause=task["input"])
    elif behaviour == "heartbeat":
        sfn.send_task_heartbeat(taskToken=token)
        sfn.send_task_success(taskToken=token, output=task["input"])
    elif behaviour != "ignore":
        sfn.send_task_success(taskToken=token, output=task["input"])
    d = wait_done(sfn, arn, timeout=20)
    assert d["status"] == expected["status"]
    got = []
    for event in all_history(sfn, arn):
        event.pop("timestamp")
        got.append(normalise(event, activity))
    assert got == expected["history"]
