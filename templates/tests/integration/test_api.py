"""End-to-end tests of the deployed API.

They run only against a stack you name: STACK_NAME=my-stack make integration.
They create and delete one item of their own.
"""

import json
import os
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest

STACK_NAME = os.environ.get("STACK_NAME")

pytestmark = pytest.mark.skipif(
    not STACK_NAME, reason="set STACK_NAME to a deployed stack to run these"
)


@pytest.fixture(scope="module")
def api_url() -> str:
    stack = boto3.client("cloudformation").describe_stacks(StackName=STACK_NAME)
    outputs = {
        output["OutputKey"]: output["OutputValue"]
        for output in stack["Stacks"][0]["Outputs"]
    }
    return outputs["ApiUrl"].rstrip("/")


def call(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode() or "null")


def test_an_item_can_be_created_read_listed_and_deleted(api_url):
    status, created = call("POST", f"{api_url}/items", {"name": "integration"})
    assert status == 201

    status, fetched = call("GET", f"{api_url}/items/{created['id']}")
    assert (status, fetched) == (200, created)

    status, page = call("GET", f"{api_url}/items?limit=100")
    assert status == 200
    assert "items" in page

    status, _ = call("DELETE", f"{api_url}/items/{created['id']}")
    assert status == 204

    status, _ = call("GET", f"{api_url}/items/{created['id']}")
    assert status == 404


def test_bad_json_is_400(api_url):
    request = urllib.request.Request(
        f"{api_url}/items", data=b"{not json", method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10)
    assert answer.value.code == 400
