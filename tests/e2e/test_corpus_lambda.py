"""The corpus cases that need only Lambda (shared/conformance/nonpure, index services ["lambda"]),
run through the API with the functions of fixtures/lambda/corpus; the histories (or, for
StartSyncExecution, the outputs) must match the recording after the recording's normalisations."""
import io
import json
import os
import re
import zipfile

import boto3
import pytest
from botocore.config import Config

from conftest import ROLE, Server, all_history, unique, wait_done

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "conformance", "nonpure")
FUNCTIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "lambda", "corpus")
STUB = "<stub:<stub:<stub:fixture:create_lambda_function()>[CreateFunctionResponse]>[FunctionArn]>"
TRUSTED_ROLE_STUB = "<stub:fixture:create_cross_account_admin_role_and_policy()>"
TRUSTED_ROLE = "arn:aws:iam::123456789012:role/sluice-trusted"

# case → {name or stub as it appears in the case: the fixture function behind it (None: not created)}
EXCEPTION = {"lambda_func_c4ca4238": "exception"}
ECHO = {"lambda_func_c4ca4238": "echo"}
CASES = {
    "assign.test_assign_reference_variables.test_undefined_reference[BASE_UNDEFINED_ARGUMENTS]": {},
    "assign.test_assign_reference_variables.test_undefined_reference[BASE_UNDEFINED_ARGUMENTS_FIELD]": {},
    "assign.test_assign_reference_variables.test_assign_in_catch_state": {STUB: "exception"},
    "assign.test_assign_reference_variables.test_variables_in_lambda_task[BASE_ASSIGN_FROM_LAMBDA_TASK_RESULT]":
        {STUB: "hello_world"},
    "context_object.test_context_object.test_result_selector": ECHO,
    "credentials.test_credentials_base.test_cross_account_service_lambda_invoke": ECHO,
    "credentials.test_credentials_base.test_cross_account_service_lambda_invoke_retry": EXCEPTION,
    "error_handling.test_states_errors.test_service_task_lambada_data_limit_exceeded_on_large_utf8_response":
        {"lambda_func_c4ca4238": "large_response"},
    "error_handling.test_states_errors.test_service_task_lambada_catch_state_all_data_limit_exceeded_on_large_utf8_response":
        {"lambda_func_c4ca4238": "large_response"},
    "error_handling.test_task_service_lambda.test_raise_exception": EXCEPTION,
    "error_handling.test_task_service_lambda.test_raise_custom_exception": {"lambda_func_c4ca4238": "custom_exception"},
    "error_handling.test_task_service_lambda.test_raise_exception_catch": EXCEPTION,
    "error_handling.test_task_service_lambda.test_raise_exception_catch_output_path[None]":
        {"function_name_c4ca4238": "exception"},
    "error_handling.test_task_service_lambda.test_raise_exception_catch_output_path[_.Payload]":
        {"function_name_c4ca4238": "exception"},
    "error_handling.test_task_service_lambda.test_raise_exception_catch_output_path[_.no.such.path]":
        {"function_name_c4ca4238": "exception"},
    "error_handling.test_task_service_lambda.test_no_such_function": {"lambda_func_c4ca4238": None},
    "error_handling.test_task_service_lambda.test_no_such_function_catch": {"lambda_func_c4ca4238": None},
    "error_handling.test_task_service_lambda.test_invoke_timeout": {"lambda_1_func_c4ca4238": "sleep"},
    "evaluate_jsonata.test_base_evaluate_expressions.test_base_task[TIMEOUT_SECONDS]": {STUB: "echo"},
    "evaluate_jsonata.test_base_evaluate_expressions.test_base_task[HEARTBEAT_SECONDS]": {STUB: "echo"},
    "evaluate_jsonata.test_base_evaluate_expressions.test_base_task_from_input[HEARTBEAT_SECONDS]": {STUB: "echo"},
    "express.test_express_sync.test_catch": EXCEPTION,
    "local_mocking.test_base_scenarios.test_lambda_service_invoke": {"lambda_c4ca4238": "echo"},
    "local_mocking.test_base_scenarios.test_lambda_service_invoke_sync_execution": {"lambda_c4ca4238": "echo"},
    "local_mocking.test_base_scenarios.test_parallel_state_lambda":
        {"lambda_branch1_c4ca4238": "input_event", "lambda_branch2_c81e728d": "echo"},
    "local_mocking.test_base_scenarios.test_numbered_mock_responses_multiple_success_invocations": {STUB: "echo"},
    "outputdecl.test_output.test_base_task_lambda[BASE_TASK_LAMBDA]": ECHO,
    "query_language.test_mixed_query_language.test_task_dataflow_to_state": {STUB: "echo"},
    "query_language.test_mixed_query_language.test_lambda_task_resource_data_flow[TASK_LAMBDA_SDK_RESOURCE_JSONATA_TO_JSONPATH]":
        {STUB: "echo"},
    "query_language.test_mixed_query_language.test_lambda_task_resource_data_flow[TASK_LAMBDA_SDK_RESOURCE_JSONPATH_TO_JSONATA]":
        {STUB: "echo"},
    "scenarios.test_base_scenarios.test_map_state_nested_config_distributed_no_max_max_concurrency": ECHO,
    "scenarios.test_base_scenarios.test_lambda_service_invoke_with_retry_extended_input":
        {"lambda_1_func_c4ca4238": "exception"},
    "scenarios.test_base_scenarios.test_retry_interval_features_max_attempts_zero": EXCEPTION,
    "services.test_lambda_task_service.test_invoke": ECHO,
    "services.test_lambda_task_service.test_invoke_bytes_payload": {"lambda_func_c4ca4238": "hello_world"},
    "services.test_lambda_task_service.test_invoke_unsupported_param": ECHO,
    "services.test_lambda_task_service.test_invoke_json_values[HelloWorld]": ECHO,
    "services.test_lambda_task_service.test_invoke_json_values[0.0]": ECHO,
    "services.test_lambda_task_service.test_invoke_json_values[0_0]": ECHO,
    "services.test_lambda_task_service.test_invoke_json_values[0_1]": ECHO,
    "services.test_lambda_task_service.test_invoke_json_values[True]": ECHO,
    "services.test_lambda_task_service.test_invoke_json_values[json_value5]": ECHO,
    "services.test_lambda_task_service.test_invoke_json_values[json_value6]": ECHO,
    "timeouts.test_timeouts.test_fixed_timeout_service_lambda": {"lambda_1_func_c4ca4238": "sleep"},
    "timeouts.test_timeouts.test_fixed_timeout_service_lambda_with_path": {"lambda_1_func_c4ca4238": "sleep"},
    "timeouts.test_timeouts.test_service_lambda_map_timeout": {"lambda_1_func_c4ca4238": "sleep"},
}
for _variant in ("TASK_CATCH_ERROR_OUTPUT", "TASK_CATCH_ERROR_OUTPUT_TO_JSONPATH"):
    CASES[f"states_variables.test_error_output.test_task_catch_error_output[{_variant}]"] = {STUB: "exception"}
