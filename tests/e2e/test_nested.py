"""Nested executions: arn:aws:states:::states:startExecution, .sync and .sync:2."""
import json
import time

from conftest import FAIL, PASS, ROLE, Server, all_history, unique, wait_done, wait_seconds


def parent_definition(resource, timeout=None):
    task = {"Type": "Task", "Resource": resource,
            "Parameters": {"StateMachineArn.$": "$.StateMachineArn", "Input.$": "$.Input", "Name.$": "$.Name"},
            "End": True}
    if timeout:
        task["TimeoutSeconds"] = timeout
    return json.dumps({"StartAt": "StartExecution", "States": {"StartExecution": task}})


def run_parent(sfn, resource, child_definition, child_input=None, timeout=None):
    child = sfn.create_state_machine(name=unique("child"), definition=child_definition,
                                     roleArn=ROLE)["stateMachineArn"]
    parent = sfn.create_state_machine(name=unique("parent"), definition=parent_definition(resource, timeout),
                                      roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=parent, input=json.dumps(
        {"StateMachineArn": child, "Input": child_input, "Name": "TestStartTarget"}))["executionArn"]
    return child, arn, wait_done(sfn, arn)


def test_request_response(sfn):
    child, arn, d = run_parent(sfn, "arn:aws:states:::states:startExecution", PASS)
    assert d["status"] == "SUCCEEDED"
    out = json.loads(d["output"])
    child_arn = child.replace(":stateMachine:", ":execution:") + ":TestStartTarget"
    assert out["ExecutionArn"] == child_arn and isinstance(out["StartDate"], int)
    assert out["SdkHttpMetadata"]["HttpStatusCode"] == 200
    assert [e["type"] for e in all_history(sfn, arn)] == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
        "ExecutionSucceeded"]
    assert wait_done(sfn, child_arn)["status"] == "SUCCEEDED"
    assert sfn.describe_execution(executionArn=child_arn)["input"] == "{}"


def test_sync_and_sync2(sfn):
    _, arn, d = run_parent(sfn, "arn:aws:states:::states:startExecution.sync", PASS)
    assert d["status"] == "SUCCEEDED"
    out = json.loads(d["output"])
    assert out["Status"] == "SUCCEEDED" and out["Output"] == '{"ok":1}' and out["Input"] == "{}"
    assert out["InputDetails"] == {"Included": True} and out["Name"] == "TestStartTarget"
    assert [e["type"] for e in all_history(sfn, arn)] == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
        "TaskStateExited", "ExecutionSucceeded"]
    _, _, d2 = run_parent(sfn, "arn:aws:states:::states:startExecution.sync:2", PASS, child_input={"a": 1})
    out2 = json.loads(d2["output"])
    assert out2["Output"] == {"ok": 1} and out2["Input"] == {"a": 1}


def test_sync_child_failure(sfn):
    _, arn, d = run_parent(sfn, "arn:aws:states:::states:startExecution.sync", FAIL)
    assert d["status"] == "FAILED" and d["error"] == "States.TaskFailed"
    cause = json.loads(d["cause"])
    assert cause["Status"] == "FAILED" and cause["Error"] == "Boom" and cause["Cause"] == "it broke"
    assert list(cause) == sorted(cause)


def test_missing_state_machine(sfn):
    parent = sfn.create_state_machine(name=unique("orphan"), roleArn=ROLE, definition=parent_definition(
        "arn:aws:states:::states:startExecution"))["stateMachineArn"]
    missing = parent + "-nope"
    arn = sfn.start_execution(stateMachineArn=parent, input=json.dumps(
        {"StateMachineArn": missing, "Input": None, "Name": "x"}))["executionArn"]
    d = wait_done(sfn, arn)
    assert d["status"] == "FAILED" and d["error"] == "StepFunctions.StateMachineDoesNotExistException"
    assert d["cause"].startswith(f"State Machine Does Not Exist: '{missing}' (Service: AWSStepFunctions; "
                                 "Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID: ")
    assert d["cause"].endswith("; Proxy: null)")


