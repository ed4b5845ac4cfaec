#!/usr/bin/env python3
"""Puts the streaming-results app (app.json) into a running Sluice server:

    python3 examples/streaming-results/deploy.py --endpoint http://127.0.0.1:8083 [--stack NAME] [--param K=V ...]

Creates (or updates, when run again) the DynamoDB table, the two `provided.al2023` functions with
their function URLs, and the Express state machine (the seed's definition, unchanged, with its
substitutions applied), all through the ordinary AWS APIs (boto3) on the server's one endpoint.
Prints the outputs as JSON: PostURL (POST here to start a run), StreamingFunctionURL,
StateMachineArn, ResultDDBTable.
"""
import argparse
import io
import json
import os
import re
import stat
import sys
import zipfile

import boto3
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
ROLE = "arn:aws:iam::123456789012:role/streaming-results"


def clients(endpoint, region):
    kw = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id="sluice", aws_secret_access_key="sluice",
              config=Config(inject_host_prefix=False, retries={"max_attempts": 0}))
    return boto3.client("dynamodb", **kw), boto3.client("lambda", **kw), boto3.client("stepfunctions", **kw)


def render(value, context):
    """`{key}` placeholders of the manifest, from the context (unknown ones are left alone)."""
    if isinstance(value, str):
        whole = re.fullmatch(r"\{(\w+)\}", value)
        if whole and whole.group(1) in context:
            return str(context[whole.group(1)])
        return re.sub(r"\{(\w+)\}", lambda m: str(context.get(m.group(1), m.group(0))), value)
    if isinstance(value, dict):
        return {k: render(v, context) for k, v in value.items()}
    return value


def zip_function(folder):
    """The function's folder plus the shared runtime client, executables kept executable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        files = [(os.path.join(folder, n), n) for n in sorted(os.listdir(folder))]
        files.append((os.path.join(HERE, "functions", "lambda_runtime.py"), "lambda_runtime.py"))
        for path, name in files:
            if not os.path.isfile(path) or name.endswith(".pyc"):
                continue
            info = zipfile.ZipInfo(name)
            mode = os.stat(path).st_mode
            info.external_attr = ((stat.S_IFREG | (0o755 if mode & stat.S_IXUSR else 0o644)) << 16)
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                archive.writestr(info, f.read())
    return buffer.getvalue()


def deploy_table(ddb, spec, name):
    try:
        ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": t} for a, t, _ in spec["keySchema"]],
            KeySchema=[{"AttributeName": a, "KeyType": k} for a, _, k in spec["keySchema"]])
    except ddb.exceptions.ResourceInUseException:
        pass


def deploy_function(lam, spec, context):
    name = render(spec["name"], context)
    config = dict(Runtime=spec["runtime"], Role=ROLE, Handler="bootstrap", Timeout=int(render(spec["timeout"], context)),
                  Environment={"Variables": {k: str(v) for k, v in render(spec["environment"], context).items()}})
    code = zip_function(os.path.join(HERE, spec["code"]))
    try:
        lam.create_function(FunctionName=name, Code={"ZipFile": code}, **config)
    except lam.exceptions.ResourceConflictException:
        lam.update_function_code(FunctionName=name, ZipFile=code)
        lam.update_function_configuration(FunctionName=name, **config)
    try:
        url = lam.create_function_url_config(FunctionName=name, AuthType="NONE", InvokeMode=spec["url"])
    except lam.exceptions.ResourceConflictException:
        url = lam.update_function_url_config(FunctionName=name, AuthType="NONE", InvokeMode=spec["url"])
    return name, url["FunctionUrl"]


def deploy_state_machine(sfn, spec, context):
    name = render(spec["name"], context)
    with open(os.path.join(HERE, spec["definition"])) as f:
        definition = f.read()
    for key, value in spec["substitutions"].items():  # SAM DefinitionSubstitutions: plain text
        definition = definition.replace("${" + key + "}", render(value, context))
    try:
        return sfn.create_state_machine(name=name, definition=definition, roleArn=ROLE,
                                        type=spec["type"])["stateMachineArn"]
    except sfn.exceptions.StateMachineAlreadyExists:
        arn = next(m["stateMachineArn"] for page in sfn.get_paginator("list_state_machines").paginate()
                   for m in page["stateMachines"] if m["name"] == name)
        sfn.update_state_machine(stateMachineArn=arn, definition=definition)
        return arn


def deploy(endpoint, stack="streaming-results", params=None, region="us-east-1"):
    with open(os.path.join(HERE, "app.json")) as f:
        app = json.load(f)
    ddb, lam, sfn = clients(endpoint, region)
    context = {"stack": stack, "endpoint": endpoint, **app["parameters"], **(params or {})}
    context["table"] = render(app["table"]["name"], context)
    deploy_table(ddb, app["table"], context["table"])
    streaming_name, context["streamingUrl"] = deploy_function(lam, app["functions"]["streaming"], context)
    context["stateMachineArn"] = deploy_state_machine(sfn, app["stateMachine"], context)
    start_name, post_url = deploy_function(lam, app["functions"]["start"], context)
    return {"PostURL": post_url, "StreamingFunctionURL": context["streamingUrl"],
            "StateMachineArn": context["stateMachineArn"], "ResultDDBTable": context["table"],
            "Functions": [streaming_name, start_name]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", default=os.environ.get("SLUICE_ENDPOINT", "http://127.0.0.1:8083"))
    ap.add_argument("--stack", default="streaming-results", help="prefix of every resource name")
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                    help="override a parameter of app.json (LambdaTimeout, DDBPollingWaitMs, ...)")
    args = ap.parse_args()
    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep:
            sys.exit(f"--param wants KEY=VALUE, got {item!r}")
        params[key] = value
    print(json.dumps(deploy(args.endpoint, args.stack, params, args.region), indent=2))


if __name__ == "__main__":
    main()
