"""The notifications handler: message attributes and JSON messages."""

import pytest


@pytest.fixture
def process_notification(load_handler):
    return load_handler("process_notification")


def test_the_attributes_and_message_are_read(
    process_notification, sample_event, context
):
    event = sample_event("process_notification")

    [result] = process_notification.handler(event, context)

    assert result == {
        "messageId": event["Records"][0]["Sns"]["MessageId"],
        "eventType": "OrderPlaced",
        "body": {"orderId": "o-1138", "total": 42.5},
    }


def test_number_attributes_arrive_as_text(process_notification, sample_event):
    from aws_lambda_powertools.utilities.data_classes import SNSEvent

    event = SNSEvent(sample_event("process_notification"))
    [record] = event.records

    attributes = process_notification.read_attributes(record.sns)

    assert attributes == {"eventType": "OrderPlaced", "priority": "2"}


def test_a_notification_without_event_type_raises(
    process_notification, sample_event, context
):
    event = sample_event("process_notification")
    del event["Records"][0]["Sns"]["MessageAttributes"]["eventType"]

    with pytest.raises(process_notification.InvalidNotification, match="eventType"):
        process_notification.handler(event, context)


def test_a_message_that_is_not_json_raises(process_notification, sample_event, context):
    event = sample_event("process_notification")
    event["Records"][0]["Sns"]["Message"] = "plain text"

    with pytest.raises(process_notification.InvalidNotification, match="not JSON"):
        process_notification.handler(event, context)
