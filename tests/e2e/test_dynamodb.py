"""DynamoDB on the Step Functions port, through boto3: the client API, the resource/Table API,
conditions, pagination, sort order, AWS's errors, and durability across a restart."""
import decimal
import json
import os
import shutil
import subprocess
import time

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ROLE, Server, unique


def session():
    return boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1")


def ddb_client(server):
    return session().client("dynamodb", endpoint_url=server.endpoint, config=Config(retries={"max_attempts": 0}))


def ddb_resource(server):
    return session().resource("dynamodb", endpoint_url=server.endpoint, config=Config(retries={"max_attempts": 0}))


@pytest.fixture(scope="module")
def ddb(server):
    return ddb_client(server)


def make_table(ddb, sort_type="S", name=None):
    name = name or unique("t")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": sort_type}],
        BillingMode="PAY_PER_REQUEST")
    return name


def error_of(call, **kw):
    with pytest.raises(ClientError) as e:
        call(**kw)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def test_tables(ddb):
    name = make_table(ddb)
    d = ddb.describe_table(TableName=name)["Table"]
    assert d["TableStatus"] == "ACTIVE"
    assert d["KeySchema"][0] == {"AttributeName": "pk", "KeyType": "HASH"}
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    ddb.get_waiter("table_exists").wait(TableName=name)
    assert name in ddb.list_tables()["TableNames"]
    assert error_of(ddb.create_table, TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    BillingMode="PAY_PER_REQUEST") == ("ResourceInUseException", f"Table already exists: {name}")
    ddb.delete_table(TableName=name)
    assert error_of(ddb.describe_table, TableName=name) == (
        "ResourceNotFoundException", f"Requested resource not found: Table: {name} not found")
    assert error_of(ddb.get_item, TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "b"}}) == (
        "ResourceNotFoundException", "Requested resource not found")


def test_client_items_and_conditions(ddb):
    name = make_table(ddb)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "1.50"}, "b": {"B": b"\x00\xff"},
                                       "ss": {"SS": ["x", "y"]}, "m": {"M": {"l": {"L": [{"NULL": True}]}}}})
    item = ddb.get_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}}, ConsistentRead=True)["Item"]
    assert item["n"] == {"N": "1.5"}
    assert item["b"] == {"B": b"\x00\xff"}
    assert sorted(item["ss"]["SS"]) == ["x", "y"]
    assert item["m"] == {"M": {"l": {"L": [{"NULL": True}]}}}
    code, message = error_of(ddb.put_item, TableName=name, Item={"pk": {"S": "a"}, "sk": {"S": "1"}},
                             ConditionExpression="attribute_not_exists(pk)")
    assert (code, message) == ("ConditionalCheckFailedException", "The conditional request failed")
    out = ddb.update_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                          UpdateExpression="SET n = n + :d ADD c :one REMOVE b",
                          ConditionExpression="n > :zero", ReturnValues="UPDATED_NEW",
                          ExpressionAttributeValues={":d": {"N": "2"}, ":one": {"N": "1"}, ":zero": {"N": "0"}})
    assert out["Attributes"] == {"n": {"N": "3.5"}, "c": {"N": "1"}}
    proj = ddb.get_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                        ProjectionExpression="#n, m.l[0]", ExpressionAttributeNames={"#n": "n"})["Item"]
    assert proj == {"n": {"N": "3.5"}, "m": {"M": {"l": {"L": [{"NULL": True}]}}}}
    assert error_of(ddb.update_item, TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                    UpdateExpression="SET x = :v", ExpressionAttributeValues={":v": {"S": "v"}, ":u": {"S": "u"}}) == (
        "ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}")
    assert error_of(ddb.update_item, TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}},
                    UpdateExpression="SET hits : incr") == (
        "ValidationException", 'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"')
    assert error_of(ddb.get_item, TableName=name, Key={"pk": {"S": "a"}}) == (
        "ValidationException", "The provided key element does not match the schema")
    old = ddb.delete_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}}, ReturnValues="ALL_OLD")
    assert old["Attributes"]["c"] == {"N": "1"}
    assert "Item" not in ddb.get_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})


