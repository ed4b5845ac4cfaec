#!/usr/bin/env python3
"""Runs the issue-2 workloads through moto's Step Functions engine (LocalStack's interpreter) in
process, for the ratio against `sluice-bench`. Run by hand:

    python3 bench/moto_bench.py [--map-items 1000] [--repeat 1]

moto executes asynchronously in a thread; we poll DescribeExecution with a back-off of at most 5% of
the elapsed time and count the StateEntered events of the history as transitions. Reported:
transitions per second of wall time and of the process's CPU time.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads  # noqa: E402

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402


def run(client, name, definition, payload, account_hint):
    sm = client.create_state_machine(name=f"{name}-{account_hint}", definition=json.dumps(definition),
                                     roleArn="arn:aws:iam::123456789012:role/r")
    t0, c0 = time.perf_counter(), time.process_time()
    ex = client.start_execution(stateMachineArn=sm["stateMachineArn"], name=f"e-{account_hint}",
                                input=json.dumps(payload))
    delay = 0.002
    while True:
        d = client.describe_execution(executionArn=ex["executionArn"])
        if d["status"] != "RUNNING":
            break
        time.sleep(delay)
        delay = min(0.25, max(0.002, 0.05 * (time.perf_counter() - t0)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    events, token = [], None
    while True:
        kw = {"executionArn": ex["executionArn"], "maxResults": 1000}
        if token:
            kw["nextToken"] = token
        h = client.get_execution_history(**kw)
        events += h["events"]
        token = h.get("nextToken")
        if not token:
            break
    transitions = sum(1 for e in events if e["type"].endswith("StateEntered"))
    return d["status"], transitions, wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--map-items", type=int, default=1000, help="moto needs ~14 ms an item; 10,000 takes minutes")
    ap.add_argument("--pass-states", type=int, default=100)
    ap.add_argument("--loop", type=int, default=1000)
    args = ap.parse_args()
    sizes = {"pass-chain": args.pass_states, "map": args.map_items, "choice-loop": args.loop}
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        for i, (name, make) in enumerate(workloads.WORKLOADS.items()):
            os.environ["MOTO_ACCOUNT_ID"] = f"{100000000000 + i}"  # moto 5.2.1: one execution per account
            client = boto3.client("stepfunctions", region_name="us-east-1", aws_access_key_id="x",
                                  aws_secret_access_key="x")
            definition, payload = make(sizes[name])
            status, n, wall, cpu = run(client, name, definition, payload, i)
            print(f"moto {name} (n={sizes[name]}): {status}, {n} transitions, wall {wall:.2f} s "
                  f"→ {n / wall:,.0f} transitions/s; CPU {cpu:.2f} s → {n / cpu:,.0f} transitions/s")


if __name__ == "__main__":
    main()
