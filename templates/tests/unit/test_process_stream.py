"""The items stream consumer: inserts, changes and removals."""

import pytest


@pytest.fixture
def process_stream(load_handler):
    return load_handler("process_stream")


@pytest.fixture
def changes(process_stream, monkeypatch):
    """Every change the handler described, in order."""
    seen = []
    describe_change = process_stream.describe_change

    def recording_describe_change(record):
        change = describe_change(record)
        seen.append(change)
        return change

    monkeypatch.setattr(process_stream, "describe_change", recording_describe_change)
    return seen


def failed_sequence_numbers(response):
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


def test_insert_modify_and_remove_are_each_described(
    process_stream, changes, sample_event, context
):
    event = sample_event("process_stream")
    item_id = event["Records"][0]["dynamodb"]["Keys"]["id"]["S"]

    response = process_stream.handler(event, context)

    assert failed_sequence_numbers(response) == []
    assert changes == [
        {"change": "inserted", "id": item_id},
        {"change": "modified", "id": item_id, "fields": ["name"]},
        {"change": "removed", "id": item_id},
    ]


def test_a_remove_has_no_new_image_and_uses_the_old_one(
    process_stream, changes, sample_event, context
):
    event = sample_event("process_stream")
    removal = event["Records"][2]
    assert "NewImage" not in removal["dynamodb"]
    event["Records"] = [removal]

    process_stream.handler(event, context)

    assert changes == [
        {"change": "removed", "id": "0b6c2f5e-9d1a-4c3e-8f7a-2d4b6e8a1c3f"}
    ]


def test_only_the_failing_record_is_reported_by_sequence_number(
    process_stream, sample_event, context, monkeypatch
):
    def failing_on_modify(old, new):
        raise RuntimeError("downstream unavailable")

    monkeypatch.setattr(process_stream, "on_modify", failing_on_modify)
    event = sample_event("process_stream")
    modify = event["Records"][1]["dynamodb"]["SequenceNumber"]

    response = process_stream.handler(event, context)

    assert failed_sequence_numbers(response) == [modify]


def test_a_change_lists_added_and_removed_fields(process_stream):
    old = {"id": "1", "name": "a", "colour": "red"}
    new = {"id": "1", "name": "a", "size": 3}

    assert process_stream.on_modify(old, new)["fields"] == ["colour", "size"]
