#!/usr/bin/env python3
"""Benchmarks of a Step Functions server over loopback (issue 3), run by hand, never in CI.

    swift build -c release --product sluice
    .build/release/sluice serve --port 8083 --data /tmp/sluice-bench --log-level warning &
    python3 bench/server_bench.py standard --endpoint http://127.0.0.1:8083 --clients 200 --executions 20000
    python3 bench/server_bench.py express  --endpoint http://127.0.0.1:8083 --executions 5000
    moto_server -p 5055 &
    python3 bench/server_bench.py standard --moto --endpoint http://127.0.0.1:5055 --clients 200 --executions 400
    python3 bench/server_bench.py express  --moto --endpoint http://127.0.0.1:5055 --executions 200

Workloads:
  standard  durable Standard executions of a 10-state Pass chain, started from --clients concurrent
            keep-alive connections (spread over --processes client processes); the clock runs from the
            first StartExecution to the moment no execution is RUNNING any more. Reported: executions
            and state transitions (10 per execution) per second.
  express   StartSyncExecution of a 3-state Express machine from one keep-alive connection, one after
            the other: p50/p99 latency; then --clients connections at once: executions per second.
            moto has no StartSyncExecution: with --moto the workload is StartExecution + polling
            DescribeExecution until the execution ends (latency = start to seen finished).

The client speaks AWS JSON 1.0 over raw keep-alive sockets with hand-built requests (no SDK: boto3's
own overhead would dominate). With --moto every execution runs in a fresh account
(`x-moto-account-id`), since moto 5.2.1 runs only one execution per account, and the state
machines are created per account before the clock starts.
"""
import argparse
import json
import multiprocessing
import os
import socket
import statistics
import sys
import time
import urllib.parse

ROLE = "arn:aws:iam::123456789012:role/bench"


def pass_chain(n=10):
    states = {}
    for k in range(n):
        s = {"Type": "Pass", "Parameters": {"value.$": "$.value", "step": k}, "ResultPath": "$.last"}
        s.update({"End": True} if k == n - 1 else {"Next": f"S{k + 1}"})
        states[f"S{k}"] = s
    return {"StartAt": "S0", "States": states}


class Connection:
    """One keep-alive HTTP/1.1 connection speaking AWS JSON 1.0."""

    def __init__(self, endpoint):
        url = urllib.parse.urlparse(endpoint)
        self.addr = (url.hostname, url.port or 80)
        self.sock = None
        self.buf = b""

    def _connect(self):
        self.sock = socket.create_connection(self.addr)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def call(self, operation, body, account=None):
        payload = json.dumps(body).encode()
        head = (f"POST / HTTP/1.1\r\nHost: {self.addr[0]}:{self.addr[1]}\r\n"
                f"X-Amz-Target: AWSStepFunctions.{operation}\r\nContent-Type: application/x-amz-json-1.0\r\n"
                f"Content-Length: {len(payload)}\r\n"
                # moto routes by the service named in the credential scope; Sluice ignores it.
                "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/states/aws4_request, "
                "SignedHeaders=host, Signature=0\r\n")
        if account:
            head += f"x-moto-account-id: {account}\r\n"
        request = head.encode() + b"\r\n" + payload
        for attempt in range(2):
            if self.sock is None:
                self._connect()
            try:
                self.sock.sendall(request)
                status, headers, data = self._read()
                break
            except (ConnectionError, EOFError):
                self.sock = None
                if attempt:
                    raise
        if headers.get("connection", "").lower() == "close":
            self.sock.close()
            self.sock = None
        answer = json.loads(data) if data else {}
        if status != 200:
            raise RuntimeError(f"{operation}: HTTP {status} {answer}")
        return answer

    def _read(self):
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        if "content-length" in headers:
            length = int(headers["content-length"])
            while len(self.buf) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError
                self.buf += chunk
            data, self.buf = self.buf[:length], self.buf[length:]
        else:  # HTTP/1.0-style: the body runs to the end of the connection
            data = self.buf
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                data += chunk
            self.buf = b""
            headers["connection"] = "close"
        return status, headers, data


