#!/usr/bin/env python3
"""The JSONata expressions of `sluice-bench jsonata-expressions`, through the pure-Python
`jsonata-python` package, for the speed ratio (issue 5). Run by hand; installs jsonata-python into a
cache folder for the benchmark only:

    python3 bench/jsonata_python_bench.py [--seconds 1]
"""
import argparse
import os
import subprocess
import sys
import time

TARGET = os.path.join(os.path.expanduser("~"), ".cache", "sluice-bench", "jsonata-python")

# Keep in sync with Core/Sources/SluiceBench/JSONataExpressionBenchmark.swift.
EXPRESSIONS = [
    ("field access", "$states.input.order.customer.name"),
    ("$map/$filter over 100 items",
     "$map($filter($states.input.order.items, function($i) { $i.qty > 2 }), function($i) { $i.price * $i.qty })"),
    ("string building",
     "'Order ' & $states.input.order.id & ' for ' & $uppercase($states.input.order.customer.name) & ' ('"
     " & $string($count($states.input.order.items)) & ' items)'"),
    ("arithmetic", "($states.input.order.total * 1.2 + 5) / 3 - $states.input.order.discount % 7"),
    ("$states.input path with predicate", "$states.input.order.items[qty > 5].sku"),
]


def make_states():
    items = [{"sku": f"SKU-{i}", "qty": i % 10, "price": (i % 7) + 0.5} for i in range(100)]
    order = {"id": "o-1", "customer": {"name": "Ada", "tier": "gold"}, "items": items, "total": 1234.5,
             "discount": 10}
    return {"input": {"order": order}, "context": {"Execution": {"Name": "bench"}}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=1.0)
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(TARGET, "jsonata")):
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", TARGET, "jsonata-python"],
                       check=True)
    sys.path.insert(0, TARGET)
    import jsonata  # noqa: E402

    bindings = {"states": make_states()}
    for name, text in EXPRESSIONS:
        expr = jsonata.Jsonata(text)
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            result = expr.evaluate(None, bindings)
            count += 1
        elapsed = time.perf_counter() - start
        print(f"jsonata-python {name}: {count / elapsed:,.0f} evaluations/s  → {str(result)[:60]}")


if __name__ == "__main__":
    main()
