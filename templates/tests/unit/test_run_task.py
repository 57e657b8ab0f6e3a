"""The task function, invoked directly or asynchronously."""

import pytest


@pytest.fixture
def run_task(load_handler):
    return load_handler("run_task")


def test_a_task_runs_and_reports_its_id(run_task, sample_event, context):
    event = sample_event("run_task")

    result = run_task.handler(event, context)

    assert result == {"taskId": event["taskId"], "status": "done"}


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (["not", "an", "object"], "a task is a JSON object"),
        ({"name": "report"}, "'taskId' is required"),
        ({"taskId": "t-1", "name": ""}, "'name' is required"),
        ({"taskId": "t-1", "name": "x", "parameters": []}, "'parameters' must be"),
    ],
)
def test_a_malformed_task_raises_so_it_is_not_lost(run_task, context, payload, problem):
    with pytest.raises(run_task.InvalidTask, match=problem):
        run_task.handler(payload, context)
