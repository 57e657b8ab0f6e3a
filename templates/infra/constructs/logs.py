"""Log groups, kept as long as the LogRetentionDays parameter says."""

from typing import cast

import aws_cdk as cdk
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constructs.checkov import skip_checks


def log_group(
    scope: Construct, construct_id: str, retention_days: cdk.CfnParameter
) -> logs.LogGroup:
    """A log group deleted with the stack, its retention taken from a parameter."""
    group = logs.LogGroup(scope, construct_id, removal_policy=cdk.RemovalPolicy.DESTROY)
    resource = cast(logs.CfnLogGroup, group.node.default_child)
    resource.retention_in_days = retention_days.value_as_number
    skip_checks(
        resource,
        {
            "CKV_AWS_158": "CloudWatch Logs encrypts at rest; a customer key adds "
            "cost and a key policy.",
            "CKV_AWS_338": "Retention is the LogRetentionDays parameter, 30 days "
            "unless raised.",
        },
    )
    return group
