"""Executions: start (idempotency), describe, stop, list (filters, pagination), history, Express."""
import json
import time

import pytest
from botocore.exceptions import ClientError

from conftest import FAIL, PASS, ROLE, all_history, unique, wait_done, wait_seconds


def error_of(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"]["Message"]


@pytest.fixture(scope="module")
def pass_machine(sfn):
    return sfn.create_state_machine(name=unique("exec"), definition=PASS, roleArn=ROLE)["stateMachineArn"]


def test_start_describe_history(sfn, pass_machine):
    name = unique("e")
    started = sfn.start_execution(stateMachineArn=pass_machine, name=name, input='{"in": true}')
    arn = started["executionArn"]
    machine_name = pass_machine.split(":")[-1]
    assert arn == f"arn:aws:states:us-east-1:123456789012:execution:{machine_name}:{name}"
    d = wait_done(sfn, arn)
    assert d["status"] == "SUCCEEDED"
    assert d["output"] == '{"ok":1}' and d["input"] == '{"in": true}'
    assert d["inputDetails"] == {"included": True} and d["outputDetails"] == {"included": True}
    assert d["redriveStatus"] == "NOT_REDRIVABLE"
    assert d["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven"
    assert d["startDate"] == started["startDate"]
    meta = sfn.describe_execution(executionArn=arn, includedData="METADATA_ONLY")
    assert "input" not in meta and "output" not in meta and meta["inputDetails"] == {"included": False}
    events = all_history(sfn, arn)
    assert [e["type"] for e in events] == ["ExecutionStarted", "PassStateEntered", "PassStateExited",
                                           "ExecutionSucceeded"]
    assert [e["id"] for e in events] == [1, 2, 3, 4]
    assert [e["previousEventId"] for e in events] == [0, 0, 2, 3]
    assert events[0]["executionStartedEventDetails"]["input"] == '{"in": true}'
    assert events[0]["executionStartedEventDetails"]["roleArn"] == ROLE
    reverse = all_history(sfn, arn, reverseOrder=True, maxResults=1)
    assert [e["id"] for e in reverse] == [4, 3, 2, 1]
    paged = all_history(sfn, arn, maxResults=3)
    assert paged == events
    bare = sfn.get_execution_history(executionArn=arn, includeExecutionData=False)["events"]
    assert "input" not in bare[0]["executionStartedEventDetails"]
    with pytest.raises(ClientError) as e:
        sfn.get_execution_history(executionArn=arn, nextToken="v1zz.00")
    assert error_of(e)[0] == "InvalidToken"
    # A token of one execution is refused for another.
    token = sfn.get_execution_history(executionArn=arn, maxResults=1)["nextToken"]
    other = sfn.start_execution(stateMachineArn=pass_machine)["executionArn"]
    with pytest.raises(ClientError) as e:
        sfn.get_execution_history(executionArn=other, nextToken=token, maxResults=1)
    assert error_of(e)[0] == "InvalidToken"


def test_failed_execution(sfn):
    machine = sfn.create_state_machine(name=unique("fail"), definition=FAIL, roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    d = wait_done(sfn, arn)
    assert d["status"] == "FAILED" and d["error"] == "Boom" and d["cause"] == "it broke"
    assert d["redriveStatus"] == "REDRIVABLE" and "output" not in d


def test_closed_name_cannot_be_reused(sfn, pass_machine):
    name = unique("reuse")
    arn = sfn.start_execution(stateMachineArn=pass_machine, name=name)["executionArn"]
    wait_done(sfn, arn)
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=pass_machine, name=name)
    assert error_of(e) == ("ExecutionAlreadyExists", f"Execution Already Exists: '{arn}'")


def test_start_errors(sfn, pass_machine):
    missing = pass_machine + "-missing"
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=missing)
    assert error_of(e) == ("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{missing}'")
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=pass_machine, input="not json")
    assert error_of(e) == ("InvalidExecutionInput",
                           "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting "
                           "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')'")
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=pass_machine, input="{'a': 1}")
    assert error_of(e) == ("InvalidExecutionInput",
                           "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was "
                           "expecting double-quote to start field name'")
    with pytest.raises(ClientError) as e:
        sfn.start_execution(stateMachineArn=pass_machine, name="bad/name")
    assert error_of(e) == ("InvalidName", "Invalid Name: 'bad/name'")
    with pytest.raises(ClientError) as e:
        sfn.describe_execution(executionArn="invalid_execution_arn")
    assert error_of(e) == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_execution_arn'")
    ghost = pass_machine.replace(":stateMachine:", ":execution:") + ":ghost"
    with pytest.raises(ClientError) as e:
        sfn.describe_execution(executionArn=ghost)
    assert error_of(e) == ("ExecutionDoesNotExist", f"Execution Does Not Exist: '{ghost}'")