for _variant in ("TASK_CATCH_ERROR_VARIABLE_SAMPLING", "TASK_CATCH_ERROR_VARIABLE_SAMPLING_TO_JSONPATH"):
    CASES[f"states_variables.test_error_output.test_catch_error_variable_sampling[{_variant}]"] = {STUB: "exception"}
for _variant in ("TASK_CATCH_ERROR_OUTPUT_WITH_RETRY", "TASK_CATCH_ERROR_OUTPUT_WITH_RETRY_TO_JSONPATH"):
    CASES[f"states_variables.test_error_output.test_task_catch_error_with_retry[{_variant}]"] = {STUB: "exception"}
for _variant in ("MAP_CATCH_ERROR_OUTPUT", "MAP_CATCH_ERROR_OUTPUT_WITH_RETRY", "MAP_CATCH_ERROR_VARIABLE_SAMPLING"):
    CASES[f"states_variables.test_error_output.test_map_catch_error[{_variant}]"] = {STUB: "exception"}
for _variant in ("PARALLEL_CATCH_ERROR_OUTPUT", "PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING",
                 "PARALLEL_CATCH_ERROR_OUTPUT_WITH_RETRY"):
    CASES[f"states_variables.test_error_output.test_parallel_catch_error[{_variant}]"] = {STUB: "exception"}

# Cases left out, with the reason.
NOT_RUN = {
    "services.test_lambda_task_service.test_list_functions":
        "arn:aws:states:::lambda:listFunctions is an AWS SDK integration, and the recording has no outcome",
}


# Cases whose timeouts are shorter than a cold start once scaled: run on real time.
REAL_TIME = {"evaluate_jsonata.test_base_evaluate_expressions.test_base_task[TIMEOUT_SECONDS]"}