def test_query_order_and_pagination(ddb):
    name = make_table(ddb, sort_type="N")
    numbers = ["-3", "0.25", "1", "2", "10", "11", "100", "1e3"]
    for n in numbers:
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"N": n}, "even": {"BOOL": n in ("2", "10", "100")}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "other"}, "sk": {"N": "5"}})
    expected = ["-3", "0.25", "1", "2", "10", "11", "100", "1000"]
    for forward in (True, False):
        got, start, pages = [], None, 0
        while True:
            kw = dict(TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
                      Limit=3, ScanIndexForward=forward)
            if start:
                kw["ExclusiveStartKey"] = start
            page = ddb.query(**kw)
            pages += 1
            got += [i["sk"]["N"] for i in page["Items"]]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        assert got == (expected if forward else expected[::-1])
        assert pages == 3
    page = ddb.query(TableName=name, KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                     FilterExpression="even = :t", ExpressionAttributeValues={
                         ":p": {"S": "p"}, ":a": {"N": "1"}, ":b": {"N": "100"}, ":t": {"BOOL": True}})
    assert [i["sk"]["N"] for i in page["Items"]] == ["2", "10", "100"]
    assert (page["Count"], page["ScannedCount"]) == (3, 5)
    assert ddb.query(TableName=name, KeyConditionExpression="pk = :p", Select="COUNT",
                     ExpressionAttributeValues={":p": {"S": "p"}})["Count"] == 8
    total, start = 0, None
    while True:
        kw = dict(TableName=name, Limit=4)
        if start:
            kw["ExclusiveStartKey"] = start
        page = ddb.scan(**kw)
        total += page["Count"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert total == 9


def test_string_sort_key_begins_with(ddb):
    name = make_table(ddb)
    for sk in ["a#1", "a#2", "a#10", "b#1", "a", "ab"]:
        ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": sk}})
    page = ddb.query(TableName=name, KeyConditionExpression="pk = :p AND begins_with(sk, :x)",
                     ExpressionAttributeValues={":p": {"S": "p"}, ":x": {"S": "a#"}})
    assert [i["sk"]["S"] for i in page["Items"]] == ["a#1", "a#10", "a#2"]


def test_resource_table_api(server):
    resource = ddb_resource(server)
    name = unique("res")
    table = resource.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")
    table.wait_until_exists()
    with table.batch_writer() as batch:
        for i in range(30):
            batch.put_item(Item={"pk": "user", "sk": f"order#{i:03d}", "total": decimal.Decimal(i) / 4,
                                 "tags": {"a", "b"} if i % 2 else {"c"}})
    table.put_item(Item={"pk": "user", "sk": "profile", "name": "Ada"})
    resp = table.query(KeyConditionExpression=Key("pk").eq("user") & Key("sk").begins_with("order#"),
                       FilterExpression=Attr("total").gte(5) & Attr("tags").contains("a"))
    assert [i["sk"] for i in resp["Items"]] == [f"order#{i:03d}" for i in range(21, 30, 2)]
    assert resp["Items"][0]["total"] == decimal.Decimal("5.25")
    with pytest.raises(ClientError) as e:
        table.put_item(Item={"pk": "user", "sk": "profile"}, ConditionExpression=Attr("pk").not_exists())
    assert e.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    table.update_item(Key={"pk": "user", "sk": "profile"}, UpdateExpression="SET visits = if_not_exists(visits, :z) + :one",
                      ExpressionAttributeValues={":z": 0, ":one": 1})
    assert table.get_item(Key={"pk": "user", "sk": "profile"})["Item"]["visits"] == 1
    got = resource.batch_get_item(RequestItems={name: {"Keys": [{"pk": "user", "sk": "profile"},
                                                                 {"pk": "user", "sk": "order#000"}]}})
    assert len(got["Responses"][name]) == 2
    scanned = table.scan(FilterExpression=Attr("name").eq("Ada"))
    assert scanned["Items"][0]["name"] == "Ada"
    table.delete()


def test_seed_streaming_pattern(ddb):
    """The streaming function's calls: items of one execution not yet streamed, in order, then marked."""
    name = unique("results")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "ExecutionArn", "KeyType": "HASH"},
                   {"AttributeName": "ResultTimestamp", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "ExecutionArn", "AttributeType": "S"},
                              {"AttributeName": "ResultTimestamp", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    arn = "SM:run:uuid"
    for i in range(3):
        ddb.put_item(TableName=name, Item={"ExecutionArn": {"S": arn}, "ResultTimestamp": {"S": f"2024-01-01T00:00:0{i}Z"},
                                           "Result": {"S": f"This is simulated result {i}"}})
    seen = []
    for _ in range(2):
        page = ddb.query(TableName=name, KeyConditionExpression="ExecutionArn = :ExecutionArn",
                         FilterExpression="attribute_not_exists(Streamed)", ConsistentRead=True,
                         ExpressionAttributeValues={":ExecutionArn": {"S": arn}})
        for item in page["Items"]:
            seen.append(item["Result"]["S"])
            ddb.update_item(TableName=name, Key={"ExecutionArn": item["ExecutionArn"], "ResultTimestamp": item["ResultTimestamp"]},
                            UpdateExpression="set Streamed = :streamed", ExpressionAttributeValues={":streamed": {"BOOL": True}})
    assert seen == [f"This is simulated result {i}" for i in range(3)]


def test_durable_across_restart():
    s = Server(time_scale=0).start()
    try:
        ddb = ddb_client(s)
        name = make_table(ddb)
        for i in range(5):
            ddb.put_item(TableName=name, Item={"pk": {"S": "p"}, "sk": {"S": f"{i}"}, "v": {"N": str(i)}})
        s.stop()
        s.start()
        ddb = ddb_client(s)
        page = ddb.query(TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
        assert [i["v"]["N"] for i in page["Items"]] == ["0", "1", "2", "3", "4"]
        assert ddb.describe_table(TableName=name)["Table"]["ItemCount"] == 5
    finally:
        s.stop()


SEED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "seed", "statemachine.asl.json")


def test_seed_state_machine_writes_its_results(server, ddb):
    """The seed's Express workflow, unchanged but for its substitutions, writes five results through
    `arn:aws:states:::dynamodb:putItem`; the streaming function's query reads them in order."""
    if not os.path.exists(SEED):
        pytest.skip("seed not present")
    table = unique("ResponseTable")
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "ExecutionArn", "KeyType": "HASH"},
                   {"AttributeName": "ResultTimestamp", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "ExecutionArn", "AttributeType": "S"},
                              {"AttributeName": "ResultTimestamp", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    definition = open(SEED).read().replace("${DDBReponseTableName}", table).replace("${FinalResultFieldName}", "FinalResult")
    sfn = server.client()
    machine = sfn.create_state_machine(name=unique("seed"), definition=definition, roleArn=ROLE, type="EXPRESS")
    arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input="{}")["executionArn"]
    key = ":".join(arn.split(":")[6:9])
    deadline = time.monotonic() + 20
    while True:
        page = ddb.query(TableName=table, KeyConditionExpression="ExecutionArn = :ExecutionArn",
                         FilterExpression="attribute_not_exists(Streamed)", ConsistentRead=True,
                         ExpressionAttributeValues={":ExecutionArn": {"S": key}})
        if page["Count"] == 5 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    results = [i["Result"]["S"] for i in page["Items"]]
    assert results == [f"This is simulated result {i}" for i in range(5)]
    assert [("FinalResult" in i) for i in page["Items"]] == [False] * 4 + [True]


