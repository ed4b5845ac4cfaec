"""kill -9 with 210 Standard executions waiting at once — 70 in Wait states, 70 in activity tasks held by a
worker, 70 in `.waitForTaskToken` callbacks — then restart on the same data folder, answer the tokens
obtained before the crash, and check that every execution succeeds with the history of an
uninterrupted run of the same definition and input: same event types, ids, previousEventIds and
details (timestamps, task tokens, request ids and generated child names aside). No event lost, none
duplicated."""
import json
import re
import time

from conftest import ROLE, Server, all_history

PER_KIND = 70
KINDS = ("wait", "activity", "callback")
WORKER = "crash-worker"


def mixed_definition(activity, child):
    return json.dumps({"StartAt": "Route", "States": {
        "Route": {"Type": "Choice", "Choices": [
            {"Variable": "$.kind", "StringEquals": "wait", "Next": "Sleep"},
            {"Variable": "$.kind", "StringEquals": "activity", "Next": "Work"}],
            "Default": "Call"},
        "Sleep": {"Type": "Wait", "Seconds": 600, "Next": "Done"},
        "Work": {"Type": "Task", "Resource": activity, "ResultPath": "$.result", "Next": "Done"},
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                 "Parameters": {"StateMachineArn": child, "Input": {"token.$": "$$.Task.Token", "i.$": "$.i"}},
                 "ResultPath": "$.result", "Next": "Done"},
        "Done": {"Type": "Pass", "Parameters": {"kind.$": "$.kind", "i.$": "$.i", "result.$": "$.result"},
                 "End": True}}})


def start_all(sfn, machine, prefix, kinds):
    return {(kind, i): sfn.start_execution(stateMachineArn=machine, name=f"{prefix}-{kind}-{i}", input=json.dumps(
        {"kind": kind, "i": i, "result": None}))["executionArn"] for kind in kinds for i in range(PER_KIND)}


def take_activity_tasks(sfn, activity):
    """Polls every scheduled activity task as one worker; tokens by the execution's `i`."""
    tokens = {}
    while len(tokens) < PER_KIND:
        task = sfn.get_activity_task(activityArn=activity, workerName=WORKER)
        assert task.get("taskToken"), f"only {len(tokens)} activity tasks were handed out"
        tokens[json.loads(task["input"])["i"]] = task["taskToken"]
    return tokens


def callback_tokens(sfn, child, seen):
    """The tokens the callback children carry in their input, by the parent's `i`; `seen` holds the
    child executions already read (they belong to an earlier run)."""
    deadline = time.monotonic() + 30
    while True:
        fresh = [e["executionArn"] for e in paginate(sfn, child) if e["executionArn"] not in seen]
        if len(fresh) >= PER_KIND or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(fresh) == PER_KIND, len(fresh)
    tokens = {}
    for arn in fresh:
        seen.add(arn)
        data = json.loads(sfn.describe_execution(executionArn=arn)["input"])
        tokens[data["i"]] = data["token"]
    return tokens


def paginate(sfn, machine, **kw):
    out, token = [], None
    while True:
        page = sfn.list_executions(stateMachineArn=machine, maxResults=1000, **({"nextToken": token} if token else {}),
                                   **kw)
        out += page["executions"]
        token = page.get("nextToken")
        if not token:
            return out


def answer(sfn, activity_tokens, call_tokens):
    for i, token in activity_tokens.items():
        sfn.send_task_success(taskToken=token, output=json.dumps({"worked": i}))
    for i, token in call_tokens.items():
        sfn.send_task_success(taskToken=token, output=json.dumps({"called": i}))


def wait_all(sfn, arns, timeout=90):
    deadline = time.monotonic() + timeout
    pending = dict(arns)
    results = {}
    while pending and time.monotonic() < deadline:
        for key, arn in list(pending.items()):
            d = sfn.describe_execution(executionArn=arn)
            if d["status"] != "RUNNING":
                results[key] = d
                del pending[key]
        if pending:
            time.sleep(0.2)
    assert not pending, f"{len(pending)} executions still RUNNING, e.g. {next(iter(pending.values()))}"
    return results


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HTTP_DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
EPOCH = re.compile(r"\b1\d{9}(\.\d+)?\b|\b1\d{12}\b")
# The length of a StartExecution answer embedded in TaskSubmitted varies with its startDate's digits.
LENGTH = re.compile(r'(Content-Length\\":\[?\\")\d+')


