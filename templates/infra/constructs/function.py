"""One function of the service, its log group and its alarms, built the same way
for every part (the SAM template's Globals and function macros)."""

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import cast

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.alarms import Alarms
from infra.constructs.checkov import skip_checks
from infra.constructs.logs import log_group

SOURCE = Path(__file__).resolve().parents[2] / "src"
DEFAULT_TIMEOUT = cdk.Duration.seconds(10)


class Invocation(Enum):
    """How Lambda runs a function. Each value says where its failures go instead
    of a dead-letter queue of its own (checkov CKV_AWS_116)."""

    SYNC = (
        "API Gateway waits for the answer; dead-letter queues apply to "
        "asynchronous calls only."
    )
    POLL = (
        "Failed batches go to the event source's dead-letter queue or "
        "on-failure destination."
    )
    ASYNC = (
        "Failed invocations go to an on-failure destination, which keeps the "
        "error as well as the event."
    )


@dataclass(frozen=True)
class FunctionSettings:
    """What every function of the service shares."""

    service_name: str
    runtime: lambda_.Runtime
    architecture: lambda_.Architecture
    tracing: bool
    powertools: lambda_.ILayerVersion
    log_level: cdk.CfnParameter
    log_retention_days: cdk.CfnParameter
    alarms: Alarms | None


class ServiceFunction(Construct):
    """A function with 256 MB, JSON logs to its own log group, Powertools from
    its layer, and alarms on errors and throttles.

    With `on_failure`, an asynchronous call is retried twice within an hour and
    then sent, with its error, to that queue.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        settings: FunctionSettings,
        module: str,
        description: str,
        invocation: Invocation,
        timeout: cdk.Duration = DEFAULT_TIMEOUT,
        environment: dict[str, str] | None = None,
        reserved_concurrency: float | None = None,
        on_failure: sqs.IQueue | None = None,
    ):
        super().__init__(scope, construct_id)
        self.log_group = log_group(self, "LogGroup", settings.log_retention_days)
        self.function = lambda_.Function(
            self,
            "Function",
            description=description,
            code=lambda_.Code.from_asset(str(SOURCE), exclude=["**/__pycache__"]),
            handler=f"handlers.{module}.handler",
            runtime=settings.runtime,
            architecture=settings.architecture,
            memory_size=256,
            timeout=timeout,
            tracing=lambda_.Tracing.ACTIVE if settings.tracing else None,
            layers=[settings.powertools],
            logging_format=lambda_.LoggingFormat.JSON,
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            log_group=self.log_group,
            environment={"POWERTOOLS_SERVICE_NAME": settings.service_name}
            | (environment or {}),
            reserved_concurrent_executions=reserved_concurrency,
            on_failure=destinations.SqsDestination(on_failure) if on_failure else None,
            retry_attempts=2 if on_failure else None,
            max_event_age=cdk.Duration.hours(1) if on_failure else None,
        )
        resource = cast(lambda_.CfnFunction, self.function.node.default_child)
        # The level is a parameter, which the typed property cannot hold.
        resource.add_property_override(
            "LoggingConfig.ApplicationLogLevel", settings.log_level.value_as_string
        )
        skip_checks(resource, self._skipped_checks(invocation, reserved_concurrency))

        if settings.alarms:
            settings.alarms.watch(
                self,
                "ErrorsAlarm",
                self.function.metric_errors(statistic="Sum"),
                f"{construct_id}Function failed in the last 5 minutes",
            )
            settings.alarms.watch(
                self,
                "ThrottlesAlarm",
                self.function.metric_throttles(statistic="Sum"),
                f"{construct_id}Function was throttled in the last 5 minutes",
            )

    @staticmethod
    def _skipped_checks(
        invocation: Invocation, reserved_concurrency: float | None
    ) -> dict[str, str]:
        skipped = {"CKV_AWS_116": invocation.value}
        if reserved_concurrency is None:
            skipped["CKV_AWS_115"] = (
                "Concurrency comes from the account pool; reserving some fails "
                "deploys on accounts at the default quota."
            )
        skipped["CKV_AWS_117"] = (
            "Created with --vpc none; the function calls only AWS APIs, which a "
            "VPC would make slower and costlier to reach."
        )
        skipped["CKV_AWS_173"] = (
            "Environment variables hold resource names, no secrets; Lambda "
            "encrypts them with an AWS managed key."
        )
        return skipped
