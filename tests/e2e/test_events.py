"""Live event streams: GET /executions/{executionArn}/events (docs/events.md).

A server on time scale 0.05 (a 2 s Wait lasts 0.1 s). Every watcher must receive each history
event exactly once, in order, equal byte for byte to GetExecutionHistory's, across reconnects.
"""
import http.client
import json
import threading
import time
import urllib.parse

import pytest

from conftest import ROLE, Server, unique

SCALE = 0.05


@pytest.fixture(scope="module")
def scaled():
    s = Server(time_scale=SCALE).start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def client(scaled):
    return scaled.client()


def waits(count, seconds=2):
    states = {}
    for i in range(count):
        states[f"W{i}"] = {"Type": "Wait", "Seconds": seconds, "Next": f"W{i + 1}" if i + 1 < count else "Done"}
    states["Done"] = {"Type": "Pass", "Result": {"done": True}, "End": True}
    return json.dumps({"StartAt": "W0", "States": states})


def machine(client, definition, kind="STANDARD"):
    return client.create_state_machine(name=unique("ev"), definition=definition, roleArn=ROLE,
                                       type=kind)["stateMachineArn"]


def raw_history(server, arn):
    """GetExecutionHistory's body as the server wrote it (the events' exact JSON text)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("POST", "/", body=json.dumps({"executionArn": arn, "maxResults": 1000}),
                  headers={"X-Amz-Target": "AWSStepFunctions.GetExecutionHistory",
                           "Content-Type": "application/x-amz-json-1.0"})
    body = conn.getresponse().read().decode()
    conn.close()
    return body


def open_stream(server, arn, headers=None, query="", encode=True):
    path_arn = urllib.parse.quote(arn, safe="") if encode else arn
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", f"/executions/{path_arn}/events{query}", headers=headers or {})
    return conn, conn.getresponse()


def read_lines(resp, stop_after=None):
    """(received time, line text) until the response ends, or after `stop_after` lines."""
    out = []
    while stop_after is None or len(out) < stop_after:
        line = resp.readline()
        if not line:
            break
        out.append((time.monotonic(), line.decode().rstrip("\n")))
    return out


def follow(server, arn, **kw):
    conn, resp = open_stream(server, arn, **kw)
    assert resp.status == 200, resp.read()
    lines = read_lines(resp)
    conn.close()
    return resp, [text for _, text in lines]


def assert_complete(server, arn, texts):
    ids = [json.loads(t)["id"] for t in texts]
    assert ids == list(range(1, len(ids) + 1))
    assert json.loads(texts[-1])["type"] == "ExecutionSucceeded"
    assert '{"events":[' + ",".join(texts) + "]}" == raw_history(server, arn)


def test_follows_a_standard_execution_while_it_runs(scaled, client):
    sm = machine(client, waits(5))
    started_at = time.monotonic()
    arn = client.start_execution(stateMachineArn=sm, name=unique("e"))["executionArn"]
    conn, resp = open_stream(scaled, arn)
    assert resp.status == 200
    assert resp.getheader("Content-Type") == "application/x-ndjson"
    lines = read_lines(resp)
    conn.close()
    texts = [t for _, t in lines]
    assert_complete(scaled, arn, texts)
    # Live: the first events arrived long before the last (five waits of 0.1 s in between).
    assert lines[-1][0] - lines[0][0] >= 5 * 2 * SCALE * 0.9
    # Each WaitStateExited arrives about when its wait ends, in increasing times.
    exits = [t for t, text in lines if json.loads(text)["type"] == "WaitStateExited"]
    assert len(exits) == 5 and exits == sorted(exits)
    assert exits[0] - started_at >= 2 * SCALE * 0.9


def test_reconnect_with_last_event_id_gets_each_event_once(scaled, client):
    sm = machine(client, waits(4))
    arn = client.start_execution(stateMachineArn=sm, name=unique("e"))["executionArn"]
    conn, resp = open_stream(scaled, arn)
    first = [t for _, t in read_lines(resp, stop_after=3)]
    conn.close()  # disconnect midway
    last = json.loads(first[-1])["id"]
    assert last == 3
    time.sleep(0.15)  # the execution carries on meanwhile
    _, rest = follow(scaled, arn, headers={"Last-Event-ID": str(last)})
    assert_complete(scaled, arn, first + rest)
    # ?after=N does the same; the raw (unencoded) ARN works in the path too.
    _, tail = follow(scaled, arn, query="?after=5", encode=False)
    assert [json.loads(t)["id"] for t in tail] == list(range(6, len(first + rest) + 1))


def test_closed_execution_sends_its_history_and_ends(scaled, client):
    sm = machine(client, json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
    arn = client.start_execution(stateMachineArn=sm, name=unique("e"))["executionArn"]
    _, texts = follow(scaled, arn)
    assert_complete(scaled, arn, texts)
    _, none = follow(scaled, arn, query=f"?after={len(texts)}")
    assert none == []


def test_server_sent_events(scaled, client):
    sm = machine(client, waits(2))
    arn = client.start_execution(stateMachineArn=sm, name=unique("e"))["executionArn"]
    conn, resp = open_stream(scaled, arn, headers={"Accept": "text/event-stream"})
    assert resp.getheader("Content-Type") == "text/event-stream"
    body = resp.read().decode()
    conn.close()
    blocks = body.split("\n\n")
    assert blocks[-1] == ""
    texts = []
    for n, block in enumerate(blocks[:-1], start=1):
        fields = block.split("\n")
        assert fields[0] == f"id: {n}"
        assert fields[1].startswith("event: ") and fields[2].startswith("data: ") and len(fields) == 3
        data = fields[2][len("data: "):]
        assert json.loads(data)["type"] == fields[1][len("event: "):]
        texts.append(data)
    assert_complete(scaled, arn, texts)


def test_activity_task_completed_while_followed(scaled, client):
    activity = client.create_activity(name=unique("act"))["activityArn"]
    sm = machine(client, json.dumps({"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": activity, "End": True}}}))
    arn = client.start_execution(stateMachineArn=sm, name=unique("e"), input='{"n":1}')["executionArn"]
    conn, resp = open_stream(scaled, arn)
    head = [t for _, t in read_lines(resp, stop_after=3)]
    assert [json.loads(t)["type"] for t in head] == ["ExecutionStarted", "TaskStateEntered", "ActivityScheduled"]
    assert client.describe_execution(executionArn=arn)["status"] == "RUNNING"
    task = client.get_activity_task(activityArn=activity, workerName="w")
    client.send_task_success(taskToken=task["taskToken"], output='{"ok":true}')
    tail = [t for _, t in read_lines(resp)]
    conn.close()
    assert_complete(scaled, arn, head + tail)
    assert "ActivityStarted" in [json.loads(t)["type"] for t in tail]


def test_many_watchers_each_get_everything(scaled, client):
    sm = machine(client, waits(3))
    arn = client.start_execution(stateMachineArn=sm, name=unique("e"))["executionArn"]
    results = [None] * 25

    def watch(i):
        results[i] = follow(scaled, arn)[1]

    threads = [threading.Thread(target=watch, args=(i,)) for i in range(len(results))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for texts in results:
        assert_complete(scaled, arn, texts)


def test_express_execution(scaled, client):
    sm = machine(client, waits(3), kind="EXPRESS")
    arn = client.start_execution(stateMachineArn=sm, name=unique("x"))["executionArn"]
    assert ":express:" in arn
    conn, resp = open_stream(scaled, arn)
    assert resp.status == 200
    lines = read_lines(resp)
    conn.close()
    texts = [t for _, t in lines]
    events = [json.loads(t) for t in texts]
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["type"] == "ExecutionStarted" and events[-1]["type"] == "ExecutionSucceeded"
    assert events[0]["executionStartedEventDetails"]["input"] == "{}"
    assert lines[-1][0] - lines[0][0] >= 3 * 2 * SCALE * 0.9
    # Kept after it ran: a later watcher reads it again, from an id too.
    _, again = follow(scaled, arn, headers={"Last-Event-ID": "2"})
    assert again == texts[2:]


def test_unknown_and_malformed_executions(scaled):
    arn = "arn:aws:states:us-east-1:123456789012:execution:nope:nope"
    conn, resp = open_stream(scaled, arn)
    assert resp.status == 404
    body = json.loads(resp.read())
    assert body["__type"].endswith("#ExecutionDoesNotExist")
    assert body["message"] == f"Execution Does Not Exist: '{arn}'"
    conn.close()
    conn, resp = open_stream(scaled, "arn:aws:states:us-east-1:123456789012:express:nope:n:u")
    assert resp.status == 404
    conn.close()
    conn, resp = open_stream(scaled, "not-an-arn")
    assert resp.status == 400
    assert json.loads(resp.read())["__type"].endswith("#InvalidArn")
    conn.close()
    conn, resp = open_stream(scaled, arn, query="?after=x")
    assert resp.status == 400
    conn.close()
