"""State machine operations: create (validation, idempotency), describe, update, list, delete, validate."""
import json
import os

import pytest
from botocore.exceptions import ClientError

from conftest import FAIL, PASS, ROLE, all_history, unique, wait_done

CONFORMANCE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "conformance")


def error_of(excinfo):
    e = excinfo.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


def test_create_describe_delete(sfn):
    name = unique("sm")
    created = sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)
    arn = created["stateMachineArn"]
    assert arn == f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}"
    d = sfn.describe_state_machine(stateMachineArn=arn)
    assert d["name"] == name and d["definition"] == PASS and d["roleArn"] == ROLE
    assert d["type"] == "STANDARD" and d["status"] == "ACTIVE"
    assert d["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert d["tracingConfiguration"] == {"enabled": False}
    assert "revisionId" not in d
    assert d["creationDate"] == created["creationDate"]
    sfn.delete_state_machine(stateMachineArn=arn)
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert error_of(e) == ("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'", 400)
    # Deleting what does not exist succeeds, as on AWS.
    sfn.delete_state_machine(stateMachineArn=arn)


def test_create_is_idempotent_on_same_definition(sfn):
    name = unique("idem")
    first = sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)
    again = sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)
    assert again["stateMachineArn"] == first["stateMachineArn"]
    assert again["creationDate"] == first["creationDate"]
    # A different role is ignored (AWS: treated as an idempotent request).
    other_role = sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE + "-other")
    assert other_role["stateMachineArn"] == first["stateMachineArn"]
    # The same definition formatted differently is a different definition.
    reformatted = json.dumps(json.loads(PASS), indent=2)
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=name, definition=reformatted, roleArn=ROLE)
    assert error_of(e) == ("StateMachineAlreadyExists",
                           f"State Machine Already Exists: '{first['stateMachineArn']}'", 400)
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE, type="EXPRESS")
    assert error_of(e)[0] == "StateMachineAlreadyExists"


def test_invalid_definition_uses_aws_message(sfn):
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=unique("bad"), definition=json.dumps({"StartAt": "X"}), roleArn=ROLE)
    assert error_of(e) == ("InvalidDefinition",
                           "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
                           400)


def test_validation_corpus_messages(sfn):
    """A sample of the AWS-recorded CreateStateMachine refusals, word for word."""
    root = os.path.join(CONFORMANCE, "validation")
    if not os.path.isdir(root):
        pytest.skip("shared/conformance/validation not present")
    checked = 0
    mismatches = []
    for case in sorted(os.listdir(root)):
        folder = os.path.join(root, case)
        expected_path = os.path.join(folder, "expected.json")
        definition_path = os.path.join(folder, "definition.json")
        if not (os.path.isfile(expected_path) and os.path.isfile(definition_path)):
            continue
        expected = json.load(open(expected_path))
        raw = expected.get("expected_error")
        error = (raw.get("Error") or {}) if isinstance(raw, dict) else {}
        code, message = error.get("Code"), error.get("Message")
        if (expected.get("operation") != "CreateStateMachine" or code != "InvalidDefinition" or not message
                or not message.startswith("Invalid State Machine Definition: '")):
            continue
        definition = open(definition_path).read()
        if "<stub:" in definition or "${" in definition:
            continue  # needs fixtures (activities, functions) the case does not carry
        try:
            sfn.create_state_machine(name=unique("v"), definition=definition, roleArn=ROLE,
                                     type=expected.get("state_machine_type") or "STANDARD")
            mismatches.append((case, "accepted"))
        except ClientError as e:
            got = (e.response["Error"]["Code"], e.response["Error"]["Message"])
            if got != ("InvalidDefinition", message):
                mismatches.append((case, got[1]))
        checked += 1
    assert mismatches == []
    if checked == 0:
        pytest.skip("no InvalidDefinition case in the expected shape")


def test_names_and_arns_are_checked(sfn):
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name="has space", definition=PASS, roleArn=ROLE)
    assert error_of(e) == ("InvalidName", "Invalid Name: 'has space'", 400)
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name="x" * 81, definition=PASS, roleArn=ROLE)
    code, message, _ = error_of(e)
    assert code == "ValidationException"
    assert message == ("1 validation error detected: Value '" + "x" * 81 + "' at 'name' failed to satisfy "
                       "constraint: Member must have length less than or equal to 80")
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(stateMachineArn="not_a_valid_arn")
    assert error_of(e) == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'", 400)
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(
            stateMachineArn="arn:aws:states:us-east-1:123456789012:execution:sm:exec")
    assert error_of(e) == ("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: execution'", 400)


