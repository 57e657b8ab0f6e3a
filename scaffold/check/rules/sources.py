"""SN030-SN034: event sources that lose, repeat or block events when a call fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scaffold.check.functions import Function, function_for
from scaffold.check.intrinsics import as_bool, as_number, mentioned_ids, strings_in
from scaffold.check.loader import Resource, Template
from scaffold.check.model import Finding, Rule, Severity
from scaffold.check.project import Project
from scaffold.check.rules.base import at_resource
from scaffold.check.rules.settings import function_timeout
from scaffold.check.triggers import ASYNC_KINDS, STREAM_KINDS, Trigger

ASYNC_WITHOUT_DLQ = Rule(
    "SN030",
    "async-source-without-dlq",
    Severity.WARNING,
    "An asynchronous source (S3, SNS, EventBridge, a schedule) invokes a "
    "function that has no DLQ or on-failure destination: failed events are "
    "dropped after two retries.",
    "Add an on-failure destination (EventInvokeConfig.DestinationConfig."
    "OnFailure) or a DeadLetterQueue to the function, or a DLQ on the "
    "subscription or rule target.",
)
SHORT_VISIBILITY = Rule(
    "SN031",
    "sqs-visibility-timeout",
    Severity.WARNING,
    "A queue's visibility timeout is under six times the timeout of the "
    "function that reads it, so messages are handed out again while still "
    "being processed.",
    "Set VisibilityTimeout to at least six times the function's Timeout.",
)
NO_PARTIAL_BATCH = Rule(
    "SN032",
    "sqs-without-partial-batch-response",
    Severity.WARNING,
    "An SQS event source does not report batch item failures: one bad "
    "message makes the whole batch run again.",
    "Add FunctionResponseTypes: [ReportBatchItemFailures] and return "
    "batchItemFailures from the handler.",
)
NO_REDRIVE = Rule(
    "SN033",
    "sqs-without-redrive",
    Severity.WARNING,
    "A queue has no redrive policy: a message that always fails is received "
    "again and again until it expires.",
    "Add RedrivePolicy with a deadLetterTargetArn and a maxReceiveCount (3 to 5).",
)
UNBOUNDED_STREAM = Rule(
    "SN034",
    "stream-without-failure-handling",
    Severity.WARNING,
    "A DynamoDB or Kinesis stream source lacks bounded retries, an on-failure "
    "destination or bisect on error: one bad record blocks its shard.",
    "Set MaximumRetryAttempts, DestinationConfig.OnFailure and "
    "BisectBatchOnFunctionError: true on the event source.",
)
RULES = (
    ASYNC_WITHOUT_DLQ,
    SHORT_VISIBILITY,
    NO_PARTIAL_BATCH,
    NO_REDRIVE,
    UNBOUNDED_STREAM,
)

SQS_DEFAULT_VISIBILITY = 30
VISIBILITY_FACTOR = 6


def findings(project: Project) -> Iterator[Finding]:
    for trigger in project.triggers:
        if trigger.kind in ASYNC_KINDS:
            yield from _async_without_dlq(project, trigger)
        elif trigger.kind == "sqs":
            yield from _partial_batch(trigger)
        elif trigger.kind in STREAM_KINDS:
            yield from _stream_failures(trigger)
    yield from _visibility(project)
    for template in project.templates:
        yield from _queues_without_redrive(template)


def _async_without_dlq(project: Project, trigger: Trigger) -> Iterator[Finding]:
    if trigger.source_keeps_failures or _keeps_failed_invocations(
        project, trigger.function
    ):
        return
    message = (
        f"{trigger.function.id}: {trigger.label} invokes it asynchronously with "
        "no DLQ or on-failure destination"
    )
    yield at_resource(
        ASYNC_WITHOUT_DLQ, trigger.template, trigger.resource, trigger.line, message
    )


def _keeps_failed_invocations(project: Project, function: Function) -> bool:
    props = function.props
    if _has(props, "DeadLetterQueue") or _has(props, "DeadLetterConfig", "TargetArn"):
        return True
    if _has(props, "EventInvokeConfig", "DestinationConfig", "OnFailure"):
        return True
    for config in function.template.of_type("AWS::Lambda::EventInvokeConfig"):
        target = function_for(
            function.template, config.properties.get("FunctionName"), project.functions
        )
        if target is function and _has(
            config.properties, "DestinationConfig", "OnFailure"
        ):
            return True
    return False


def _has(mapping: Any, *keys: str) -> bool:
    for key in keys:
        if not isinstance(mapping, dict) or mapping.get(key) in (None, {}):
            return False
        mapping = mapping[key]
    return True


def _partial_batch(trigger: Trigger) -> Iterator[Finding]:
    settings = trigger.settings
    if "ReportBatchItemFailures" in strings_in(settings.get("FunctionResponseTypes")):
        return
    # One message per batch: a failure already retries only that message.
    if as_number(settings.get("BatchSize"), trigger.template.parameters) == 1:
        return
    message = (
        f"{trigger.function.id}: {trigger.label} does not report batch item failures"
    )
    yield at_resource(
        NO_PARTIAL_BATCH, trigger.template, trigger.resource, trigger.line, message
    )


def _stream_failures(trigger: Trigger) -> Iterator[Finding]:
    settings = trigger.settings
    parameters = trigger.template.parameters
    missing = []
    if not (
        _bounded(settings, "MaximumRetryAttempts", parameters)
        or _bounded(settings, "MaximumRecordAgeInSeconds", parameters)
    ):
        missing.append("bounded retries (MaximumRetryAttempts)")
    if not _has(settings, "DestinationConfig", "OnFailure"):
        missing.append("an on-failure destination")
    bisect = settings.get("BisectBatchOnFunctionError")
    if bisect is None or as_bool(bisect) is False:
        missing.append("BisectBatchOnFunctionError")
    if missing:
        message = f"{trigger.function.id}: {trigger.label} lacks {', '.join(missing)}"
        yield at_resource(
            UNBOUNDED_STREAM, trigger.template, trigger.resource, trigger.line, message
        )


def _bounded(settings: dict[str, Any], key: str, parameters: dict[str, Any]) -> bool:
    """Set, and not -1 (forever); a value read from elsewhere is given the benefit."""
    if key not in settings:
        return False
    value = as_number(settings[key], parameters)
    return value is None or value >= 0


def _visibility(project: Project) -> Iterator[Finding]:
    """One finding per queue, against the slowest function that reads it."""
    slowest: dict[tuple[int, str], tuple[Template, Resource, Function, int]] = {}
    for trigger in project.triggers:
        queue = trigger.template.resources.get(trigger.source or "")
        timeout = function_timeout(trigger.function)
        if trigger.kind != "sqs" or queue is None or timeout is None:
            continue
        key = (id(trigger.template), queue.logical_id)
        if key not in slowest or slowest[key][3] < timeout:
            slowest[key] = (trigger.template, queue, trigger.function, timeout)
    for template, queue, function, timeout in slowest.values():
        value = queue.properties.get("VisibilityTimeout")
        visibility = (
            SQS_DEFAULT_VISIBILITY
            if value is None
            else as_number(value, template.parameters)
        )
        if visibility is not None and visibility < VISIBILITY_FACTOR * timeout:
            message = (
                f"{queue.logical_id}: visibility timeout {visibility} s is under six "
                f"times the {timeout} s timeout of {function.id} "
                f"({VISIBILITY_FACTOR * timeout} s)"
            )
            line = queue.line_of("VisibilityTimeout")
            yield at_resource(
                SHORT_VISIBILITY, template, queue.logical_id, line, message
            )


def _queues_without_redrive(template: Template) -> Iterator[Finding]:
    dead_letter_ids = _dead_letter_targets(template.data.get("Resources"))
    for queue in template.of_type("AWS::SQS::Queue"):
        props = queue.properties
        if "RedrivePolicy" in props or "RedriveAllowPolicy" in props:
            continue
        if queue.logical_id in dead_letter_ids:
            continue
        message = f"{queue.logical_id}: queue has no redrive policy (no DLQ)"
        yield at_resource(NO_REDRIVE, template, queue.logical_id, queue.line, message)


def _dead_letter_targets(value: Any) -> set[str]:
    """Ids named under any dead-letter or on-failure key: those queues are DLQs."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if "deadletter" in str(key).lower() or key == "OnFailure":
                found |= mentioned_ids(item)
            else:
                found |= _dead_letter_targets(item)
    elif isinstance(value, list):
        for item in value:
            found |= _dead_letter_targets(item)
    return found
