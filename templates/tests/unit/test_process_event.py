"""The EventBridge handler: events whose detail it can act on, and the rest."""

import pytest


@pytest.fixture
def process_event(load_handler):
    return load_handler("process_event")


def test_a_well_formed_event_is_acted_on(process_event, sample_event, context):
    event = sample_event("process_event")

    result = process_event.handler(event, context)

    assert result == {
        "id": event["detail"]["id"],
        "action": "refresh",
        "status": "done",
    }


@pytest.mark.parametrize(
    ("detail", "problem"),
    [
        ("not an object", "must be a JSON object"),
        ({"action": "refresh"}, "'id' is required"),
        ({"id": "x", "action": ""}, "'action' is required"),
        ({"id": 7, "action": "refresh"}, "'id' is required"),
    ],
)
def test_a_malformed_detail_raises_so_the_event_is_kept(
    process_event, sample_event, context, detail, problem
):
    event = sample_event("process_event")
    event["detail"] = detail

    with pytest.raises(process_event.InvalidEvent, match=problem):
        process_event.handler(event, context)
