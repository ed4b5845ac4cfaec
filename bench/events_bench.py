#!/usr/bin/env python3
"""Latency of live event streams (docs/events.md), run by hand:

    swift build -c release && .build/release/sluice serve --port 8093 --data /tmp/evbench --time-scale 0.01 &
    python3 bench/events_bench.py --endpoint http://127.0.0.1:8093 --watchers 100

Each execution is a chain of Wait states (5 s nominal = 50 ms real at time scale 0.01); every
timer firing is its own transition and its own group commit. `--watchers` connections follow the
execution from the start (one thread, non-blocking sockets, select), each stamping every line it
receives with time.time().

What is measured: an event's `timestamp` is the execution clock when the transition was applied
(just before its group commit), on the nominal scale: wall = start + (timestamp - start) x scale,
with start the ExecutionStarted timestamp (at scale 0.01 that is exact to 0.01 ms). receive - wall
is thus "transition applied -> commit (fsync) -> published -> written -> read by the watcher": an
upper bound of commit -> watcher. Events of the first transition (read from the store as
backlog, before the watchers were connected) are left out. Same machine, same clock.
"""
import argparse
import json
import selectors
import socket
import statistics
import time
import urllib.parse

import boto3
from botocore.config import Config


def client(endpoint):
    return boto3.client("stepfunctions", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x",
                        aws_secret_access_key="x", config=Config(inject_host_prefix=False))


class Watcher:
    """One streaming GET, its chunked body decoded by hand; stamps each complete line."""

    def __init__(self, host, port, arn):
        self.sock = socket.create_connection((host, port))
        path = f"/executions/{urllib.parse.quote(arn, safe='')}/events"
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        self.sock.setblocking(False)
        self.raw = b""
        self.headers_done = False
        self.body = b""
        self.lines = []  # (receive time, text)
        self.done = False

    def on_readable(self):
        now = time.time()
        data = self.sock.recv(1 << 16)
        if not data:
            self.done = True
            return
        self.raw += data
        if not self.headers_done:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return
            self.raw = self.raw[end + 4:]
            self.headers_done = True
        while True:  # chunks: size CRLF data CRLF
            eol = self.raw.find(b"\r\n")
            if eol < 0:
                return
            size = int(self.raw[:eol], 16)
            if size == 0:
                self.done = True
                return
            if len(self.raw) < eol + 2 + size + 2:
                return
            self.body += self.raw[eol + 2:eol + 2 + size]
            self.raw = self.raw[eol + 2 + size + 2:]
            *complete, self.body = self.body.split(b"\n")
            for line in complete:
                self.lines.append((now, line.decode()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", default="http://127.0.0.1:8093")
    ap.add_argument("--watchers", type=int, default=100)
    ap.add_argument("--waits", type=int, default=20)
    ap.add_argument("--executions", type=int, default=3)
    ap.add_argument("--scale", type=float, default=0.01, help="the server's --time-scale")
    args = ap.parse_args()
    url = urllib.parse.urlparse(args.endpoint)
    sfn = client(args.endpoint)
    states = {f"W{i}": {"Type": "Wait", "Seconds": 5, "Next": f"W{i + 1}" if i + 1 < args.waits else "Done"}
              for i in range(args.waits)}
    states["Done"] = {"Type": "Succeed"}
    sm = sfn.create_state_machine(name=f"events-bench-{int(time.time())}", roleArn="arn:aws:iam::1:role/r",
                                  definition=json.dumps({"StartAt": "W0", "States": states}))["stateMachineArn"]
    latencies = []
    for run in range(args.executions):
        arn = sfn.start_execution(stateMachineArn=sm)["executionArn"]
        watchers = [Watcher(url.hostname, url.port, arn) for _ in range(args.watchers)]
        sel = selectors.DefaultSelector()
        for w in watchers:
            sel.register(w.sock, selectors.EVENT_READ, w)
        open_count = len(watchers)
        while open_count:
            for key, _ in sel.select(timeout=30):
                w = key.data
                w.on_readable()
                if w.done:
                    sel.unregister(w.sock)
                    w.sock.close()
                    open_count -= 1
        expected = None
        for w in watchers:
            events = [(t, json.loads(text)) for t, text in w.lines]
            ids = [e["id"] for _, e in events]
            assert ids == list(range(1, len(ids) + 1)), ids
            expected = expected or len(ids)
            assert len(ids) == expected
            start = events[0][1]["timestamp"]
            first_batch = 2  # ExecutionStarted, WaitStateEntered: applied before anyone watched
            for t, e in events[first_batch:]:
                wall = start + (e["timestamp"] - start) * args.scale
                latencies.append((t - wall) * 1000)
        print(f"execution {run + 1}: {args.watchers} watchers x {expected} events, all complete and in order")
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(f"transition applied -> watcher received, {len(latencies)} samples: "
          f"p50 {pct(50):.2f} ms, p90 {pct(90):.2f} ms, p99 {pct(99):.2f} ms, max {latencies[-1]:.2f} ms, "
          f"mean {statistics.mean(latencies):.2f} ms")


if __name__ == "__main__":
    main()