def test_update_creates_revisions(sfn):
    name = unique("upd")
    arn = sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE)["stateMachineArn"]
    with pytest.raises(ClientError) as e:
        sfn.update_state_machine(stateMachineArn=arn)
    assert error_of(e) == ("MissingRequiredParameter",
                           "Either the definition, the role ARN, the LoggingConfiguration, or the "
                           "TracingConfiguration must be specified", 400)
    r1 = sfn.update_state_machine(stateMachineArn=arn, definition=FAIL)
    assert r1["revisionId"]
    d = sfn.describe_state_machine(stateMachineArn=arn)
    assert d["definition"] == FAIL and d["revisionId"] == r1["revisionId"]
    same = sfn.update_state_machine(stateMachineArn=arn, definition=FAIL)
    assert same["revisionId"] == r1["revisionId"]
    with pytest.raises(ClientError) as e:
        sfn.update_state_machine(stateMachineArn=arn, definition="{}")
    assert error_of(e)[0] == "InvalidDefinition"


def test_list_state_machines_paginates_by_name(sfn):
    prefix = unique("page")
    names = [f"{prefix}-{i}" for i in range(5)]
    for n in reversed(names):
        sfn.create_state_machine(name=n, definition=PASS, roleArn=ROLE)
    seen, token = [], None
    while True:
        args = {"maxResults": 2}
        if token:
            args["nextToken"] = token
        page = sfn.list_state_machines(**args)
        assert len(page["stateMachines"]) <= 2
        seen += [m["name"] for m in page["stateMachines"]]
        token = page.get("nextToken")
        if not token:
            break
    mine = [n for n in seen if n.startswith(prefix)]
    assert mine == sorted(names)
    assert seen == sorted(seen)
    with pytest.raises(ClientError) as e:
        sfn.list_state_machines(nextToken="garbage")
    assert error_of(e)[0] == "InvalidToken"
    with pytest.raises(ClientError) as e:
        sfn.list_state_machines(maxResults=1001)
    assert error_of(e) == ("ValidationException",
                           "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy "
                           "constraint: Member must have value less than or equal to 1000", 400)


def test_validate_state_machine_definition(sfn):
    ok = sfn.validate_state_machine_definition(definition=PASS)
    assert ok["result"] == "OK" and ok["diagnostics"] == []
    bad = sfn.validate_state_machine_definition(definition=json.dumps({"StartAt": "X"}))
    assert bad["result"] == "FAIL"
    assert bad["diagnostics"][0]["code"] == "SCHEMA_VALIDATION_FAILED"


def test_tags(sfn):
    arn = sfn.create_state_machine(name=unique("tags"), definition=PASS, roleArn=ROLE,
                                   tags=[{"key": "team", "value": "core"}])["stateMachineArn"]
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "core"}]
    sfn.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "dev"}, {"key": "team", "value": "edge"}])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "edge"},
                                                                   {"key": "env", "value": "dev"}]
    sfn.untag_resource(resourceArn=arn, tagKeys=["team", "absent"])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env", "value": "dev"}]
    with pytest.raises(ClientError) as e:
        sfn.tag_resource(resourceArn=arn, tags=[{"key": f"k{i}", "value": "v"} for i in range(50)])
    assert error_of(e)[0] == "TooManyTags"
    missing = arn + "-gone"
    with pytest.raises(ClientError) as e:
        sfn.list_tags_for_resource(resourceArn=missing)
    assert error_of(e) == ("ResourceNotFound", f"Resource not found: '{missing}'", 400)
    activity = sfn.create_activity(name=unique("tagact"), tags=[{"key": "a", "value": "b"}])["activityArn"]
    assert sfn.list_tags_for_resource(resourceArn=activity)["tags"] == [{"key": "a", "value": "b"}]