def test_list_executions_filters_and_pages(sfn):
    machine = sfn.create_state_machine(name=unique("list"), definition=PASS, roleArn=ROLE)["stateMachineArn"]
    assert sfn.list_executions(stateMachineArn=machine)["executions"] == []
    arns = []
    for i in range(5):
        arns.append(sfn.start_execution(stateMachineArn=machine, name=f"n{i}")["executionArn"])
        time.sleep(0.002)
    for a in arns:
        wait_done(sfn, a)
    seen, token = [], None
    while True:
        args = {"stateMachineArn": machine, "maxResults": 2}
        if token:
            args["nextToken"] = token
        page = sfn.list_executions(**args)
        assert len(page["executions"]) <= 2
        seen += page["executions"]
        token = page.get("nextToken")
        if not token:
            break
    assert [e["executionArn"] for e in seen] == list(reversed(arns))  # newest first
    assert all(e["status"] == "SUCCEEDED" and e["redriveCount"] == 0 and "stopDate" in e for e in seen)
    assert len(sfn.list_executions(stateMachineArn=machine, statusFilter="SUCCEEDED")["executions"]) == 5
    assert sfn.list_executions(stateMachineArn=machine, statusFilter="RUNNING")["executions"] == []
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=machine, statusFilter="succeeded")
    assert error_of(e) == ("ValidationException",
                           "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy "
                           "constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, "
                           "ABORTED, FAILED, RUNNING]")
    token = sfn.list_executions(stateMachineArn=machine, maxResults=1)["nextToken"]
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=machine, maxResults=1, statusFilter="FAILED", nextToken=token)
    assert error_of(e)[0] == "InvalidToken"
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn="invalid_state_machine_arn")
    assert error_of(e) == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'")


