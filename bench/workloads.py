"""The benchmark workloads of issue 2, shared by sluice-bench (which builds the same definitions in
Swift, see Core/Sources/SluiceBench/Workloads.swift) and moto_bench.py."""
import json


def pass_chain(n=100):
    """n Pass states, each with Parameters and a ResultPath merge."""
    states = {}
    for k in range(n):
        s = {"Type": "Pass", "Parameters": {"value.$": "$.value", "step": k}, "ResultPath": "$.last"}
        if k == n - 1:
            s["End"] = True
        else:
            s["Next"] = f"S{k + 1}"
        states[f"S{k}"] = s
    return {"StartAt": "S0", "States": states}, {"value": 1}


def inline_map(n=10_000):
    """An inline Map over n items with one Pass state per iteration."""
    definition = {"StartAt": "Map", "States": {"Map": {
        "Type": "Map", "ItemsPath": "$.items", "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Item",
                          "States": {"Item": {"Type": "Pass", "End": True}}}}}}
    return definition, {"items": list(range(n))}


def choice_loop(n=1000):
    """Pass (States.MathAdd) → Choice (i < n) loop: 2n state transitions."""
    definition = {"StartAt": "Inc", "States": {
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Loop"},
        "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": n, "Next": "Inc"}],
                 "Default": "Done"},
        "Done": {"Type": "Succeed"}}}
    return definition, {"i": 0}


WORKLOADS = {"pass-chain": pass_chain, "map": inline_map, "choice-loop": choice_loop}

if __name__ == "__main__":
    for name, make in WORKLOADS.items():
        d, i = make()
        print(name, len(json.dumps(d)), len(json.dumps(i)))
