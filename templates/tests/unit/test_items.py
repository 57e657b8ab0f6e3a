"""The item rules of lib/items.py, without AWS."""

import uuid
from decimal import Decimal
from typing import Any

import pytest

from lib.items import (
    InvalidItem,
    ItemTable,
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


class OneItemClient:
    """Keeps the last item put, as DynamoDB received it, and answers it."""

    def __init__(self) -> None:
        self.stored: dict[str, Any] = {}

    def put_item(self, **request: Any) -> None:
        self.stored = request["Item"]

    def get_item(self, **request: Any) -> dict[str, Any]:
        return {"Item": self.stored}


def test_every_kind_of_value_is_stored_and_read_back():
    client = OneItemClient()
    table = ItemTable(client, "items")
    price = Decimal("12345678901234567890.123456789012345678")

    table.put(
        {
            "id": "one",
            "count": 3,
            "price": price,
            "done": False,
            "note": None,
            "thumbnail": b"\x89PNG",
            "steps": ["a", 1],
            "owner": {"name": "Ada"},
        }
    )

    assert client.stored["count"] == {"N": "3"}
    assert client.stored["done"] == {"BOOL": False}
    assert client.stored["steps"] == {"L": [{"S": "a"}, {"N": "1"}]}
    assert table.get("one") == {
        "id": "one",
        "count": Decimal(3),
        "price": price,
        "done": False,
        "note": None,
        "thumbnail": b"\x89PNG",
        "steps": ["a", Decimal(1)],
        "owner": {"name": "Ada"},
    }


def test_the_set_types_are_read_as_sets():
    client = OneItemClient()
    client.stored = {
        "tags": {"SS": ["b", "a"]},
        "sizes": {"NS": ["2", "1.5"]},
        "blobs": {"BS": [b"x"]},
    }

    assert ItemTable(client, "items").get("one") == {
        "tags": {"a", "b"},
        "sizes": {Decimal("1.5"), Decimal(2)},
        "blobs": {b"x"},
    }


def test_a_float_is_refused_before_it_reaches_dynamodb():
    with pytest.raises(TypeError, match="float"):
        ItemTable(OneItemClient(), "items").put({"id": "one", "ratio": 0.5})
