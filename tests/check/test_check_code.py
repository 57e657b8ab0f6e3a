"""What the source readers see in Python, JavaScript and TypeScript."""

from __future__ import annotations

from pathlib import Path

from scaffold.check.code import comment_suppressions
from scaffold.check.jssource import node_facts
from scaffold.check.pysource import python_facts


def test_a_comment_or_string_naming_aws_sdk_is_not_an_import() -> None:
    source = """
// const AWS = require('aws-sdk');
const note = "require('aws-sdk') was removed";
const pattern = /require\\('aws-sdk'\\)/;
"""
    assert node_facts(Path("a.js"), source).sdk_v2_imports == []


def test_every_import_form_of_the_v2_sdk_is_seen() -> None:
    source = """const AWS = require("aws-sdk");
import AWS2 from 'aws-sdk';
import * as AWS3 from "aws-sdk";
import { S3 } from 'aws-sdk';
"""
    assert node_facts(Path("a.ts"), source).sdk_v2_imports == [1, 2, 3, 4]


def test_per_client_v2_import_names_its_service_not_the_whole_sdk() -> None:
    facts = node_facts(Path("a.js"), 'const S3 = require("aws-sdk/clients/s3");\n')

    assert facts.sdk_v2_imports == []
    assert set(facts.services) == {"s3"}


def test_v3_clients_map_to_their_endpoint_names() -> None:
    source = """import { SFNClient } from "@aws-sdk/client-sfn";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
"""
    assert set(node_facts(Path("a.ts"), source).services) == {
        "states",
        "events",
        "dynamodb",
    }


def test_node_handler_forms_give_name_params_and_async() -> None:
    source = """exports.one = (event, context, callback) => {};
module.exports.two = async function (event) {};
export const three: Handler = async (event: E, context: Context) => ({});
export async function four(event) {}
function five(event, context, callback) {}
module.exports = { five, six: five };
export const seven = middy(base).use(errors());
"""
    handlers = node_facts(Path("a.ts"), source).handlers

    assert {name: (h.params, h.is_async) for name, h in handlers.items()} == {
        "one": (("event", "context", "callback"), False),
        "two": (("event",), True),
        "three": (("event", "context"), True),
        "four": (("event",), True),
        "five": (("event", "context", "callback"), False),
        "six": (("event", "context", "callback"), False),
        "seven": ((), False),
    }
    assert handlers["seven"].has_body is False


def test_typed_parameters_with_commas_count_once() -> None:
    source = "export const h = async (event: Record<string, string>, ctx) => {};\n"

    assert node_facts(Path("a.ts"), source).handlers["h"].params == ("event", "ctx")


def test_node_s3_write_keys_keep_their_literal_prefix() -> None:
    source = """await s3.send(new PutObjectCommand({ Key: `out/${name}.png` }));
await s3.send(new GetObjectCommand({ Bucket: b, Key: "in/a" }));
await s3.send(new PutObjectCommand({ Bucket: b, Key: "logs/" + name }));
"""
    writes = node_facts(Path("a.js"), source).object_writes

    assert [(w.line, w.key_prefix, w.key_suffix) for w in writes] == [
        (1, "out/", ".png"),
        (3, "logs/", None),
    ]


def test_python_clients_resources_and_powertools_name_services() -> None:
    source = """import boto3
from aws_lambda_powertools.utilities import parameters

SQS = boto3.client("sqs")
TABLE = boto3.resource(service_name="dynamodb").Table("x")
FLOW = boto3.session.Session().client("stepfunctions")
SECRET = parameters.get_secret("db")
"""
    facts = python_facts(Path("a.py"), source)

    assert set(facts.services) == {"sqs", "dynamodb", "states", "secretsmanager"}


def test_botocore_clients_name_services() -> None:
    source = """import botocore.session

EVENTS = botocore.session.get_session().create_client("events")
"""
    facts = python_facts(Path("a.py"), source)

    assert set(facts.services) == {"events"}


def test_client_calls_without_the_sdk_imported_name_no_service() -> None:
    source = 'import httpx\n\nCLIENT = httpx.client("sqs")\n'

    assert python_facts(Path("a.py"), source).services == {}


def test_python_table_names_in_every_spelling() -> None:
    source = """import boto3

DB = boto3.client("dynamodb")
A = boto3.resource("dynamodb").Table("one")
B = DB.get_item(TableName="two", Key={})
C = DB.put_item(**{"TableName": "three", "Item": {}})
D = DB.scan(TableName=NAME)
"""
    facts = python_facts(Path("a.py"), source)

    assert sorted(name for _, name in facts.table_names) == ["one", "three", "two"]


def test_python_s3_write_keys_from_fstrings_and_concatenation() -> None:
    source = """S3.put_object(Bucket=b, Key=f"out/{name}.json", Body=b"")
S3.upload_file("/tmp/x", b, "tmp/" + name)
S3.get_object(Bucket=b, Key="in/x")
S3.copy_object(Bucket=b, Key=key, CopySource=src)
"""
    writes = python_facts(Path("a.py"), source).object_writes

    assert [(w.line, w.key_prefix, w.key_suffix) for w in writes] == [
        (1, "out/", ".json"),
        (2, "tmp/", None),
        (4, "", None),
    ]


def test_python_that_does_not_parse_is_reported_not_raised() -> None:
    facts = python_facts(Path("a.py"), "def handler(:\n")

    assert facts.parse_error is not None
    assert facts.handlers == {}


def test_suppression_comment_gives_rule_ids_and_reason() -> None:
    text = "x = 1  # serverless-new: ignore SN010, SN012 - legacy bundle\n"

    (found,) = comment_suppressions(text)

    assert (found.line, found.rule_ids, found.reason) == (
        1,
        ("SN010", "SN012"),
        "legacy bundle",
    )


def test_suppression_comment_without_reason_has_an_empty_reason() -> None:
    (found,) = comment_suppressions("// serverless-new: ignore SN011\n")

    assert (found.rule_ids, found.reason) == (("SN011",), "")


def test_python_asynchronous_invokes_name_their_target_variable() -> None:
    source = """import os

import boto3

LAMBDA = boto3.client("lambda")
TARGET = os.environ["WORKER_FUNCTION"]
LAMBDA.invoke(FunctionName=TARGET, InvocationType="Event")
LAMBDA.invoke(FunctionName=os.getenv("OTHER"), InvocationType="Event")
LAMBDA.invoke(FunctionName=TARGET)
"""
    invokes = python_facts(Path("a.py"), source).async_invokes

    assert [(i.line, i.variable) for i in invokes] == [
        (7, "WORKER_FUNCTION"),
        (8, "OTHER"),
    ]


def test_node_asynchronous_invokes_name_their_target_variable() -> None:
    source = """const target = process.env.WORKER_FUNCTION;
await lambda.send(new InvokeCommand({ FunctionName: target, InvocationType: "Event" }));
await lambda.send(new InvokeCommand({ FunctionName: process.env["B"],
  InvocationType: "Event" }));
await lambda.send(new InvokeCommand({ FunctionName: process.env.C }));
"""
    invokes = node_facts(Path("a.js"), source).async_invokes

    assert [(i.line, i.variable) for i in invokes] == [(2, "WORKER_FUNCTION"), (3, "B")]
