"""states:startExecution cases of the AWS-recorded corpus (shared/conformance/nonpure), replayed
against the server; histories must match the recording event by event (SDK HTTP metadata aside,
which the recording does not verify either)."""
import json
import os
import re

import pytest

from conftest import ROLE, all_history, unique, wait_done

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "conformance", "nonpure")
PASS_RESULT = json.dumps({"Comment": "BASE_PASS_RESULT", "StartAt": "State_1", "States": {
    "State_1": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}}})
RAISE_FAILURE = json.dumps({"Comment": "BASE_RAISE_FAILURE", "StartAt": "FailState", "States": {
    "FailState": {"Type": "Fail", "Error": "SomeFailure", "Cause": "This state machines raises a 'SomeFailure' failure."}}})
CASES = {
    "services.test_sfn_task_service.test_start_execution": PASS_RESULT,
    "services.test_sfn_task_service.test_start_execution_input_json": PASS_RESULT,
    "callback.test_callback.test_start_execution_sync": PASS_RESULT,
    "callback.test_callback.test_start_execution_sync2": PASS_RESULT,
    "callback.test_callback.test_start_execution_sync_delegate_failure": RAISE_FAILURE,
    "error_handling.test_task_service_sfn.test_start_execution_no_such_arn": None,
}
SM = "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>"
EXEC = "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>"


def normalise(value, child_arn, key=None):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("SdkHttpMetadata", "SdkResponseMetadata"):
                continue
            if k == "StartDate" and isinstance(v, int):
                v = "start-date"
            elif k == "StopDate" and isinstance(v, int):
                v = "stop-date"
            out[k] = normalise(v, child_arn, k)
        return out
    if isinstance(value, list):
        return [normalise(v, child_arn) for v in value]
    if isinstance(value, str):
        if key == "region":
            return "<region>"
        if key in ("input", "output", "cause", "parameters") and value.startswith("{"):
            try:
                return normalise(json.loads(value), child_arn)
            except ValueError:
                pass
        value = value.replace(child_arn + "-random", SM + "<random_arn_part>")
        value = value.replace(child_arn.replace(":stateMachine:", ":execution:"), EXEC)
        value = value.replace(child_arn, SM).replace(ROLE, "snf_role_arn")
        return re.sub(r"Request ID: [a-zA-Z0-9-]+", "Request ID: <request_id>", value)
    return value


def strip_metadata(value):
    if isinstance(value, dict):
        return {k: strip_metadata(v) for k, v in value.items() if k not in ("SdkHttpMetadata", "SdkResponseMetadata")}
    if isinstance(value, list):
        return [strip_metadata(v) for v in value]
    return value


@pytest.mark.parametrize("case", sorted(CASES))
def test_nested_case(sfn, case):
    folder = os.path.join(CORPUS, case)
    if not os.path.isdir(folder):
        pytest.skip("nonpure corpus not present")
    expected = json.load(open(os.path.join(folder, "expected.json")))
    child_definition = CASES[case]
    child = sfn.create_state_machine(name=unique("target"), definition=child_definition or PASS_RESULT,
                                     roleArn=ROLE)["stateMachineArn"]
    parent = sfn.create_state_machine(name=unique("caller"), definition=open(os.path.join(folder, "definition.json")).read(),
                                      roleArn=ROLE)["stateMachineArn"]
    given = json.load(open(os.path.join(folder, "input.json")))
    given["StateMachineArn"] = child if child_definition else child + "-random"
    arn = sfn.start_execution(stateMachineArn=parent, input=json.dumps(given))["executionArn"]
    d = wait_done(sfn, arn)
    assert d["status"] == expected["status"]
    got = []
    for event in all_history(sfn, arn):
        event.pop("timestamp")
        got.append(normalise(event, child))
    assert got == strip_metadata(expected["history"])
