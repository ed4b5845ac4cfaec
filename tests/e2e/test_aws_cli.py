"""The AWS CLI against `sluice serve`: `aws stepfunctions … --endpoint-url`, dummy credentials from the
environment. Skipped, with a message, when `aws` is not installed."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROLE, unique

AWS = shutil.which("aws")
pytestmark = pytest.mark.skipif(AWS is None, reason="the AWS CLI (`aws`) is not installed: AWS CLI tests skipped")


def aws(server, *args, expect_ok=True):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="", AWS_CONFIG_FILE=os.devnull,
               AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    env.pop("AWS_PROFILE", None)
    done = subprocess.run([AWS, "stepfunctions", *args, "--endpoint-url", server.endpoint, "--output", "json"],
                          env=env, capture_output=True, text=True, timeout=60)
    if expect_ok:
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}
    assert done.returncode != 0, done.stdout
    return done.stderr


def test_aws_cli_runs_an_execution_end_to_end(server, sfn):
    definition = json.dumps({"StartAt": "Greet", "States": {
        "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.name)"}, "Next": "Done"},
        "Done": {"Type": "Succeed"}}})
    name = unique("cli")
    created = aws(server, "create-state-machine", "--name", name, "--definition", definition, "--role-arn", ROLE)
    machine = created["stateMachineArn"]
    assert machine == f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}"
    started = aws(server, "start-execution", "--state-machine-arn", machine, "--name", "first",
                  "--input", '{"name": "cli"}')
    arn = started["executionArn"]
    assert arn == f"arn:aws:states:us-east-1:123456789012:execution:{name}:first"
    described = aws(server, "describe-execution", "--execution-arn", arn)
    for _ in range(100):
        if described["status"] != "RUNNING":
            break
        described = aws(server, "describe-execution", "--execution-arn", arn)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"greeting": "hello cli"}
    assert described["stateMachineArn"] == machine
    history = aws(server, "get-execution-history", "--execution-arn", arn)["events"]
    assert [e["type"] for e in history] == ["ExecutionStarted", "PassStateEntered", "PassStateExited",
                                            "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]
    assert [e["id"] for e in history] == list(range(1, 7))
    # The CLI's own pagination (--max-items) follows our nextToken.
    page = aws(server, "get-execution-history", "--execution-arn", arn, "--max-items", "2", "--reverse-order")
    assert [e["type"] for e in page["events"]] == ["ExecutionSucceeded", "SucceedStateExited"]
    assert page.get("NextToken")
    listed = aws(server, "list-executions", "--state-machine-arn", machine)["executions"]
    assert [(e["name"], e["status"]) for e in listed] == [("first", "SUCCEEDED")]
    assert aws(server, "list-executions", "--state-machine-arn", machine, "--status-filter", "RUNNING")[
        "executions"] == []
    # boto3 sees what the CLI made.
    assert sfn.describe_execution(executionArn=arn)["status"] == "SUCCEEDED"


def test_aws_cli_prints_aws_error_codes(server):
    missing = "arn:aws:states:us-east-1:123456789012:execution:nope:nothing"
    err = aws(server, "describe-execution", "--execution-arn", missing, expect_ok=False)
    assert "An error occurred (ExecutionDoesNotExist) when calling the DescribeExecution operation" in err, err
    err = aws(server, "describe-execution", "--execution-arn", "not-an-arn", expect_ok=False)
    assert "(InvalidArn)" in err, err
    err = aws(server, "create-state-machine", "--name", unique("bad"), "--role-arn", ROLE,
              "--definition", '{"StartAt": "Nowhere", "States": {}}', expect_ok=False)
    assert "(InvalidDefinition)" in err, err
