"""DynamoDB cases of the AWS-recorded corpus (shared/conformance/nonpure): the optimized
`arn:aws:states:::dynamodb:*` and `arn:aws:states:::aws-sdk:dynamodb:*` integrations run against
Sluice's embedded DynamoDB; status, error, cause, output and history must match the recording.

The table a case's fixture created (`dynamodb_create_table`: hash key `id` of type S) is created
here under a unique name; the recording's table-name and request-id placeholders and the
`SdkHttpMetadata` values (which localstack does not compare either) are normalised on both sides."""
import json
import os
import re
import uuid

import boto3
import pytest
from botocore.config import Config

from conftest import ROLE, all_history, unique, wait_done

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "conformance", "nonpure")


def cases():
    try:
        index = json.load(open(os.path.join(CORPUS, "index.json")))
    except OSError:
        return []
    return sorted(c["name"] for c in index["cases"]
                  if any(s in ("dynamodb", "aws-sdk:dynamodb") for s in c.get("services", [])))


def placeholder_pair(recorded, expected):
    """The part of the recorded table name the recording replaced, and its placeholder."""
    prefix = 0
    while prefix < min(len(recorded), len(expected)) and recorded[prefix] == expected[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(recorded), len(expected)) - prefix and recorded[-1 - suffix] == expected[-1 - suffix]:
        suffix += 1
    return recorded[prefix:len(recorded) - suffix], expected[prefix:len(expected) - suffix]


def normalise(value, replacements):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "SdkHttpMetadata":
                v = {"HttpStatusCode": v.get("HttpStatusCode"),
                     "headers": sorted(h.lower() for h in v.get("HttpHeaders", {})),
                     "all": sorted(h.lower() for h in v.get("AllHttpHeaders", {}))}
            elif k == "SdkResponseMetadata":
                v = sorted(v)
            elif k == "region":
                v = "<region>"
            out[k] = normalise(v, replacements)
        return out
    if isinstance(value, list):
        return [normalise(v, replacements) for v in value]
    if isinstance(value, str):
        if value.startswith("{"):
            try:
                return normalise(json.loads(value), replacements)
            except ValueError:
                pass
        for old, new in replacements:
            value = value.replace(old, new)
        return re.sub(r"Request ID: [a-zA-Z0-9-]+", "Request ID: <request_id>", value)
    return value


@pytest.fixture(scope="module")
def clients(server):
    session = boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")
    return server.client(), session.client("dynamodb", endpoint_url=server.endpoint,
                                           config=Config(retries={"max_attempts": 0}))


@pytest.mark.parametrize("case", cases())
def test_dynamodb_case(clients, case):
    sfn, ddb = clients
    folder = os.path.join(CORPUS, case)
    expected = json.load(open(os.path.join(folder, "expected.json")))
    recorded_input = json.load(open(os.path.join(folder, "input.json")))
    recorded_table = recorded_input["TableName"]
    table = recorded_table.replace("c4ca4238", uuid.uuid4().hex[:8])
    if "dynamodb_create_table" in expected.get("test_side_fixtures_not_referenced_by_definition", []):
        ddb.create_table(TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
    shown = expected["history"][0]["executionStartedEventDetails"]["input"]["TableName"]
    replacements = [(table, recorded_table), placeholder_pair(recorded_table, shown), (ROLE, "snf_role_arn")]
    run_input = dict(recorded_input, TableName=table)
    definition = open(os.path.join(folder, "definition.json")).read()
    machine = sfn.create_state_machine(name=unique("ddb"), definition=definition, roleArn=ROLE)["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps(run_input))["executionArn"]
    d = wait_done(sfn, arn, timeout=20)
    assert d["status"] == expected["status"]
    if "output" in expected:
        assert normalise(d["output"], replacements) == normalise(expected["output"], [])
    if "error" in expected:
        assert d.get("error") == expected["error"]
        assert normalise(d.get("cause"), replacements) == expected["cause"]
    got = []
    for event in all_history(sfn, arn):
        event.pop("timestamp")
        got.append(normalise(event, replacements))
    assert got == normalise(expected["history"], [])