def test_global_secondary_index(server):
    table = ddb_resource(server).create_table(
        TableName=unique("gsi"),
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "email", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byEmail", "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        BillingMode="PAY_PER_REQUEST")
    table.put_item(Item={"pk": "user#1", "sk": "profile", "email": "ada@example.com", "name": "Ada"})
    table.put_item(Item={"pk": "user#2", "sk": "profile", "email": "bob@example.com", "name": "Bob"})
    table.put_item(Item={"pk": "user#3", "sk": "profile", "name": "No email"})
    found = table.query(IndexName="byEmail", KeyConditionExpression=Key("email").eq("bob@example.com"))["Items"]
    assert [i["name"] for i in found] == ["Bob"]
    table.update_item(Key={"pk": "user#2", "sk": "profile"}, UpdateExpression="SET email = :e",
                      ExpressionAttributeValues={":e": "robert@example.com"})
    assert table.query(IndexName="byEmail", KeyConditionExpression=Key("email").eq("bob@example.com"))["Count"] == 0
    assert table.scan(IndexName="byEmail")["Count"] == 2


def test_transactions(ddb):
    name = make_table(ddb)
    ddb.put_item(TableName=name, Item={"pk": {"S": "stock"}, "sk": {"S": "widget"}, "count": {"N": "1"}})
    order = {"TransactItems": [
        {"Update": {"TableName": name, "Key": {"pk": {"S": "stock"}, "sk": {"S": "widget"}},
                    "UpdateExpression": "SET #c = #c - :one", "ConditionExpression": "#c >= :one",
                    "ExpressionAttributeNames": {"#c": "count"}, "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Put": {"TableName": name, "Item": {"pk": {"S": "order"}, "sk": {"S": "ORDER"}}}},
    ]}
    ddb.transact_write_items(**order)
    with pytest.raises(ClientError) as e:
        ddb.transact_write_items(**order)
    assert e.value.response["Error"]["Code"] == "TransactionCanceledException"
    got = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": name, "Key": {"pk": {"S": "stock"}, "sk": {"S": "widget"}}}}])
    assert got["Responses"][0]["Item"]["count"] == {"N": "0"}


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI (`aws`) is not installed")
def test_aws_cli(server):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    name = unique("cli")

    def aws(*args):
        return subprocess.run(["aws", "dynamodb", *args, "--endpoint-url", server.endpoint], env=env,
                              capture_output=True, text=True, timeout=60)

    assert aws("create-table", "--table-name", name, "--attribute-definitions", "AttributeName=pk,AttributeType=S",
               "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST").returncode == 0
    assert aws("wait", "table-exists", "--table-name", name).returncode == 0
    assert aws("put-item", "--table-name", name, "--item", '{"pk":{"S":"a"},"n":{"N":"1"}}').returncode == 0
    out = aws("update-item", "--table-name", name, "--key", '{"pk":{"S":"a"}}', "--update-expression", "ADD n :one",
              "--expression-attribute-values", '{":one":{"N":"1"}}', "--return-values", "ALL_NEW")
    assert json.loads(out.stdout)["Attributes"]["n"] == {"N": "2"}
    failed = aws("put-item", "--table-name", name, "--item", '{"pk":{"S":"a"}}', "--condition-expression",
                 "attribute_not_exists(pk)")
    assert failed.returncode != 0 and "ConditionalCheckFailedException" in failed.stderr
