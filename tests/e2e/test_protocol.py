"""The AWS JSON 1.0 protocol layer through raw HTTP: routing, AWS-shaped errors, body limit."""
import json
import urllib.error
import urllib.request


def post(server, target, body, content_type="application/x-amz-json-1.0"):
    headers = {"Content-Type": content_type, "Host": "states.us-east-1.amazonaws.com"}
    if target is not None:
        headers["X-Amz-Target"] = target
    request = urllib.request.Request(server.endpoint + "/", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers), json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"{}")


def test_unknown_operation(server):
    status, headers, body = post(server, "AWSStepFunctions.NoSuchOperation", b"{}")
    assert status == 400
    assert body["__type"].endswith("#UnknownOperationException")
    assert headers["x-amzn-ErrorType"].startswith("UnknownOperationException")
    assert headers["x-amzn-RequestId"]
    status, _, body = post(server, None, b"{}")
    assert status == 400 and body["__type"].endswith("#UnknownOperationException")


def test_malformed_json_and_types(server):
    status, _, body = post(server, "AWSStepFunctions.ListStateMachines", b"{not json")
    assert status == 400 and body["__type"].endswith("#SerializationException")
    status, _, body = post(server, "AWSStepFunctions.ListStateMachines", b'{"maxResults": "ten"}')
    assert status == 400 and body["__type"].endswith("#SerializationException")
    status, _, body = post(server, "AWSStepFunctions.DescribeStateMachine", b"{}")
    assert status == 400 and body["__type"].endswith("#ValidationException")
    assert body["message"] == ("1 validation error detected: Value null at 'stateMachineArn' failed to satisfy "
                               "constraint: Member must not be null")


def test_empty_body_is_an_empty_request(server):
    status, headers, body = post(server, "AWSStepFunctions.ListStateMachines", b"")
    assert status == 200 and "stateMachines" in body
    assert headers["Content-Type"] == "application/x-amz-json-1.0"


def test_body_over_10_mb_is_refused_and_server_survives(server):
    big = b'{"definition": "' + b"x" * (10 * 1024 * 1024 + 10) + b'"}'
    try:
        status, _, body = post(server, "AWSStepFunctions.ValidateStateMachineDefinition", big)
        assert status == 413 and body["__type"].endswith("#RequestEntityTooLargeException")
    except (ConnectionError, urllib.error.URLError):
        pass  # the server may close the connection before reading the whole body
    status, _, _ = post(server, "AWSStepFunctions.ListStateMachines", b"{}")
    assert status == 200


def test_any_path_and_host(server):
    request = urllib.request.Request(server.endpoint + "/some/path", data=b"{}", method="POST", headers={
        "X-Amz-Target": "AWSStepFunctions.ListStateMachines", "Content-Type": "application/x-amz-json-1.0",
        "Host": "sync-whatever.example"})
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 200
