#!/usr/bin/env python3
"""Lambda benchmarks over loopback (issue 4), run by hand, never in CI.

    swift build -c release --product sluice
    .build/release/sluice serve --port 8083 --data /tmp/sluice-lambda-bench --log-level warning &
    python3 bench/lambda_bench.py --endpoint http://127.0.0.1:8083 [--invocations 2000]

Measures, for `provided` bootstraps — a compiled one (bench/lambda_functions/provided_c, built
with gcc here: the way Rust, Go and Swift functions run) and a Python script
(bench/lambda_functions/provided_fast) — and a Python function through awslambdaric
(bench/lambda_functions/python_echo):
  invoke    warm Invoke round trip (RequestResponse, a 20-byte payload) from one keep-alive
            connection with hand-built requests (boto3's own overhead would dominate): p50/p99
  stream    write-to-client latency of streamed chunks: the function writes its clock in each
            chunk; the client reads a RESPONSE_STREAM function URL (chunked HTTP) and an
            InvokeWithResponseStream (event-stream frames) and subtracts: p50/p99
"""
import argparse
import base64
import http.client
import io
import json
import os
import statistics
import subprocess
import tempfile
import struct
import time
import urllib.parse
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def zip_folder(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                info = zipfile.ZipInfo(name)
                info.external_attr = (os.stat(path).st_mode & 0o777 | 0o100000) << 16
                info.create_system = 3
                archive.writestr(info, open(path, "rb").read())
    return buffer.getvalue()


def call(conn, method, path, body=b"", headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read()


def create(conn, name, runtime, handler, folder):
    body = json.dumps({"FunctionName": name, "Runtime": runtime, "Handler": handler, "Timeout": 30,
                       "Role": "arn:aws:iam::123456789012:role/bench",
                       "Code": {"ZipFile": base64.b64encode(zip_folder(folder)).decode()}})
    call(conn, "DELETE", f"/2015-03-31/functions/{name}")
    status, answer = call(conn, "POST", "/2015-03-31/functions", body)
    assert status == 201, answer


def percentiles(samples_ms):
    samples_ms = sorted(samples_ms)
    return (statistics.median(samples_ms), samples_ms[min(len(samples_ms) - 1, int(len(samples_ms) * 0.99))])


def bench_invoke(conn, name, n):
    payload = b'{"bench": "0123456"}'
    for _ in range(50):  # warm up: start the process, fill caches
        call(conn, "POST", f"/2015-03-31/functions/{name}/invocations", payload)
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        status, _ = call(conn, "POST", f"/2015-03-31/functions/{name}/invocations", payload)
        samples.append((time.perf_counter() - t) * 1000)
        assert status == 200
    return percentiles(samples)


def bench_stream_url(endpoint, name, chunks):
    u = urllib.parse.urlparse(endpoint)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    samples = []
    for _ in range(5):
        conn.request("POST", f"/lambda-url/{name}/", body=json.dumps({"stream": chunks}),
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        assert response.status == 200, response.status
        buffer = b""
        while True:
            data = response.read1(65536)
            if not data:
                break
            now = time.time()
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                samples.append((now - float(line)) * 1000)
        response.close()
    return percentiles(samples[chunks:])  # the first run warms up


def bench_stream_events(endpoint, name, chunks):
    u = urllib.parse.urlparse(endpoint)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    samples = []
    for _ in range(5):
        conn.request("POST", f"/2021-11-15/functions/{name}/response-streaming-invocations",
                     body=json.dumps({"stream": chunks}))
        response = conn.getresponse()
        assert response.status == 200, response.status
        buffer = b""
        while True:
            data = response.read1(65536)
            if not data:
                break
            now = time.time()
            buffer += data
            while len(buffer) >= 12:
                total, headers_length = struct.unpack(">II", buffer[:8])
                if len(buffer) < total:
                    break
                frame, buffer = buffer[:total], buffer[total:]
                payload = frame[12 + headers_length:total - 4]
                if b"PayloadChunk" in frame[12:12 + headers_length]:
                    samples.append((now - float(payload)) * 1000)
        response.close()
    return percentiles(samples[chunks:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", default="http://127.0.0.1:8083")
    parser.add_argument("--invocations", type=int, default=2000)
    parser.add_argument("--chunks", type=int, default=50)
    args = parser.parse_args()
    u = urllib.parse.urlparse(args.endpoint)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    create(conn, "bench-provided", "provided.al2023", "unused", os.path.join(HERE, "lambda_functions", "provided_fast"))
    names = ["bench-provided", "bench-python"]
    c_folder = tempfile.mkdtemp(prefix="sluice-bench-c-")
    c_source = os.path.join(HERE, "lambda_functions", "provided_c", "bootstrap.c")
    if subprocess.call(["gcc", "-O2", "-o", os.path.join(c_folder, "bootstrap"), c_source]) == 0:
        create(conn, "bench-provided-c", "provided.al2023", "unused", c_folder)
        names.insert(0, "bench-provided-c")
    else:
        print("gcc failed: the compiled provided bootstrap is skipped")
    create(conn, "bench-python", "python3.12", "app.handler", os.path.join(HERE, "lambda_functions", "python_echo"))
    call(conn, "POST", "/2021-10-31/functions/bench-provided/url",
         json.dumps({"AuthType": "NONE", "InvokeMode": "RESPONSE_STREAM"}))
    for name in names:
        p50, p99 = bench_invoke(conn, name, args.invocations)
        print(f"invoke {name}: p50 {p50:.3f} ms, p99 {p99:.3f} ms ({args.invocations} warm invocations)")
    p50, p99 = bench_stream_url(args.endpoint, "bench-provided", args.chunks)
    print(f"stream function URL: write→client p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    p50, p99 = bench_stream_events(args.endpoint, "bench-provided", args.chunks)
    print(f"stream InvokeWithResponseStream: write→client p50 {p50:.3f} ms, p99 {p99:.3f} ms")


if __name__ == "__main__":
    main()
