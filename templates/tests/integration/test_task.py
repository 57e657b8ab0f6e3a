"""End-to-end test of the deployed task function.

It runs only against a stack you name: STACK_NAME=my-stack make integration.
"""

import json
import os
from pathlib import Path

import boto3
import pytest

STACK_NAME = os.environ.get("STACK_NAME")
EVENTS = Path(__file__).resolve().parents[2] / "events"

pytestmark = pytest.mark.skipif(
    not STACK_NAME, reason="set STACK_NAME to a deployed stack to run these"
)


@pytest.fixture(scope="module")
def function_name() -> str:
    stack = boto3.client("cloudformation").describe_stacks(StackName=STACK_NAME)
    outputs = {
        output["OutputKey"]: output["OutputValue"]
        for output in stack["Stacks"][0]["Outputs"]
    }
    return outputs["RunTaskFunctionName"]


def test_the_sample_task_runs(function_name):
    payload = (EVENTS / "run_task.json").read_bytes()

    answer = boto3.client("lambda").invoke(FunctionName=function_name, Payload=payload)

    assert "FunctionError" not in answer
    result = json.loads(answer["Payload"].read())
    assert result["status"] == "done"
