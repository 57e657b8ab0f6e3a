"""The items table: what an item is and how it is stored.

Handlers build one `ItemTable` at import time and reuse it across invocations.
"""

import base64
import binascii
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import botocore.session

MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100

Item = dict[str, Any]


class InvalidItem(ValueError):
    """An item, a page size or a cursor that breaks the rules below."""


def new_item(fields: dict[str, Any]) -> Item:
    """A new item from a client's fields: a name, maybe a description."""
    unknown = sorted(set(fields) - {"name", "description"})
    if unknown:
        raise InvalidItem(f"unknown field '{unknown[0]}'")

    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidItem("'name' is required and must be a non-empty string")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidItem(f"'name' is longer than {MAX_NAME_LENGTH} characters")

    item: Item = {
        "id": str(uuid.uuid4()),
        "name": name.strip(),
        "createdAt": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    description = fields.get("description")
    if description is not None:
        if not isinstance(description, str):
            raise InvalidItem("'description' must be a string")
        if len(description) > MAX_DESCRIPTION_LENGTH:
            raise InvalidItem(
                f"'description' is longer than {MAX_DESCRIPTION_LENGTH} characters"
            )
        item["description"] = description
    return item


def page_size(text: str | None) -> int:
    """The `limit` query parameter: 1 to 100, 25 when absent."""
    if text is None:
        return DEFAULT_PAGE_SIZE
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise InvalidItem(f"'limit' must be a whole number from 1 to {MAX_PAGE_SIZE}")
    return int(text)


def encode_cursor(last_key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(last_key).encode()).decode()


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        last_key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, binascii.Error) as error:
        raise InvalidItem("'cursor' is not a cursor this API returned") from error
    # The table's key is `id`: anything else would reach DynamoDB and fail there.
    key = last_key.get("id") if isinstance(last_key, dict) else None
    if set(last_key or ()) != {"id"} or not isinstance(key, dict) or set(key) != {"S"}:
        raise InvalidItem("'cursor' is not a cursor this API returned")
    return last_key


@dataclass(frozen=True)
class Page:
    items: list[Item]
    cursor: str | None


@dataclass(frozen=True)
class ItemTable:
    """The DynamoDB table of items, keyed by `id`."""

    client: Any
    name: str

    @classmethod
    def from_environment(cls) -> "ItemTable":
        """The table named in TABLE_NAME, with a DynamoDB client.

        The client comes from botocore, the library under boto3, and is the same
        client boto3 would hand out: importing boto3 itself would add its
        resource layer and S3 transfer manager to every cold start.
        """
        client = botocore.session.get_session().create_client("dynamodb")
        return cls(client, os.environ["TABLE_NAME"])

    def get(self, item_id: str) -> Item | None:
        answer = self.client.get_item(TableName=self.name, Key=_key(item_id))
        return _from_dynamodb(answer["Item"]) if "Item" in answer else None

    def put(self, item: Item) -> None:
        self.client.put_item(
            TableName=self.name,
            Item=_to_dynamodb(item),
            ConditionExpression="attribute_not_exists(id)",
        )

    def delete(self, item_id: str) -> bool:
        """Remove an item; False when there was none."""
        answer = self.client.delete_item(
            TableName=self.name, Key=_key(item_id), ReturnValues="ALL_OLD"
        )
        return "Attributes" in answer

    def page(self, limit: int, cursor: str | None = None) -> Page:
        """Up to `limit` items, and the cursor of the next page if there is one."""
        request: dict[str, Any] = {"TableName": self.name, "Limit": limit}
        if cursor:
            request["ExclusiveStartKey"] = decode_cursor(cursor)
        answer = self.client.scan(**request)
        last_key = answer.get("LastEvaluatedKey")
        return Page(
            items=[_from_dynamodb(item) for item in answer.get("Items", [])],
            cursor=encode_cursor(last_key) if last_key else None,
        )


def _key(item_id: str) -> dict[str, Any]:
    return {"id": {"S": item_id}}


def _to_dynamodb(item: Item) -> dict[str, Any]:
    return {name: _to_attribute(value) for name, value in item.items()}


def _from_dynamodb(item: dict[str, Any]) -> Item:
    return {name: _from_attribute(value) for name, value in item.items()}


def _to_attribute(value: Any) -> dict[str, Any]:
    """A Python value as a DynamoDB attribute value."""
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, int | Decimal):
        return {"N": str(value)}
    if isinstance(value, bytes):
        return {"B": value}
    if isinstance(value, list):
        return {"L": [_to_attribute(element) for element in value]}
    if isinstance(value, dict):
        return {"M": {key: _to_attribute(element) for key, element in value.items()}}
    raise TypeError(f"an item cannot hold a {type(value).__name__}")


def _from_attribute(value: dict[str, Any]) -> Any:
    """A DynamoDB attribute value as Python: numbers as Decimal, which keeps all
    38 digits DynamoDB stores, binary as bytes, the set types as sets."""
    [(kind, content)] = value.items()
    match kind:
        case "S" | "B" | "BOOL":
            return content
        case "NULL":
            return None
        case "N":
            return Decimal(content)
        case "SS" | "BS":
            return set(content)
        case "NS":
            return {Decimal(number) for number in content}
        case "L":
            return [_from_attribute(element) for element in content]
        case "M":
            return {key: _from_attribute(element) for key, element in content.items()}
    raise TypeError(f"DynamoDB attribute type {kind} is unknown")