def test_describe_state_machine_for_execution_keeps_old_definition(sfn):
    machine = sfn.create_state_machine(name=unique("dsfe"), definition=PASS, roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    wait_done(sfn, arn)
    sfn.update_state_machine(stateMachineArn=machine, definition=FAIL)
    d = sfn.describe_state_machine_for_execution(executionArn=arn)
    assert d["definition"] == PASS and d["stateMachineArn"] == machine and "revisionId" not in d
    arn2 = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    assert wait_done(sfn, arn2)["status"] == "FAILED"
    d2 = sfn.describe_state_machine_for_execution(executionArn=arn2)
    assert d2["definition"] == FAIL and d2["revisionId"]


def test_virtual_time_waits_complete_at_once(sfn):
    machine = sfn.create_state_machine(name=unique("vt"), definition=wait_seconds(3600),
                                       roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    d = wait_done(sfn, arn, timeout=10)
    assert d["status"] == "SUCCEEDED"
    events = all_history(sfn, arn)
    entered = next(e for e in events if e["type"] == "WaitStateEntered")["timestamp"]
    exited = next(e for e in events if e["type"] == "WaitStateExited")["timestamp"]
    assert (exited - entered).total_seconds() == pytest.approx(3600, abs=1)


def test_express_sync_and_async(sfn):
    machine = sfn.create_state_machine(name=unique("xp"), definition=PASS, roleArn=ROLE,
                                       type="EXPRESS")["stateMachineArn"]
    r = sfn.start_sync_execution(stateMachineArn=machine, name="one", input='{"x": 1}')
    assert r["status"] == "SUCCEEDED" and r["output"] == '{"ok":1}' and r["input"] == '{"x": 1}'
    assert r["billingDetails"] == {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 100}
    assert r["executionArn"].startswith(machine.replace(":stateMachine:", ":express:") + ":one:")
    # Not idempotent: the same name again is a new execution.
    r2 = sfn.start_sync_execution(stateMachineArn=machine, name="one", input='{"x": 1}')
    assert r2["executionArn"] != r["executionArn"]
    started = sfn.start_execution(stateMachineArn=machine, name="async")
    assert ":express:" in started["executionArn"]
    for call in (lambda: sfn.describe_execution(executionArn=started["executionArn"]),
                 lambda: sfn.stop_execution(executionArn=started["executionArn"]),
                 lambda: sfn.get_execution_history(executionArn=started["executionArn"])):
        with pytest.raises(ClientError) as e:
            call()
        assert error_of(e) == ("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'")
    with pytest.raises(ClientError) as e:
        sfn.list_executions(stateMachineArn=machine)
    assert error_of(e) == ("StateMachineTypeNotSupported",
                           "This operation is not supported by this type of state machine")
    failing = sfn.create_state_machine(name=unique("xpf"), definition=FAIL, roleArn=ROLE,
                                       type="EXPRESS")["stateMachineArn"]
    f = sfn.start_sync_execution(stateMachineArn=failing)
    assert f["status"] == "FAILED" and f["error"] == "Boom" and f["cause"] == "it broke" and "output" not in f
    standard = sfn.create_state_machine(name=unique("std"), definition=PASS, roleArn=ROLE)["stateMachineArn"]
    with pytest.raises(ClientError) as e:
        sfn.start_sync_execution(stateMachineArn=standard)
    assert error_of(e) == ("StateMachineTypeNotSupported",
                           "This operation is not supported by this type of state machine")


def test_running_execution_idempotency_and_stop(sfn_rt):
    machine = sfn_rt.create_state_machine(name=unique("run"), definition=wait_seconds(300),
                                          roleArn=ROLE)["stateMachineArn"]
    first = sfn_rt.start_execution(stateMachineArn=machine, name="same", input='{"a": 1}')
    again = sfn_rt.start_execution(stateMachineArn=machine, name="same", input='{"a": 1}')
    assert again["executionArn"] == first["executionArn"] and again["startDate"] == first["startDate"]
    with pytest.raises(ClientError) as e:
        sfn_rt.start_execution(stateMachineArn=machine, name="same", input='{"a": 2}')
    assert error_of(e) == ("ExecutionAlreadyExists", f"Execution Already Exists: '{first['executionArn']}'")
    d = sfn_rt.describe_execution(executionArn=first["executionArn"])
    assert d["status"] == "RUNNING" and "stopDate" not in d
    assert d["redriveStatusReason"] == "Execution is RUNNING and cannot be redriven"
    running = sfn_rt.list_executions(stateMachineArn=machine, statusFilter="RUNNING")["executions"]
    assert [x["executionArn"] for x in running] == [first["executionArn"]]
    stopped = sfn_rt.stop_execution(executionArn=first["executionArn"], error="Halt", cause="by test")
    d = sfn_rt.describe_execution(executionArn=first["executionArn"])
    assert d["status"] == "ABORTED" and d["error"] == "Halt" and d["cause"] == "by test"
    assert d["stopDate"] == stopped["stopDate"]
    types = [e["type"] for e in all_history(sfn_rt, first["executionArn"])]
    assert types == ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"]


def test_concurrent_starts_of_one_name_create_one_execution(realtime_server):
    import concurrent.futures as cf
    sfn = realtime_server.client()
    machine = sfn.create_state_machine(name=unique("race"), definition=wait_seconds(60),
                                       roleArn=ROLE)["stateMachineArn"]

    def start(i):
        try:
            return sfn.start_execution(stateMachineArn=machine, name="only", input='{"same": true}')["executionArn"]
        except ClientError as e:
            return e.response["Error"]["Code"]

    with cf.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(start, range(32)))
    arns = set(results)
    assert len(arns) == 1 and next(iter(arns)).endswith(":only")
    listed = sfn.list_executions(stateMachineArn=machine)["executions"]
    assert len(listed) == 1
    sfn.stop_execution(executionArn=listed[0]["executionArn"])


def test_deleting_a_machine_with_running_executions(sfn_rt):
    machine = sfn_rt.create_state_machine(name=unique("del"), definition=wait_seconds(1),
                                          roleArn=ROLE)["stateMachineArn"]
    arn = sfn_rt.start_execution(stateMachineArn=machine)["executionArn"]
    sfn_rt.delete_state_machine(stateMachineArn=machine)
    assert sfn_rt.describe_state_machine(stateMachineArn=machine)["status"] == "DELETING"
    with pytest.raises(ClientError) as e:
        sfn_rt.start_execution(stateMachineArn=machine)
    assert error_of(e) == ("StateMachineDeleting", f"State Machine is being deleted: '{machine}'")
    assert wait_done(sfn_rt, arn, timeout=10)["status"] == "SUCCEEDED"
    with pytest.raises(ClientError) as e:
        sfn_rt.describe_state_machine(stateMachineArn=machine)
    assert error_of(e)[0] == "StateMachineDoesNotExist"
    assert sfn_rt.describe_state_machine_for_execution(executionArn=arn)["stateMachineArn"] == machine


def test_express_sync_on_real_time(sfn_rt):
    """StartSyncExecution on a server with time scale 1: an execution that closes in its first
    transition answers at once; one with a 1 s Wait answers after about a second."""
    three = json.dumps({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"n": 1}, "Next": "B"},
        "B": {"Type": "Pass", "InputPath": "$.n", "ResultPath": "$.m", "Next": "C"},
        "C": {"Type": "Succeed"}}})
    quick = sfn_rt.create_state_machine(name=unique("xrt"), definition=three, roleArn=ROLE,
                                        type="EXPRESS")["stateMachineArn"]
    began = time.monotonic()
    r = sfn_rt.start_sync_execution(stateMachineArn=quick, input="{}")
    assert time.monotonic() - began < 1
    assert r["status"] == "SUCCEEDED" and json.loads(r["output"]) == {"n": 1, "m": 1}
    waiting = sfn_rt.create_state_machine(name=unique("xrw"), definition=wait_seconds(1), roleArn=ROLE,
                                          type="EXPRESS")["stateMachineArn"]
    began = time.monotonic()
    r = sfn_rt.start_sync_execution(stateMachineArn=waiting, input='{"w": 1}')
    elapsed = time.monotonic() - began
    assert r["status"] == "SUCCEEDED" and json.loads(r["output"]) == {"w": 1}
    assert 0.95 <= elapsed < 3
