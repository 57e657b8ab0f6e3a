"""GET /items/{id}."""

import json
import uuid

import boto3
import pytest


@pytest.fixture
def get_item(items_table, load_handler):
    return load_handler("get_item")


@pytest.fixture
def create_item(items_table, load_handler):
    return load_handler("create_item")


def test_an_existing_item_is_returned(get_item, create_item, sample_event, context):
    created = json.loads(
        create_item.handler(sample_event("create_item"), context)["body"]
    )
    event = sample_event("get_item")
    event["pathParameters"]["id"] = created["id"]

    response = get_item.handler(event, context)

    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == created


def test_sets_and_binary_values_are_answered_as_json(
    get_item, items_table, sample_event, context
):
    item_id = str(uuid.uuid4())
    boto3.client("dynamodb").put_item(
        TableName=items_table,
        Item={
            "id": {"S": item_id},
            "tags": {"SS": ["b", "a"]},
            "sizes": {"NS": ["2", "1.5"]},
            "thumbnail": {"B": b"\x89PNG"},
        },
    )
    event = sample_event("get_item")
    event["pathParameters"]["id"] = item_id

    response = get_item.handler(event, context)

    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {
        "id": item_id,
        "tags": ["a", "b"],
        "sizes": [1.5, 2],
        "thumbnail": "iVBORw==",
    }


def test_an_unknown_item_is_404(get_item, sample_event, context):
    event = sample_event("get_item")
    event["pathParameters"]["id"] = str(uuid.uuid4())

    response = get_item.handler(event, context)

    assert response["statusCode"] == 404
    assert "no item" in json.loads(response["body"])["message"]


def test_an_id_that_is_not_a_uuid_is_400(get_item, sample_event, context):
    event = sample_event("get_item")
    event["pathParameters"]["id"] = "not-a-uuid"

    response = get_item.handler(event, context)

    assert response["statusCode"] == 400


def test_a_failing_table_is_500_with_the_request_id_and_no_trace(
    get_item, sample_event, context, break_table
):
    break_table(get_item)
    event = sample_event("get_item")

    response = get_item.handler(event, context)

    body = json.loads(response["body"])
    assert response["statusCode"] == 500
    assert body == {
        "message": "internal error",
        "requestId": event["requestContext"]["requestId"],
    }
