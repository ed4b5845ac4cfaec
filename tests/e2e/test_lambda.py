"""The Lambda API of `sluice serve` through boto3: functions (ZipFile and a local folder), Invoke in
every mode, InvokeWithResponseStream read as an EventStream, function URLs read with a plain HTTP
client. Functions: tests/e2e/fixtures/lambda (Python through awslambdaric, and a `provided`
bootstrap that streams)."""
import base64
import http.client
import io
import json
import os
import subprocess
import tempfile
import time
import zipfile
from urllib.parse import urlparse

import boto3
import pytest
from botocore.config import Config

from conftest import BIN, unique

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "lambda")
ROLE = "arn:aws:iam::123456789012:role/lambda-e2e"


def lambda_client(server):
    session = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
                                    region_name="us-east-1")
    return session.client("lambda", endpoint_url=server.endpoint, config=Config(
        retries={"max_attempts": 0}, connect_timeout=5, read_timeout=60))


def zip_folder(folder):
    """A zip of a fixture folder, keeping file modes (bootstrap stays executable)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if not os.path.isfile(path):
                continue  # e.g. __pycache__ left by the local-folder test
            info = zipfile.ZipInfo(name)
            info.external_attr = (os.stat(path).st_mode & 0o777 | 0o100000) << 16
            info.create_system = 3
            archive.writestr(info, open(path, "rb").read())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def lam(server):
    return lambda_client(server)


@pytest.fixture(scope="module")
def python_fn(lam):
    name = unique("py")
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.echo",
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "python_basic"))}, Timeout=10)
    return name


@pytest.fixture(scope="module")
def provided_fn(lam):
    name = unique("prov")
    lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=ROLE, Handler="unused",
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "provided_stream"))}, Timeout=10)
    return name


def test_create_get_list_update_delete(lam):
    name = unique("crud")
    package = zip_folder(os.path.join(FIXTURES, "python_basic"))
    created = lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.echo",
                                  Code={"ZipFile": package}, Environment={"Variables": {"A": "1"}})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["FunctionArn"] == f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
    assert created["CodeSize"] == len(package)
    import hashlib
    assert created["CodeSha256"] == base64.b64encode(hashlib.sha256(package).digest()).decode()
    assert (created["State"], created["LastUpdateStatus"], created["PackageType"]) == ("Active", "Successful", "Zip")
    assert (created["Timeout"], created["MemorySize"], created["Version"]) == (3, 128, "$LATEST")
    assert created["Environment"] == {"Variables": {"A": "1"}}
    got = lam.get_function(FunctionName=created["FunctionArn"])
    assert got["Configuration"]["FunctionName"] == name
    assert lam.get_function_configuration(FunctionName=name)["Handler"] == "app.echo"
    assert name in [f["FunctionName"] for f in lam.list_functions(MaxItems=50)["Functions"]] or \
        name in [f["FunctionName"] for f in lam.get_paginator("list_functions").paginate().build_full_result()["Functions"]]
    updated = lam.update_function_configuration(FunctionName=name, Timeout=7, Description="d")
    assert (updated["Timeout"], updated["Description"]) == (7, "d")
    assert updated["RevisionId"] != created["RevisionId"]
    with pytest.raises(lam.exceptions.ResourceConflictException) as conflict:
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.echo",
                            Code={"ZipFile": package})
    assert conflict.value.response["Error"]["Message"] == f"Function already exist: {name}"
    assert conflict.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    lam.delete_function(FunctionName=name)
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as missing:
        lam.get_function(FunctionName=name)
    assert missing.value.response["Error"]["Message"] == \
        f"Function not found: arn:aws:lambda:us-east-1:123456789012:function:{name}"
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_invoke_request_response_with_tail(lam, python_fn):
    r = lam.invoke(FunctionName=python_fn, Payload=json.dumps({"hello": "world"}), LogType="Tail")
    assert r["StatusCode"] == 200
    assert "FunctionError" not in r
    assert r["ExecutedVersion"] == "$LATEST"
    assert json.loads(r["Payload"].read()) == {"hello": "world"}
    assert "echo called" in base64.b64decode(r["LogResult"]).decode()


def test_invoke_by_arn_and_partial_arn(lam, python_fn):
    for name in (f"arn:aws:lambda:us-east-1:123456789012:function:{python_fn}",
                 f"123456789012:function:{python_fn}", f"{python_fn}:$LATEST"):
        r = lam.invoke(FunctionName=name, Payload=b"[1]")
        assert json.loads(r["Payload"].read()) == [1]


def test_invoke_function_error(lam):
    name = unique("pyerr")
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.fail",
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "python_basic"))})
    r = lam.invoke(FunctionName=name, Payload=b"{}")
    assert r["StatusCode"] == 200
    assert r["FunctionError"] == "Unhandled"
    error = json.loads(r["Payload"].read())
    assert error["errorType"] == "CustomError"
    assert error["errorMessage"] == "it went wrong"


def test_invoke_event_is_retried_twice(lam, server):
    name = unique("pyevent")
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.retry_then_succeed",
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "python_basic"))})
    marker = os.path.join(tempfile.mkdtemp(), "count")
    r = lam.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps({"marker": marker, "failures": 5}))
    assert r["StatusCode"] == 202
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if os.path.exists(marker) and open(marker).read() == "3":
            break
        time.sleep(0.1)
    time.sleep(0.5)  # no fourth attempt
    assert open(marker).read() == "3"


def test_dry_run_and_errors(lam, python_fn):
    assert lam.invoke(FunctionName=python_fn, InvocationType="DryRun")["StatusCode"] == 204
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.invoke(FunctionName="no-such-function", Payload=b"{}")
    with pytest.raises(Exception) as large:
        lam.invoke(FunctionName=python_fn, Payload=b"x" * (6 * 1024 * 1024 + 10))
    assert large.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413


def read_stream(response):
    """(time, event) pairs as the EventStream yields them."""
    return [(time.monotonic(), event) for event in response["EventStream"]]


def test_invoke_with_response_stream_streams(lam, provided_fn):
    start = time.monotonic()
    r = lam.invoke_with_response_stream(FunctionName=provided_fn, Payload=json.dumps({"mode": "stream"}))
    assert r["StatusCode"] == 200
    assert r["ExecutedVersion"] == "$LATEST"
    assert r["ResponseStreamContentType"] == "application/vnd.amazon.eventstream"
    events = read_stream(r)
    chunks = [(t, e["PayloadChunk"]["Payload"]) for t, e in events if "PayloadChunk" in e]
    assert [c for _, c in chunks] == [b"first\n", b"second\n"]
    assert chunks[1][0] - chunks[0][0] >= 0.9, "the first chunk must arrive before the function finishes"
    assert chunks[0][0] - start < 0.9
    assert events[-1][1] == {"InvokeComplete": {}}


def test_invoke_with_response_stream_buffered_function(lam, python_fn):
    r = lam.invoke_with_response_stream(FunctionName=python_fn, Payload=b'{"a": 1}', LogType="Tail")
    events = [e for _, e in read_stream(r)]
    payload = b"".join(e["PayloadChunk"]["Payload"] for e in events if "PayloadChunk" in e)
    assert json.loads(payload) == {"a": 1}
    assert "InvokeComplete" in events[-1]
    assert "echo called" in base64.b64decode(events[-1]["InvokeComplete"]["LogResult"]).decode()


def test_invoke_with_response_stream_errors(lam, provided_fn):
    events = [e for _, e in read_stream(lam.invoke_with_response_stream(
        FunctionName=provided_fn, Payload=json.dumps({"mode": "fail-stream"})))]
    assert events[0] == {"PayloadChunk": {"Payload": b"partial\n"}}
    complete = events[-1]["InvokeComplete"]
    assert complete["ErrorCode"] == "StreamError"
    assert json.loads(complete["ErrorDetails"])["errorMessage"] == "broke mid-stream"
    events = [e for _, e in read_stream(lam.invoke_with_response_stream(
        FunctionName=provided_fn, Payload=json.dumps({"mode": "error"})))]
    assert events[-1]["InvokeComplete"]["ErrorCode"] == "CustomError"


def test_timeout_gives_aws_error(lam):
    name = unique("timeout")
    lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=ROLE, Handler="x", Timeout=1,
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "provided_stream"))})
    r = lam.invoke(FunctionName=name, Payload=json.dumps({"mode": "sleep", "seconds": 5}))
    assert r["FunctionError"] == "Unhandled"
    error = json.loads(r["Payload"].read())
    assert error["errorMessage"].endswith("Task timed out after 1.00 seconds")
    events = [e for _, e in read_stream(lam.invoke_with_response_stream(
        FunctionName=name, Payload=json.dumps({"mode": "sleep", "seconds": 5})))]
    assert events[-1]["InvokeComplete"]["ErrorCode"] == "Sandbox.Timedout"


def test_crash_gives_runtime_exit_error(lam, provided_fn):
    r = lam.invoke(FunctionName=provided_fn, Payload=json.dumps({"mode": "crash"}))
    assert r["FunctionError"] == "Unhandled"
    error = json.loads(r["Payload"].read())
    assert error["errorType"] == "Runtime.ExitError"
    # the next invocation starts a fresh process
    r = lam.invoke(FunctionName=provided_fn, Payload=json.dumps({"x": 1}))
    assert json.loads(r["Payload"].read()) == {"x": 1}


def test_function_url_response_stream_with_plain_http_client(lam, provided_fn):
    config = lam.create_function_url_config(FunctionName=provided_fn, AuthType="NONE", InvokeMode="RESPONSE_STREAM")
    assert config["ResponseMetadata"]["HTTPStatusCode"] == 201
    url = urlparse(config["FunctionUrl"])
    assert url.path == f"/lambda-url/{provided_fn}/"
    assert lam.get_function_url_config(FunctionName=provided_fn)["InvokeMode"] == "RESPONSE_STREAM"
    body = json.dumps({"mode": "lines"})
    # the function reads its mode from the event's body: send it as the POST body
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("POST", url.path + "stream?x=1", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 201
    assert response.getheader("Content-Type") == "text/plain"
    assert response.getheader("X-Custom") == "yes"
    assert response.getheader("Set-Cookie") == "a=1; Path=/"
    assert response.getheader("Transfer-Encoding") == "chunked"
    arrivals = []
    buffer = b""
    while True:
        data = response.read1(65536)
        if not data:
            break
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            arrivals.append((time.monotonic(), line))
    assert [line for _, line in arrivals] == [f"line {i}".encode() for i in range(5)]
    gaps = [b[0] - a[0] for a, b in zip(arrivals, arrivals[1:])]
    assert all(g >= 0.2 for g in gaps), gaps
    lam.delete_function_url_config(FunctionName=provided_fn)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_url_config(FunctionName=provided_fn)


def test_function_url_buffered(lam):
    name = unique("pyurl")
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.url",
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "python_basic"))})
    config = lam.create_function_url_config(FunctionName=name, AuthType="AWS_IAM")
    assert config["InvokeMode"] == "BUFFERED"
    url = urlparse(config["FunctionUrl"])
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("PUT", url.path + "a/b?k=v&k=w", body="hi", headers={"Content-Type": "text/plain"})
    unsigned = conn.getresponse()
    assert (unsigned.status, json.loads(unsigned.read())) == (403, {"Message": "Forbidden"})
    # AWS_IAM: a SigV4-signed request (service lambda); the signature is not checked
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    signed = AWSRequest(method="PUT", url=config["FunctionUrl"] + "a/b?k=v&k=w", data="hi",
                        headers={"Content-Type": "text/plain"})
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "lambda", "us-east-1").add_auth(signed)
    conn.request("PUT", url.path + "a/b?k=v&k=w", body="hi", headers=dict(signed.headers))
    response = conn.getresponse()
    assert response.status == 202
    assert response.getheader("X-Path") == "/a/b"
    assert response.getheader("Set-Cookie") == "session=abc"
    assert json.loads(response.read()) == {"method": "PUT", "query": {"k": "v,w"}, "body": "hi"}
    updated = lam.update_function_url_config(FunctionName=name, InvokeMode="RESPONSE_STREAM")
    assert updated["InvokeMode"] == "RESPONSE_STREAM"


def test_local_directory_function_through_the_cli(lam, server):
    name = unique("local")
    folder = os.path.join(tempfile.mkdtemp(), "fn")  # run in place: Python writes __pycache__ there
    import shutil
    shutil.copytree(os.path.join(FIXTURES, "python_basic"), folder)
    out = subprocess.run([BIN, "function", "create", name, "--dir", folder, "--handler", "app.echo",
                          "--runtime", "python3.12", "--env", "K=V", "--endpoint", server.endpoint],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    config = json.loads(out.stdout)
    assert config["Environment"] == {"Variables": {"K": "V"}}
    r = lam.invoke(FunctionName=name, Payload=b'{"local": true}')
    assert json.loads(r["Payload"].read()) == {"local": True}
    assert lam.get_function(FunctionName=name)["Code"]["Location"].startswith("file://")


def test_state_machine_with_lambda_invoke_retry_and_catch(lam, sfn):
    """lambda:invoke with a Retry on the function's custom error and a Catch: the history AWS
    records (TaskScheduled/Started/Failed per attempt, error = errorType, cause = error document)."""
    name = unique("sfnretry")
    fn = lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.retry_then_succeed",
                             Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "python_basic"))})["FunctionArn"]
    marker = os.path.join(tempfile.mkdtemp(), "count")
    definition = {
        "StartAt": "Invoke",
        "States": {
            "Invoke": {
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": fn, "Payload": {"marker": marker, "failures": 5}},
                "Retry": [{"ErrorEquals": ["CustomError"], "IntervalSeconds": 1, "MaxAttempts": 1}],
                "Catch": [{"ErrorEquals": ["CustomError"], "ResultPath": "$.error", "Next": "Handled"}],
                "End": True,
            },
            "Handled": {"Type": "Pass", "End": True},
        },
    }
    machine = sfn.create_state_machine(name=unique("sm"), definition=json.dumps(definition), roleArn=ROLE)
    arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input="{}")["executionArn"]
    from conftest import all_history, wait_done
    assert wait_done(sfn, arn)["status"] == "SUCCEEDED"
    events = all_history(sfn, arn)
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed",
        "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited",
        "ExecutionSucceeded"]
    scheduled = events[2]["taskScheduledEventDetails"]
    assert (scheduled["resource"], scheduled["resourceType"], scheduled["region"]) == ("invoke", "lambda", "us-east-1")
    failed = events[4]["taskFailedEventDetails"]
    assert (failed["error"], failed["resource"], failed["resourceType"]) == ("CustomError", "invoke", "lambda")
    cause = json.loads(failed["cause"])
    assert (cause["errorType"], cause["errorMessage"]) == ("CustomError", "attempt 1")
    assert list(cause) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert failed["cause"] == json.dumps(cause, separators=(",", ":"))  # compact, as AWS records it
    output = json.loads(events[-1]["executionSucceededEventDetails"]["output"])
    assert output["error"]["Error"] == "CustomError"
    assert json.loads(output["error"]["Cause"])["errorMessage"] == "attempt 2"


def test_state_machine_lambda_invoke_output_shape(lam, sfn, python_fn):
    definition = {"StartAt": "I", "States": {"I": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": python_fn, "Payload.$": "$"}, "End": True}}}
    machine = sfn.create_state_machine(name=unique("sm"), definition=json.dumps(definition), roleArn=ROLE,
                                       type="EXPRESS")
    result = sfn.start_sync_execution(stateMachineArn=machine["stateMachineArn"], input='{"k": [1, 2]}')
    assert result["status"] == "SUCCEEDED", result
    output = json.loads(result["output"])
    assert list(output) == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"]
    assert output["Payload"] == {"k": [1, 2]}
    assert output["StatusCode"] == 200
    assert output["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"] == str(len(json.dumps({"k": [1, 2]})))


def test_state_machine_with_bare_function_arn(lam, sfn, python_fn):
    arn = f"arn:aws:lambda:us-east-1:123456789012:function:{python_fn}"
    definition = {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": arn, "End": True}}}
    machine = sfn.create_state_machine(name=unique("sm"), definition=json.dumps(definition), roleArn=ROLE)
    execution = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input='{"bare": 1}')["executionArn"]
    from conftest import all_history, wait_done
    d = wait_done(sfn, execution)
    assert d["status"] == "SUCCEEDED", d
    assert json.loads(d["output"]) == {"bare": 1}
    types = [e["type"] for e in all_history(sfn, execution)]
    assert types == ["ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                     "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"]


def test_state_machine_lambda_invoke_wait_for_task_token(lam, sfn, server):
    name = unique("callback")
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.callback", Timeout=30,
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "python_basic"))})
    definition = {"StartAt": "I", "States": {"I": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": name, "Payload": {
            "token.$": "$$.Task.Token", "endpoint": server.endpoint, "value.$": "$.value"}},
        "End": True}}}
    machine = sfn.create_state_machine(name=unique("sm"), definition=json.dumps(definition), roleArn=ROLE)
    execution = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input='{"value": 7}')["executionArn"]
    from conftest import all_history, wait_done
    d = wait_done(sfn, execution)
    assert d["status"] == "SUCCEEDED", d
    assert json.loads(d["output"]) == {"called": 7}
    types = [e["type"] for e in all_history(sfn, execution)]
    assert types == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
                     "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]


def test_functions_and_urls_survive_a_restart():
    from conftest import Server
    server = Server(time_scale=0).start()
    try:
        lam = lambda_client(server)
        name = unique("durable")
        created = lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=ROLE, Handler="x",
                                      Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "provided_stream"))})
        lam.create_function_url_config(FunctionName=name, AuthType="NONE", InvokeMode="RESPONSE_STREAM")
        server.stop()
        server.start()
        lam = lambda_client(server)
        config = lam.get_function_configuration(FunctionName=name)
        assert (config["CodeSha256"], config["RevisionId"]) == (created["CodeSha256"], created["RevisionId"])
        assert lam.get_function_url_config(FunctionName=name)["InvokeMode"] == "RESPONSE_STREAM"
        r = lam.invoke(FunctionName=name, Payload=b'{"after": "restart"}')
        assert json.loads(r["Payload"].read()) == {"after": "restart"}
    finally:
        server.stop()


def test_function_url_cors(lam, python_fn):
    config = lam.create_function_url_config(
        FunctionName=python_fn, AuthType="NONE",
        Cors={"AllowOrigins": ["https://app.example"], "AllowMethods": ["GET", "POST"], "AllowHeaders": ["x-k"],
              "ExposeHeaders": ["x-out"], "MaxAge": 60, "AllowCredentials": True})
    assert config["Cors"]["AllowOrigins"] == ["https://app.example"]
    url = urlparse(config["FunctionUrl"])
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("OPTIONS", url.path, headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
    preflight = conn.getresponse()
    preflight.read()
    assert preflight.status == 200
    assert preflight.getheader("Access-Control-Allow-Origin") == "https://app.example"
    assert preflight.getheader("Access-Control-Allow-Methods") == "GET,POST"
    assert preflight.getheader("Access-Control-Max-Age") == "60"
    conn.request("POST", url.path, body='{"v": 1}', headers={"Origin": "https://app.example",
                                                             "Content-Type": "application/json"})
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.getheader("Access-Control-Allow-Origin") == "https://app.example"
    assert response.getheader("Access-Control-Expose-Headers") == "x-out"
    assert response.getheader("Access-Control-Allow-Credentials") == "true"
    assert body["body"] == '{"v": 1}' and body["requestContext"]["http"]["method"] == "POST"
    conn.request("GET", url.path, headers={"Origin": "https://other.example"})
    other = conn.getresponse()
    other.read()
    assert other.getheader("Access-Control-Allow-Origin") is None
    lam.delete_function_url_config(FunctionName=python_fn)


def test_reserved_concurrency_throttles(lam):
    import threading
    name = unique("throttle")
    lam.create_function(FunctionName=name, Runtime="provided.al2023", Role=ROLE, Handler="x", Timeout=10,
                        Code={"ZipFile": zip_folder(os.path.join(FIXTURES, "provided_stream"))})
    assert lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=1)[
        "ReservedConcurrentExecutions"] == 1
    assert lam.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 1
    assert lam.get_function(FunctionName=name)["Concurrency"] == {"ReservedConcurrentExecutions": 1}
    busy = threading.Thread(target=lambda: lam.invoke(FunctionName=name, Payload=json.dumps({"mode": "sleep", "seconds": 2})))
    busy.start()
    time.sleep(0.7)
    with pytest.raises(lam.exceptions.TooManyRequestsException) as throttled:
        lam.invoke(FunctionName=name, Payload=b"{}")
    assert throttled.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert throttled.value.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    busy.join()
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    with pytest.raises(lam.exceptions.TooManyRequestsException):
        lam.invoke(FunctionName=name, Payload=b"{}")
    lam.delete_function_concurrency(FunctionName=name)
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=name)
    assert json.loads(lam.invoke(FunctionName=name, Payload=b'{"ok": 1}')["Payload"].read()) == {"ok": 1}
