"""Dead-letter queues: where every failure path of the service ends."""

from typing import cast

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.alarms import Alarms
from infra.constructs.checkov import skip_checks


def dead_letter_queue(
    scope: Construct, construct_id: str, alarms: Alarms | None
) -> sqs.Queue:
    """A queue that keeps failed messages 14 days, with an alarm on the first."""
    queue = sqs.Queue(
        scope,
        construct_id,
        retention_period=cdk.Duration.days(14),
        encryption=sqs.QueueEncryption.SQS_MANAGED,
    )
    skip_checks(
        cast(sqs.CfnQueue, queue.node.default_child),
        {
            "CKV_AWS_27": "Encrypted with SSE-SQS; AWS services that dead-letter "
            "here cannot use the AWS managed KMS key.",
        },
    )
    if alarms:
        alarms.watch(
            scope,
            f"{construct_id}Alarm",
            queue.metric_approximate_number_of_messages_visible(statistic="Maximum"),
            f"Messages wait in {construct_id}; inspect and replay them",
            threshold=0,
            comparison=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        )
    return queue
