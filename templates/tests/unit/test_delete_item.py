"""DELETE /items/{id}."""

import json
import uuid

import pytest


@pytest.fixture
def delete_item(items_table, load_handler):
    return load_handler("delete_item")


@pytest.fixture
def existing_item_id(items_table, load_handler, sample_event, context):
    create_item = load_handler("create_item")
    response = create_item.handler(sample_event("create_item"), context)
    return json.loads(response["body"])["id"]


def test_an_existing_item_is_removed_with_204(
    delete_item, existing_item_id, load_handler, sample_event, context
):
    event = sample_event("delete_item")
    event["pathParameters"]["id"] = existing_item_id

    response = delete_item.handler(event, context)

    assert response["statusCode"] == 204
    assert response["body"] == ""
    assert delete_item.items.get(existing_item_id) is None


def test_an_unknown_item_is_404(delete_item, sample_event, context):
    event = sample_event("delete_item")
    event["pathParameters"]["id"] = str(uuid.uuid4())

    response = delete_item.handler(event, context)

    assert response["statusCode"] == 404


def test_an_id_that_is_not_a_uuid_is_400(delete_item, sample_event, context):
    event = sample_event("delete_item")
    event["pathParameters"]["id"] = "42"

    response = delete_item.handler(event, context)

    assert response["statusCode"] == 400


def test_a_failing_table_is_500(delete_item, sample_event, context, break_table):
    break_table(delete_item)

    response = delete_item.handler(sample_event("delete_item"), context)

    assert response["statusCode"] == 500