def normalized(events, tokens):
    """Each event as (id, previousEventId, type, details) with what legitimately differs between two
    runs — timestamps, the task tokens, request ids and the generated names of callback children —
    replaced by placeholders."""
    out = []
    for e in events:
        details = {k: v for k, v in e.items() if k not in ("timestamp", "id", "previousEventId", "type")}
        text = json.dumps(details, sort_keys=True)
        for token in tokens:
            text = text.replace(json.dumps(token)[1:-1], "<token>")
        text = EPOCH.sub("<time>", HTTP_DATE.sub("<date>", UUID.sub("<uuid>", text)))
        text = LENGTH.sub(r"\1<length>", text)
        out.append((e["id"], e["previousEventId"], e["type"], text))
    return out


def test_kill9_with_210_waiting_executions_matches_uninterrupted_runs():
    server = Server(time_scale=0.01, activity_poll_seconds=5).start()
    try:
        sfn = server.client()
        activity = sfn.create_activity(name="crash-activity")["activityArn"]
        child = sfn.create_state_machine(name="crash-child", roleArn=ROLE, definition=json.dumps(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
        machine = sfn.create_state_machine(name="crash-mixed", roleArn=ROLE,
                                           definition=mixed_definition(activity, child))["stateMachineArn"]
        seen_children = set()

        # Before the crash: tasks handed to a worker, callbacks started, then the Wait states (600 s
        # scaled by 0.01: 6 s), so that all 210 are waiting at once.
        crashed = start_all(sfn, machine, "crash", ("activity", "callback"))
        activity_tokens = take_activity_tasks(sfn, activity)
        call_tokens = callback_tokens(sfn, child, seen_children)
        crashed.update(start_all(sfn, machine, "crash", ("wait",)))
        running = paginate(sfn, machine, statusFilter="RUNNING")
        assert len(running) == 3 * PER_KIND
        for i in (0, PER_KIND - 1):
            last = sfn.get_execution_history(executionArn=crashed[("wait", i)], reverseOrder=True, maxResults=1)
            assert last["events"][0]["type"] == "WaitStateEntered"
        server.kill9()

        server.start()  # same data folder, new process
        sfn = server.client()
        assert len(paginate(sfn, machine, statusFilter="RUNNING")) == 3 * PER_KIND
        answer(sfn, activity_tokens, call_tokens)

        # The same definition and inputs, uninterrupted, on the restarted server.
        reference = start_all(sfn, machine, "reference", KINDS)
        ref_activity_tokens = take_activity_tasks(sfn, activity)
        ref_call_tokens = callback_tokens(sfn, child, seen_children)
        answer(sfn, ref_activity_tokens, ref_call_tokens)

        results = wait_all(sfn, crashed)
        ref_results = wait_all(sfn, reference)
        tokens = (set(activity_tokens.values()) | set(call_tokens.values()) | set(ref_activity_tokens.values())
                  | set(ref_call_tokens.values()))
        for key, arn in crashed.items():
            kind, i = key
            assert results[key]["status"] == "SUCCEEDED", results[key]
            assert results[key]["output"] == ref_results[key]["output"]
            expected_result = {"wait": None, "activity": {"worked": i}, "callback": {"called": i}}[kind]
            assert json.loads(results[key]["output"]) == {"kind": kind, "i": i, "result": expected_result}
            events = all_history(sfn, arn)
            ref_events = all_history(sfn, reference[key])
            assert [e["id"] for e in events] == list(range(1, len(events) + 1)), key
            assert normalized(events, tokens) == normalized(ref_events, tokens), key
    finally:
        server.stop()
