"""POST /items."""

import json

import boto3
import pytest


@pytest.fixture
def create_item(items_table, load_handler):
    return load_handler("create_item")


def stored_items(table_name):
    return boto3.client("dynamodb").scan(TableName=table_name)["Items"]


def test_a_valid_item_is_stored_and_returned_with_201(
    create_item, items_table, sample_event, context
):
    response = create_item.handler(sample_event("create_item"), context)

    created = json.loads(response["body"])
    assert response["statusCode"] == 201
    assert created["name"] == "First item"
    assert [item["id"]["S"] for item in stored_items(items_table)] == [created["id"]]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "must be a JSON object"),
        ("{}", "'name' is required"),
        ('{"name": "   "}', "'name' is required"),
        ('{"name": "x", "colour": "red"}', "unknown field 'colour'"),
        ('{"name": "x", "description": 7}', "'description' must be a string"),
    ],
)
def test_a_bad_body_is_400_and_stores_nothing(
    create_item, items_table, sample_event, context, body, problem
):
    event = sample_event("create_item")
    event["body"] = body

    response = create_item.handler(event, context)

    assert response["statusCode"] == 400
    assert problem in json.loads(response["body"])["message"]
    assert stored_items(items_table) == []


def test_a_missing_body_is_400(create_item, sample_event, context):
    event = sample_event("create_item")
    event["body"] = None

    response = create_item.handler(event, context)

    assert response["statusCode"] == 400


def test_a_base64_body_is_decoded(create_item, sample_event, context):
    event = sample_event("create_item")
    event["body"] = "eyJuYW1lIjogImVuY29kZWQifQ=="
    event["isBase64Encoded"] = True

    response = create_item.handler(event, context)

    assert response["statusCode"] == 201
    assert json.loads(response["body"])["name"] == "encoded"


def test_a_body_that_is_not_base64_is_400(create_item, sample_event, context):
    event = sample_event("create_item")
    event["body"] = "not base64!"
    event["isBase64Encoded"] = True

    response = create_item.handler(event, context)

    assert response["statusCode"] == 400


def test_a_failing_table_is_500_with_the_request_id(
    create_item, sample_event, context, break_table
):
    break_table(create_item)
    event = sample_event("create_item")

    response = create_item.handler(event, context)

    request_id = event["requestContext"]["requestId"]
    assert response["statusCode"] == 500
    assert json.loads(response["body"])["requestId"] == request_id