def test_virtual_time_parent_timeout_waits_for_child(sfn):
    # The child waits an hour of virtual time; the parent's 2-hour task timeout must not fire first.
    _, _, d = run_parent(sfn, "arn:aws:states:::states:startExecution.sync", wait_seconds(3600), timeout=7200)
    assert d["status"] == "SUCCEEDED"


def test_sync_parent_survives_restart():
    server = Server(time_scale=1).start()
    try:
        sfn = server.client()
        _child = sfn.create_state_machine(name="slow-child", definition=wait_seconds(2), roleArn=ROLE)
        parent = sfn.create_state_machine(name="waiting-parent", roleArn=ROLE, definition=parent_definition(
            "arn:aws:states:::states:startExecution.sync"))["stateMachineArn"]
        arn = sfn.start_execution(stateMachineArn=parent, input=json.dumps(
            {"StateMachineArn": _child["stateMachineArn"], "Input": {"k": 1}, "Name": "kid"}))["executionArn"]
        time.sleep(0.3)
        server.kill9()
        server.start()
        sfn = server.client()
        d = wait_done(sfn, arn, timeout=15)
        assert d["status"] == "SUCCEEDED", d
        assert json.loads(json.loads(d["output"])["Output"]) == {"k": 1}
    finally:
        server.stop()


def test_wait_for_task_token(sfn):
    """The parent passes $$.Task.Token to the child; a worker answers with SendTaskSuccess."""
    child = sfn.create_state_machine(name=unique("tokchild"), definition=PASS, roleArn=ROLE)["stateMachineArn"]
    definition = json.dumps({"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
        "Parameters": {"StateMachineArn": child, "Input": {"token.$": "$$.Task.Token"}}, "End": True}}})
    parent = sfn.create_state_machine(name=unique("tokparent"), definition=definition,
                                      roleArn=ROLE)["stateMachineArn"]
    first = sfn.start_execution(stateMachineArn=parent)["executionArn"]
    second = sfn.start_execution(stateMachineArn=parent)["executionArn"]
    time.sleep(0.2)
    tokens = []
    for ex in sfn.list_executions(stateMachineArn=child)["executions"]:
        tokens.append(json.loads(sfn.describe_execution(executionArn=ex["executionArn"])["input"])["token"])
    assert len(tokens) == 2
    assert sfn.describe_execution(executionArn=first)["status"] == "RUNNING"
    # Which parent owns which token does not matter: answer one with success, one with failure.
    sfn.send_task_success(taskToken=tokens[0], output='{"answer": 42}')
    sfn.send_task_failure(taskToken=tokens[1], error="Nope", cause="declined")
    statuses = sorted(wait_done(sfn, a)["status"] for a in (first, second))
    assert statuses == ["FAILED", "SUCCEEDED"]
    ok = first if sfn.describe_execution(executionArn=first)["status"] == "SUCCEEDED" else second
    assert sfn.describe_execution(executionArn=ok)["output"] == '{"answer":42}'
    assert [e["type"] for e in all_history(sfn, ok)] == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
        "TaskStateExited", "ExecutionSucceeded"]


def test_request_response_starts_an_express_child(sfn):
    child = sfn.create_state_machine(name=unique("xchild"), definition=PASS, roleArn=ROLE,
                                     type="EXPRESS")["stateMachineArn"]
    parent = sfn.create_state_machine(name=unique("xparent"), roleArn=ROLE, definition=parent_definition(
        "arn:aws:states:::states:startExecution"))["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=parent, input=json.dumps(
        {"StateMachineArn": child, "Input": None, "Name": "fast"}))["executionArn"]
    d = wait_done(sfn, arn)
    assert d["status"] == "SUCCEEDED"
    assert json.loads(d["output"])["ExecutionArn"].startswith(child.replace(":stateMachine:", ":express:") + ":fast:")