def test_versions(sfn):
    name = unique("ver")
    created = sfn.create_state_machine(name=name, definition=PASS, roleArn=ROLE, publish=True,
                                       versionDescription="first")
    arn = created["stateMachineArn"]
    v1 = created["stateMachineVersionArn"]
    assert v1 == arn + ":1"
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine(name=unique("ver"), definition=PASS, roleArn=ROLE, versionDescription="x")
    assert error_of(e) == ("ValidationException", "Version description can only be set when publish is true", 400)
    d1 = sfn.describe_state_machine(stateMachineArn=v1)
    assert d1["stateMachineArn"] == v1 and d1["description"] == "first" and d1["definition"] == PASS
    # Publishing an unchanged revision is idempotent.
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == v1
    updated = sfn.update_state_machine(stateMachineArn=arn, definition=FAIL, publish=True)
    v2 = updated["stateMachineVersionArn"]
    assert v2 == arn + ":2" and updated["revisionId"]
    with pytest.raises(ClientError) as e:
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="stale")
    assert error_of(e) == ("ConflictException",
                           f"Failed to publish the State Machine version for revision stale. The current State "
                           f"Machine revision is {updated['revisionId']}.", 409)
    versions = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in versions] == [v2, v1]
    # Executions of a version run its definition and remember it.
    exec_arn = sfn.start_execution(stateMachineArn=v1, name="on-v1")["executionArn"]
    assert exec_arn == arn.replace(":stateMachine:", ":execution:") + ":on-v1"
    d = wait_done(sfn, exec_arn)
    assert d["status"] == "SUCCEEDED" and d["stateMachineVersionArn"] == v1
    listed = sfn.list_executions(stateMachineArn=v1)["executions"]
    assert [x["executionArn"] for x in listed] == [exec_arn] and listed[0]["stateMachineVersionArn"] == v1
    started = all_history(sfn, exec_arn)[0]["executionStartedEventDetails"]
    assert started["stateMachineVersionArn"] == v1
    dsfe = sfn.describe_state_machine_for_execution(executionArn=exec_arn)
    assert dsfe["stateMachineArn"] == arn and dsfe["definition"] == PASS
    sfn.delete_state_machine_version(stateMachineVersionArn=v1)
    sfn.delete_state_machine_version(stateMachineVersionArn=v1)  # again: still fine
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine(stateMachineArn=v1)
    assert error_of(e) == ("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{v1}'", 400)
    # Version numbers are never reused.
    sfn.update_state_machine(stateMachineArn=arn, definition=PASS)
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == arn + ":3"


def test_aliases(sfn):
    arn = sfn.create_state_machine(name=unique("alias"), definition=PASS, roleArn=ROLE,
                                   publish=True)["stateMachineArn"]
    v1 = arn + ":1"
    v2 = sfn.update_state_machine(stateMachineArn=arn, definition=FAIL, publish=True)["stateMachineVersionArn"]
    routing = [{"stateMachineVersionArn": v1, "weight": 100}]
    created = sfn.create_state_machine_alias(name="live", routingConfiguration=routing, description="prod")
    alias = created["stateMachineAliasArn"]
    assert alias == arn + ":live"
    again = sfn.create_state_machine_alias(name="live", routingConfiguration=routing, description="prod")
    assert again["stateMachineAliasArn"] == alias and again["creationDate"] == created["creationDate"]
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine_alias(name="live", routingConfiguration=[{"stateMachineVersionArn": v2, "weight": 100}])
    assert error_of(e)[0] == "ConflictException"
    with pytest.raises(ClientError) as e:
        sfn.create_state_machine_alias(name="bad", routingConfiguration=[
            {"stateMachineVersionArn": v1, "weight": 60}, {"stateMachineVersionArn": v2, "weight": 30}])
    assert error_of(e)[0] == "ValidationException"
    d = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert d["name"] == "live" and d["description"] == "prod" and d["routingConfiguration"] == routing
    ex = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    described = wait_done(sfn, ex)
    assert described["status"] == "SUCCEEDED"
    assert described["stateMachineAliasArn"] == alias and described["stateMachineVersionArn"] == v1
    assert [x["executionArn"] for x in sfn.list_executions(stateMachineArn=alias)["executions"]] == [ex]
    details = all_history(sfn, ex)[0]["executionStartedEventDetails"]
    assert details["stateMachineAliasArn"] == alias and details["stateMachineVersionArn"] == v1
    with pytest.raises(ClientError) as e:
        sfn.delete_state_machine_version(stateMachineVersionArn=v1)
    assert error_of(e) == ("ConflictException", "Version to be deleted must not be referenced by an alias. "
                           "Current list of aliases referencing this version: [live]", 409)
    sfn.update_state_machine_alias(stateMachineAliasArn=alias,
                                   routingConfiguration=[{"stateMachineVersionArn": v2, "weight": 100}])
    ex2 = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    assert wait_done(sfn, ex2)["status"] == "FAILED"
    assert [a["stateMachineAliasArn"] for a in sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]] == [alias]
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(ClientError) as e:
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert error_of(e) == ("ResourceNotFound", f"Resource not found: '{alias}'", 400)
    sfn.delete_state_machine_version(stateMachineVersionArn=v1)
