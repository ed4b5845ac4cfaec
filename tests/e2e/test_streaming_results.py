"""The seed pattern end to end (examples/streaming-results, the seed's own integration test):
deploy the app into a server at a small time scale, POST, read completeLambdaResultURL with a
plain HTTP client chunk by chunk: five lines in order, each in its own chunk, at increasing times
matching the scaled 7 s waits, the last with "FinalResult": true; ten concurrent runs each receive
exactly their own five lines.
"""
import http.client
import json
import os
import re
import sys
import threading
import time
import urllib.parse

import pytest

from conftest import ROOT, Server

sys.path.insert(0, os.path.join(ROOT, "examples", "streaming-results"))
import deploy  # noqa: E402

SCALE = 0.05  # a 7 s wait lasts 0.35 s
WAIT = 7 * SCALE


@pytest.fixture(scope="module")
def app():
    server = Server(time_scale=SCALE).start()
    try:
        ddb, lam, _ = deploy.clients(server.endpoint, "us-east-1")
        try:
            lam.list_functions()
            ddb.list_tables()
        except Exception as error:  # noqa: BLE001
            pytest.skip(f"this server has no Lambda API or DynamoDB yet: {error}")
        outputs = deploy.deploy(server.endpoint, stack="ci", params={"DDBPollingWaitMs": 20})
        yield server, outputs
    finally:
        server.stop()


def request(url, method="GET", body=None):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn.request(method, path, body=body)
    return conn, conn.getresponse()


def post(outputs):
    conn, resp = request(outputs["PostURL"], "POST")
    assert resp.status == 200
    answer = json.loads(resp.read())
    conn.close()
    return answer


def read_chunks(resp):
    """The chunked body chunk by chunk, as it arrives: [(monotonic time, bytes)]."""
    assert resp.getheader("Transfer-Encoding") == "chunked"
    resp.chunked = False  # read the framing ourselves
    fp, chunks = resp.fp, []
    while True:
        size = int(fp.readline().split(b";")[0].strip(), 16)
        if size == 0:
            while fp.readline() not in (b"\r\n", b"\n", b""):  # trailers
                pass
            return chunks
        data = fp.read(size)
        fp.readline()
        chunks.append((time.monotonic(), data))


def run_once(outputs):
    posted_at = time.monotonic()
    answer = post(outputs)
    workflow = answer["workflow"]
    conn, resp = request(workflow["completeLambdaResultURL"])
    assert resp.status == 200
    assert resp.getheader("Content-Type") == "text/plain"
    chunks = read_chunks(resp)
    conn.close()
    return posted_at, workflow, chunks


def check_run(outputs, posted_at, workflow, chunks):
    arn = workflow["executionArn"]
    key = ":".join(arn.split(":")[6:9])
    assert len(chunks) == 5, chunks
    lines = []
    for index, (_, data) in enumerate(chunks):
        text = data.decode()
        assert text.endswith("\n") and text.count("\n") == 1  # one whole line per chunk
        line = json.loads(text)
        assert line["Result"] == f"This is simulated result {index}"
        assert line["ExecutionArn"] == key and re.match("ExampleWorkflow.*", line["ExecutionArn"])
        assert isinstance(line["ResultTimestamp"], str)
        assert ("FinalResult" in line) == (index == 4)
        lines.append(line)
    assert lines[-1]["FinalResult"] is True
    assert [l["ResultTimestamp"] for l in lines] == sorted(l["ResultTimestamp"] for l in lines)
    times = [t for t, _ in chunks]
    assert times[0] - posted_at >= WAIT * 0.8
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(WAIT * 0.5 <= gap <= WAIT * 4 for gap in gaps), gaps


def test_post_answers_the_seeds_json(app):
    server, outputs = app
    answer = post(outputs)
    assert set(answer) == {"workflow"}
    workflow = answer["workflow"]
    assert set(workflow) == {"executionArn", "lambdaResultURL", "completeLambdaResultURL", "startDate"}
    arn = workflow["executionArn"]
    assert re.fullmatch(r"arn:aws:states:us-east-1:\d{12}:express:ExampleWorkflow-ci:[^:]+:[^:]+", arn)
    assert workflow["lambdaResultURL"] == outputs["StreamingFunctionURL"]
    assert workflow["completeLambdaResultURL"] == (
        outputs["StreamingFunctionURL"] + "?executionArn=" + urllib.parse.quote(arn, safe=""))
    assert "%3A" in workflow["completeLambdaResultURL"]
    assert isinstance(workflow["startDate"], str) and float(workflow["startDate"]) > 1.6e9


def test_five_lines_each_in_its_own_chunk_at_the_scaled_waits(app):
    _, outputs = app
    check_run(outputs, *run_once(outputs))


def test_ten_concurrent_runs_each_get_their_own_lines(app):
    _, outputs = app
    results, errors = [None] * 10, []

    def one(i):
        try:
            results[i] = run_once(outputs)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    for posted_at, workflow, chunks in results:
        keys = {json.loads(data)["ExecutionArn"] for _, data in chunks}
        assert keys == {":".join(workflow["executionArn"].split(":")[6:9])}
        assert [json.loads(d)["Result"] for _, d in chunks] == [f"This is simulated result {i}" for i in range(5)]
    assert len({w["executionArn"] for _, w, _ in results}) == 10


def test_missing_execution_arn_is_an_error(app):
    _, outputs = app
    conn, resp = request(outputs["StreamingFunctionURL"])
    assert resp.status == 502
    conn.close()
