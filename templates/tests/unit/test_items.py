"""The item rules of lib/items.py, without AWS."""

import uuid

import pytest

from lib.items import (
    InvalidItem,
    decode_cursor,
    encode_cursor,
    new_item,
    page_size,
)


def test_a_new_item_gets_a_uuid_and_a_creation_time():
    item = new_item({"name": "  spaced  ", "description": "text"})

    assert uuid.UUID(item["id"])
    assert item["name"] == "spaced"
    assert item["description"] == "text"
    assert item["createdAt"].endswith("+00:00")


def test_a_name_over_the_limit_is_refused():
    with pytest.raises(InvalidItem, match="longer than 200"):
        new_item({"name": "x" * 201})


def test_the_page_size_defaults_to_25():
    assert page_size(None) == 25


def test_a_cursor_survives_the_round_trip():
    last_key = {"id": {"S": "abc"}}

    assert decode_cursor(encode_cursor(last_key)) == last_key


def test_a_cursor_that_is_not_json_is_refused():
    with pytest.raises(InvalidItem):
        decode_cursor("%%%")
