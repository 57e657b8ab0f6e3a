"""DynamoDB tables as the service keeps them: on demand, encrypted, recoverable."""

from typing import Any, cast

from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from infra.constructs.checkov import skip_checks


def encrypted_table(
    scope: Construct, construct_id: str, **options: Any
) -> dynamodb.Table:
    """An on-demand table keyed by `id`, with point-in-time recovery."""
    table = dynamodb.Table(
        scope,
        construct_id,
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption=dynamodb.TableEncryption.AWS_MANAGED,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        **options,
    )
    skip_checks(
        cast(dynamodb.CfnTable, table.node.default_child),
        {
            "CKV_AWS_119": "Encrypted with the AWS managed key; a customer key adds "
            "cost and a key policy.",
        },
    )
    return table
