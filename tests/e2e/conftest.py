"""End-to-end tests of `sluice serve` through boto3.

Each server runs on a free loopback port with a fresh temporary data folder. The binary is
$SLUICE_BIN (the Makefile builds it and sets it), else .build/debug/sluice.
"""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time

import boto3
import pytest
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SLUICE_BIN") or os.path.join(ROOT, ".build", "debug", "sluice")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `sluice serve` process; start/kill/restart on the same data folder."""

    def __init__(self, time_scale, data_dir=None, activity_poll_seconds=1):
        self.time_scale = time_scale
        self.activity_poll_seconds = activity_poll_seconds
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="sluice-e2e-")
        self.port = free_port()
        self.proc = None
        self.log = open(os.path.join(self.data_dir, "server.log"), "ab")

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.proc = subprocess.Popen(
            [BIN, "serve", "--port", str(self.port), "--data", self.data_dir,
             "--time-scale", str(self.time_scale), "--activity-poll-seconds", str(self.activity_poll_seconds), "--log-level", "warning"],
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sluice serve exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("sluice serve did not start listening within 30 s")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def client(self):
        session = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
                                        region_name="us-east-1")
        return session.client("stepfunctions", endpoint_url=self.endpoint, config=Config(
            inject_host_prefix=False, retries={"max_attempts": 0}, connect_timeout=5, read_timeout=30))


@pytest.fixture(scope="session")
def server():
    s = Server(time_scale=0).start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def sfn(server):
    return server.client()


@pytest.fixture(scope="session")
def realtime_server():
    """A server on real time, for executions that must stay RUNNING for a while."""
    s = Server(time_scale=1).start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def sfn_rt(realtime_server):
    return realtime_server.client()


ROLE = "arn:aws:iam::123456789012:role/sluice-e2e"

PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": 1}, "End": True}}})
FAIL = json.dumps({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "it broke"}}})


def wait_seconds(seconds):
    return json.dumps({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": seconds, "Next": "P"},
        "P": {"Type": "Pass", "End": True}}})


_counter = [0]


def unique(prefix):
    _counter[0] += 1
    return f"{prefix}-{os.getpid()}-{_counter[0]}-{int(time.time() * 1000) % 100000}"


def wait_done(client, arn, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        d = client.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING" or time.monotonic() > deadline:
            return d
        time.sleep(0.05)


def all_history(client, arn, **kw):
    events, token = [], None
    while True:
        args = dict(executionArn=arn, **kw)
        if token:
            args["nextToken"] = token
        page = client.get_execution_history(**args)
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events
