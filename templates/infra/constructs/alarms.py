"""The alarm topic, encrypted with a key CloudWatch may use, and the alarms that
every other part raises on it."""

from typing import cast

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

FIVE_MINUTES = cdk.Duration.minutes(5)


class Alarms(Construct):
    """The AlarmTopic and its e-mail subscription; `watch` adds an alarm to it."""

    def __init__(self, scope: Construct, construct_id: str, *, project_name: str):
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)

        email = cdk.CfnParameter(
            stack,
            "AlarmEmail",
            type="String",
            default="",
            allowed_pattern=r"^$|^[^@\s]+@[^@\s]+$",
            description="E-mail address that receives the alarms (empty for none)",
        )
        has_email = cdk.CfnCondition(
            stack,
            "HasAlarmEmail",
            expression=cdk.Fn.condition_not(
                cdk.Fn.condition_equals(email.value_as_string, "")
            ),
        )

        # CloudWatch cannot publish to a topic under the AWS managed key.
        key = kms.Key(
            self,
            "AlarmKey",
            description=f"Encrypts the alarm topic of {project_name}",
            enable_key_rotation=True,
            removal_policy=cdk.RemovalPolicy.DESTROY,
        )
        key.grant(
            iam.ServicePrincipal("cloudwatch.amazonaws.com"),
            "kms:Decrypt",
            "kms:GenerateDataKey*",
        )
        self.topic = sns.Topic(self, "AlarmTopic", master_key=key)
        subscription = sns.Subscription(
            self,
            "AlarmEmailSubscription",
            topic=self.topic,
            protocol=sns.SubscriptionProtocol.EMAIL,
            endpoint=email.value_as_string,
        )
        cast(
            sns.CfnSubscription, subscription.node.default_child
        ).cfn_options.condition = has_email

        cdk.CfnOutput(
            stack,
            "AlarmTopicArn",
            description="SNS topic that receives every alarm; subscribe on-call "
            "tools to it",
            value=self.topic.topic_arn,
        )

    def watch(
        self,
        scope: Construct,
        construct_id: str,
        metric: cloudwatch.Metric,
        description: str,
        threshold: float = 1,
        comparison: cloudwatch.ComparisonOperator = (
            cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
        ),
    ) -> cloudwatch.Alarm:
        """An alarm on one period of five minutes, sent to the topic and back."""
        alarm = cloudwatch.Alarm(
            scope,
            construct_id,
            alarm_description=description,
            metric=metric.with_(period=FIVE_MINUTES),
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=comparison,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        alarm.add_ok_action(actions.SnsAction(self.topic))
        return alarm