# Cases that run but differ for reasons outside the Lambda integration (the engine's), expected to
# fail until the engine changes (non-strict: they turn into XPASS then).
ENGINE_GAPS = {
    "scenarios.test_base_scenarios.test_lambda_service_invoke_with_retry_extended_input":
        "the recorded $$.Execution has no RedriveCount; Sluice's context object has one",
    "timeouts.test_timeouts.test_service_lambda_map_timeout":
        "an inline Map with four parallel iterations: AWS records the four MapIterationStarted first, "
        "then TaskStateEntered/TaskScheduled of each, then the TaskStarted events, and all four TaskTimedOut "
        "before MapIterationFailed; Sluice runs each iteration to TaskStarted before starting the next and "
        "fails the Map at the first TaskTimedOut",
}


@pytest.fixture(scope="module")
def realtime():
    s = Server(time_scale=1).start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def scaled():
    s = Server(time_scale=0.1).start()  # TimeoutSeconds 5 lasts 0.5 s, retry intervals a tenth
    yield s
    s.stop()


def clients(server):
    session = boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
                                    region_name="us-east-1")
    config = Config(inject_host_prefix=False, retries={"max_attempts": 0}, read_timeout=60)
    return (session.client("stepfunctions", endpoint_url=server.endpoint, config=config),
            session.client("lambda", endpoint_url=server.endpoint, config=config))