# --- standard -----------------------------------------------------------------------------------

def _standard_worker(args):
    """One client process: `threads` connections, each starting its share of executions."""
    import threading
    endpoint, jobs, threads = args
    arns, errors = [], []
    lock = threading.Lock()

    def run(part):
        conn = Connection(endpoint)
        mine = []
        for machine, name, account in part:
            try:
                mine.append((conn.call("StartExecution", {"stateMachineArn": machine, "name": name,
                                                          "input": '{"value": 1}'}, account)["executionArn"], account))
            except Exception as e:  # noqa: BLE001 - reported, not hidden
                with lock:
                    errors.append(repr(e))
        with lock:
            arns.extend(mine)

    workers = [threading.Thread(target=run, args=(jobs[k::threads],)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return arns, errors


def bench_standard(opts):
    control = Connection(opts.endpoint)
    definition = json.dumps(pass_chain(10))
    run_id = f"{int(time.time())}-{os.getpid()}"
    jobs = []
    if opts.moto:
        for k in range(opts.executions):
            account = f"{100000000000 + k + (int(time.time()) % 1000) * 100000:012d}"
            sm = control.call("CreateStateMachine", {"name": "chain", "definition": definition, "roleArn": ROLE},
                              account)["stateMachineArn"]
            jobs.append((sm, f"e-{run_id}-{k}", account))
    else:
        sm = control.call("CreateStateMachine", {"name": f"chain-{run_id}", "definition": definition,
                                                 "roleArn": ROLE})["stateMachineArn"]
        jobs = [(sm, f"e{k}", None) for k in range(opts.executions)]
    per_process = opts.clients // opts.processes
    shares = [(opts.endpoint, jobs[p::opts.processes], per_process) for p in range(opts.processes)]
    t0 = time.perf_counter()
    with multiprocessing.Pool(opts.processes) as pool:
        results = pool.map(_standard_worker, shares)
    started_at = time.perf_counter()
    arns = [a for r in results for a in r[0]]
    errors = [e for r in results for e in r[1]]
    # Wait until no execution is RUNNING any more.
    if opts.moto:
        pending = list(arns)
        while pending:
            pending = [(a, acct) for a, acct in pending
                       if control.call("DescribeExecution", {"executionArn": a}, acct)["status"] == "RUNNING"]
            if pending:
                time.sleep(0.01)
    else:
        while control.call("ListExecutions", {"stateMachineArn": sm, "statusFilter": "RUNNING",
                                              "maxResults": 1})["executions"]:
            time.sleep(0.005)
    elapsed = time.perf_counter() - t0
    sample, acct = arns[-1]
    history = control.call("GetExecutionHistory", {"executionArn": sample, "maxResults": 1000}, acct)["events"]
    per_execution = sum(1 for e in history if e["type"].endswith("StateEntered"))
    status = control.call("DescribeExecution", {"executionArn": sample}, acct)["status"]
    n = len(arns)
    print(json.dumps({
        "workload": "standard-10-pass", "server": "moto" if opts.moto else "sluice", "clients": opts.clients,
        "processes": opts.processes, "executions": n, "errors": len(errors), "first_error": errors[:1],
        "sample_status": status, "transitions_per_execution": per_execution,
        "start_phase_s": round(started_at - t0, 3), "elapsed_s": round(elapsed, 3),
        "executions_per_s": round(n / elapsed, 1), "transitions_per_s": round(n * per_execution / elapsed, 1)}))


# --- express ------------------------------------------------------------------------------------

EXPRESS = json.dumps({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Parameters": {"n.$": "$.n", "step": "a"}, "Next": "B"},
    "B": {"Type": "Pass", "Parameters": {"n.$": "$.n", "step": "b"}, "Next": "C"},
    "C": {"Type": "Pass", "Parameters": {"n.$": "$.n", "done": True}, "End": True}}})


def _express_one(conn, machine, k, moto_account=None):
    if moto_account is None:
        out = conn.call("StartSyncExecution", {"stateMachineArn": machine, "input": json.dumps({"n": k})})
        assert out["status"] == "SUCCEEDED", out
        return
    arn = conn.call("StartExecution", {"stateMachineArn": machine, "name": f"x{k}", "input": json.dumps({"n": k})},
                    moto_account)["executionArn"]
    while conn.call("DescribeExecution", {"executionArn": arn}, moto_account)["status"] == "RUNNING":
        time.sleep(0.001)


def _express_setup(opts, conn, count, offset=0):
    """(machine, account) per execution: one machine for Sluice; one account + machine each for moto."""
    if not opts.moto:
        sm = conn.call("CreateStateMachine", {"name": f"express-{int(time.time())}-{os.getpid()}", "definition": EXPRESS,
                                              "roleArn": ROLE, "type": "EXPRESS"})["stateMachineArn"]
        return [(sm, None)] * count
    base = 200000000000 + (int(time.time()) % 100000) * 100000 + offset
    out = []
    for k in range(count):
        account = f"{base + k:012d}"
        # moto runs Express machines like Standard ones through StartExecution.
        out.append((conn.call("CreateStateMachine", {"name": "express", "definition": EXPRESS, "roleArn": ROLE,
                                                     "type": "STANDARD"}, account)["stateMachineArn"], account))
    return out


def _express_throughput_worker(args):
    import threading
    endpoint, jobs, threads = args

    def run(part):
        conn = Connection(endpoint)
        for k, (machine, account) in part:
            _express_one(conn, machine, k, account)

    workers = [threading.Thread(target=run, args=(jobs[t::threads],)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return len(jobs)


def bench_express(opts):
    conn = Connection(opts.endpoint)
    jobs = _express_setup(opts, conn, opts.executions + opts.warmup)
    for k in range(opts.warmup):
        _express_one(conn, jobs[k][0], k, jobs[k][1])
    latencies = []
    for k in range(opts.warmup, opts.warmup + opts.executions):
        t = time.perf_counter()
        _express_one(conn, jobs[k][0], k, jobs[k][1])
        latencies.append(time.perf_counter() - t)
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    sequential = len(latencies) / sum(latencies)
    # Throughput: --clients connections at once over --processes processes.
    tjobs = list(enumerate(_express_setup(opts, conn, opts.executions, offset=len(jobs))))
    per_process = max(1, opts.clients // opts.processes)
    shares = [(opts.endpoint, tjobs[p::opts.processes], per_process) for p in range(opts.processes)]
    t0 = time.perf_counter()
    with multiprocessing.Pool(opts.processes) as pool:
        done = sum(pool.map(_express_throughput_worker, shares))
    elapsed = time.perf_counter() - t0
    print(json.dumps({
        "workload": "express-3-pass", "server": "moto" if opts.moto else "sluice",
        "call": "StartExecution+DescribeExecution polling" if opts.moto else "StartSyncExecution",
        "sequential_executions": len(latencies), "p50_ms": round(p50 * 1000, 3),
        "p99_ms": round(p99 * 1000, 3), "sequential_executions_per_s": round(sequential, 1),
        "concurrent_clients": opts.clients, "concurrent_executions": done,
        "concurrent_executions_per_s": round(done / elapsed, 1)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workload", choices=["standard", "express"])
    parser.add_argument("--endpoint", default="http://127.0.0.1:8083")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--executions", type=int, default=10000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--moto", action="store_true", help="the endpoint is moto_server")
    opts = parser.parse_args()
    if opts.moto:
        import urllib.request
        urllib.request.urlopen(urllib.request.Request(
            opts.endpoint + "/moto-api/config", data=json.dumps({"stepfunctions": {"execute_state_machine": True}})
            .encode(), headers={"Content-Type": "application/json"}, method="POST"), timeout=10).read()
    {"standard": bench_standard, "express": bench_express}[opts.workload](opts)


if __name__ == "__main__":
    sys.exit(main())
