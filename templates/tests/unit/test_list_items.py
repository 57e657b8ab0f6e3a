"""GET /items."""

import base64
import json

import pytest


@pytest.fixture
def list_items(items_table, load_handler):
    return load_handler("list_items")


@pytest.fixture
def stored_names(items_table, load_handler, sample_event, context):
    create_item = load_handler("create_item")
    names = [f"item {number}" for number in range(5)]
    for name in names:
        event = sample_event("create_item")
        event["body"] = json.dumps({"name": name})
        create_item.handler(event, context)
    return names


def test_an_empty_table_gives_an_empty_page(list_items, sample_event, context):
    response = list_items.handler(sample_event("list_items"), context)

    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"items": [], "cursor": None}


def test_pages_follow_the_cursor_until_every_item_is_seen(
    list_items, stored_names, sample_event, context
):
    seen = []
    cursor = None
    for _ in range(len(stored_names) + 1):
        event = sample_event("list_items")
        event["queryStringParameters"] = {"limit": "2"}
        if cursor:
            event["queryStringParameters"]["cursor"] = cursor
        page = json.loads(list_items.handler(event, context)["body"])
        assert len(page["items"]) <= 2
        seen += [item["name"] for item in page["items"]]
        cursor = page["cursor"]
        if cursor is None:
            break

    assert sorted(seen) == stored_names


@pytest.mark.parametrize("limit", ["0", "101", "ten", "-1"])
def test_a_bad_limit_is_400(list_items, sample_event, context, limit):
    event = sample_event("list_items")
    event["queryStringParameters"] = {"limit": limit}

    response = list_items.handler(event, context)

    assert response["statusCode"] == 400


def test_a_forged_cursor_is_400(list_items, sample_event, context):
    event = sample_event("list_items")
    event["queryStringParameters"] = {"cursor": "bm90LWpzb24="}

    response = list_items.handler(event, context)

    assert response["statusCode"] == 400


@pytest.mark.parametrize("last_key", [{"id": 5}, {"name": {"S": "x"}}, ["id"]])
def test_a_cursor_that_is_not_an_item_key_is_400(
    list_items, sample_event, context, last_key
):
    event = sample_event("list_items")
    cursor = base64.urlsafe_b64encode(json.dumps(last_key).encode()).decode()
    event["queryStringParameters"] = {"cursor": cursor}

    response = list_items.handler(event, context)

    assert response["statusCode"] == 400


def test_a_failing_table_is_500(list_items, sample_event, context, break_table):
    break_table(list_items)

    response = list_items.handler(sample_event("list_items"), context)

    assert response["statusCode"] == 500