def zipped(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("handler.py")
        info.external_attr = 0o100644 << 16
        info.create_system = 3
        archive.writestr(info, open(os.path.join(FUNCTIONS, kind, "handler.py"), "rb").read())
    return buffer.getvalue()


def placeholder(expected, original):
    """What the recording wrote for a function name (its RegexTransformer), else the name itself."""
    for transformer in expected.get("snapshot_transformers", []):
        args = transformer.get("args") or []
        if len(args) == 2 and isinstance(args[0], str) and isinstance(args[1], str):
            if args[0] == original or (original == STUB and args[0] == recorded_stub_name(expected)):
                return args[1]
    return original


RECORDED_NAME = re.compile(r"^[A-Za-z0-9_-]+[_-][0-9a-f]{8}$")


def recorded_stub_name(expected):
    """The recorded name of the function behind the create_lambda_function stub."""
    for transformer in expected.get("snapshot_transformers", []):
        args = transformer.get("args") or []
        if len(args) == 2 and isinstance(args[0], str) and RECORDED_NAME.match(args[0]):
            return args[0]
    return "fn-sluice-c4ca4238"


HANDLER_PATH = re.compile(r'(File \\*")[^"\\]*/(handler\.py\\*")')
REQUEST_ID = re.compile(r'(\\*)"requestId\1":\s*(?:<request-id>\1"|\1"[^"\\]*\1")')


def loose(value):
    """Both sides: JSON-object strings parsed, then the values the recording replaced (request ids,
    dates, trace ids, log tails, code paths) made equal."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("Date", "X-Amzn-Trace-Id", "x-amzn-RequestId", "RequestId", "requestId", "LogResult",
                     "X-Amz-Log-Result", "StartTime", "EnteredTime"):
                out[k] = "*"
            else:
                out[k] = loose(v)
        return out
    if isinstance(value, list):
        return [loose(v) for v in value]
    if isinstance(value, str):
        value = REQUEST_ID.sub(r'\1"requestId\1":\1"*\1"', HANDLER_PATH.sub(r"\1/var/task/\2", value))
        if value.startswith("{"):
            try:
                return loose(json.loads(value))
            except ValueError:
                pass
        return value
    return value


def localise(text, names, expected, machine=None, execution=None):
    if execution:
        text = text.replace(execution, "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>")
        text = text.replace(execution.split(":")[-1], "<ExecArnPart_0idx>")
    if machine:
        text = text.replace(machine, "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>")
        text = text.replace(machine.split(":")[-1], "<ArnPart_0idx>")
    text = re.sub(r"Request ID: [a-zA-Z0-9-]+", "Request ID: <request_id>", text)
    text = re.sub(r"(:mapRun:[^/\"\\]+)/[0-9a-f-]{36}:[0-9a-f-]{36}", r"\1/<MapRunArnPart0_0idx>:<MapRunArnPart1_0idx>", text)
    text = text.replace("arn:aws:states:us-east-1:123456789012:", "arn:<partition>:states:<region>:111111111111:")
    for name, original in names.items():
        text = text.replace(name, placeholder(expected, original))
    text = text.replace(TRUSTED_ROLE, "<trusted_role_arn>")
    text = text.replace("arn:aws:lambda:us-east-1:123456789012:", "arn:<partition>:lambda:<region>:111111111111:")
    return text.replace('"region": "us-east-1"', '"region": "<region>"').replace(ROLE, "snf_role_arn")


def jsonpath_replacements(expected):
    """The recording's JsonpathTransformers of the form `$..key.member`: (key, member, replacement)."""
    out = []
    for transformer in expected.get("snapshot_transformers", []):
        if transformer.get("type") != "JsonpathTransformer":
            continue
        args = transformer.get("args") or []
        kwargs = transformer.get("kwargs") or {}
        path, replacement = (args + [kwargs.get("jsonpath"), kwargs.get("replacement")])[:2] if len(args) == 2 else (
            kwargs.get("jsonpath"), kwargs.get("replacement"))
        parts = (path or "").removeprefix("$..").split(".")
        if path and path.startswith("$..") and len(parts) == 2:
            out.append((parts[0], parts[1], replacement))
    return out


def apply_jsonpath(value, replacements):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = apply_jsonpath(v, replacements)
            for key, member, replacement in replacements:
                if k == key and isinstance(v, dict) and member in v:
                    v = dict(v, **{member: replacement})
            out[k] = v
        return out
    if isinstance(value, list):
        return [apply_jsonpath(v, replacements) for v in value]
    return value


PARALLEL_ENDS = {"ParallelStateSucceeded", "ParallelStateAborted", "ParallelStateExited", "ParallelStateFailed"}


def recording_parallel_rewrite(events):
    """The recording's rewrite of Parallel histories (shared/conformance/README.md; the same port
    as shared/tools/conformance.py): branch events get id [0] and previousEventId 0, and the
    ParallelStateSucceeded/Failed event is dropped."""
    events = [dict(e) for e in events]
    start, block, inside = None, [], False
    for i, event in enumerate(events):
        t = event.get("type")
        if t in PARALLEL_ENDS:
            events[start:i] = block
            inside = False
        elif t == "ParallelStateStarted":
            inside, block, start = True, [], i + 1
        elif inside:
            event["id"] = [0]
            event["previousEventId"] = 0
            block.append(event)
    return events


def sort_parallel_blocks(events):
    """Branch blocks compared without regard to order."""
    out, start = list(events), None
    for i, e in enumerate(out):
        t = e.get("type")
        if t == "ParallelStateStarted":
            start = i + 1
        elif t in PARALLEL_ENDS and start is not None:
            out[start:i] = sorted(out[start:i], key=lambda x: json.dumps(x, sort_keys=True))
            start = None
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_lambda_case(request, case):
    folder = os.path.join(CORPUS, case)
    if not os.path.isdir(folder):
        pytest.skip("nonpure corpus not present")
    if case in ENGINE_GAPS:
        request.applymarker(pytest.mark.xfail(reason=ENGINE_GAPS[case], strict=False))
    expected = json.load(open(os.path.join(folder, "expected.json")))
    sfn, lam = clients(request.getfixturevalue("realtime" if case in REAL_TIME else "scaled"))
    definition = open(os.path.join(folder, "definition.json")).read()
    text_input = open(os.path.join(folder, "input.json")).read()
    names = {}
    for original, kind in CASES[case].items():
        # A fresh name as long as the recorded one (Content-Length headers count it).
        recorded = original if original != STUB else recorded_stub_name(expected)
        name = recorded[:-8] + os.urandom(4).hex()
        names[name] = original
        if kind is not None:
            arn = lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="handler.handler",
                                      Code={"ZipFile": zipped(kind)}, Timeout=30)["FunctionArn"]
        else:
            arn = f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
        replacement = arn if original == STUB else name
        definition = definition.replace(original, replacement)
        text_input = text_input.replace(original, replacement)
    text_input = text_input.replace(TRUSTED_ROLE_STUB, TRUSTED_ROLE)
    machine_type = expected.get("state_machine_type", "STANDARD")
    machine = sfn.create_state_machine(name=unique("corpus"), definition=definition, roleArn=ROLE,
                                       type=machine_type)["stateMachineArn"]
    if expected.get("execution_kind") == "StartSyncExecution":
        result = sfn.start_sync_execution(stateMachineArn=machine, input=text_input)
        assert result["status"] == expected["status"]
        got = json.loads(localise(result.get("output", "null"), names, expected))
        assert loose(got) == loose(expected["output"])
        return
    arn = sfn.start_execution(stateMachineArn=machine, input=text_input)["executionArn"]
    d = wait_done(sfn, arn, timeout=60)
    assert d["status"] == expected["status"], d
    events = []
    for event in all_history(sfn, arn):
        event.pop("timestamp")
        events.append(json.loads(localise(json.dumps(event), names, expected, machine, arn)))
    events = apply_jsonpath(events, jsonpath_replacements(expected))
    got, want = loose(events), loose(expected["history"])
    if expected.get("parallel_events_sorted"):
        got = sort_parallel_blocks(recording_parallel_rewrite(got))
        want = sort_parallel_blocks(want)
    assert got == want
