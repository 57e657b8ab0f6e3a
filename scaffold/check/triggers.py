"""What invokes each function: SAM events and CloudFormation resources.

Event source mappings, bucket notifications (CDK's too), SNS subscriptions,
EventBridge rule targets and Scheduler schedules each become a `Trigger`, as
do direct asynchronous invocations that a function's code makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scaffold.check.files import FileCache
from scaffold.check.functions import Function, function_for
from scaffold.check.intrinsics import as_text, items_of, ref_target
from scaffold.check.loader import Resource, Template

# SAM event type: (trigger kind, the property that names its source).
SAM_EVENTS: dict[str, tuple[str, str | None]] = {
    "S3": ("s3", "Bucket"),
    "SNS": ("sns", "Topic"),
    "EventBridgeRule": ("eventbridge", None),
    "CloudWatchEvent": ("eventbridge", None),
    "Schedule": ("schedule", None),
    "ScheduleV2": ("schedule", None),
    "SQS": ("sqs", "Queue"),
    "DynamoDB": ("dynamodb", "Stream"),
    "Kinesis": ("kinesis", "Stream"),
}
# Sources that invoke a function asynchronously: Lambda retries, then drops.
# "invoke" is a direct asynchronous call (InvocationType Event) from code.
ASYNC_KINDS = frozenset({"s3", "sns", "eventbridge", "schedule", "invoke"})
STREAM_KINDS = frozenset({"dynamodb", "kinesis"})
_SOURCE_KINDS = {
    "AWS::SQS::Queue": "sqs",
    "AWS::DynamoDB::Table": "dynamodb",
    "AWS::DynamoDB::GlobalTable": "dynamodb",
    "AWS::Kinesis::Stream": "kinesis",
}


@dataclass
class Trigger:
    """Something that invokes a function: a SAM event or a CloudFormation resource."""

    function: Function
    kind: str
    label: str
    source: str | None
    settings: dict[str, Any]
    line: int
    # The resource that declares the trigger: where a suppression belongs.
    resource: str
    # The source itself keeps what it fails to deliver (SNS redrive, target DLQ).
    source_keeps_failures: bool = False

    @property
    def template(self) -> Template:
        return self.function.template


def triggers_of(template: Template, functions: list[Function]) -> Iterator[Trigger]:
    for function in functions:
        if function.template is template and function.is_sam:
            yield from _sam_event_triggers(function)
    for resource in template.resources.values():
        reader = _NATIVE_TRIGGERS.get(resource.type)
        if reader is not None:
            yield from reader(template, resource, functions)


def direct_invocations(
    functions: list[Function], triggers: list[Trigger], files: FileCache
) -> list[Trigger]:
    """Functions invoked asynchronously without an event source, one per target.

    Either another function's code calls `invoke` with InvocationType Event on
    a function name from its environment, or the function has an
    EventInvokeConfig, which only asynchronous invocations use (and which
    says nothing new about a function that has event sources).
    """
    triggered = {id(trigger.function) for trigger in triggers}
    found: dict[int, Trigger] = {}
    for caller in functions:
        targets = _functions_in_environment(caller, functions)
        for path in caller.code_files:
            facts = files.facts(path)
            for invoke in facts.async_invokes if facts else ():
                target = targets.get(invoke.variable or "")
                if target is None and invoke.variable is None and len(targets) == 1:
                    (target,) = targets.values()
                if target is not None and id(target) not in found:
                    label = f"{caller.id}'s code ({files.rel(path)}:{invoke.line})"
                    found[id(target)] = _direct_trigger(target, label)
    for function in functions:
        if id(function) in found or id(function) in triggered:
            continue
        if _has_invoke_config(function, functions):
            label = "an asynchronous caller (its EventInvokeConfig)"
            found[id(function)] = _direct_trigger(function, label)
    return list(found.values())


def _direct_trigger(function: Function, label: str) -> Trigger:
    line = function.line_of("EventInvokeConfig")
    return Trigger(function, "invoke", label, None, {}, line, function.id)


def _functions_in_environment(
    caller: Function, functions: list[Function]
) -> dict[str, Function]:
    """The caller's environment variables that name a function of the template."""
    environment = caller.props.get("Environment")
    variables = environment.get("Variables") if isinstance(environment, dict) else None
    found = {}
    for name, value in variables.items() if isinstance(variables, dict) else ():
        target = function_for(caller.template, value, functions)
        if target is not None:
            found[str(name)] = target
    return found


def _has_invoke_config(function: Function, functions: list[Function]) -> bool:
    if isinstance(function.props.get("EventInvokeConfig"), dict):
        return True
    return any(
        function_for(
            function.template, config.properties.get("FunctionName"), functions
        )
        is function
        for config in function.template.of_type("AWS::Lambda::EventInvokeConfig")
    )


def _sam_event_triggers(function: Function) -> Iterator[Trigger]:
    events = function.resource.properties.get("Events")
    for name, event in events.items() if isinstance(events, dict) else ():
        event_type = event.get("Type") if isinstance(event, dict) else None
        if not isinstance(event_type, str) or event_type not in SAM_EVENTS:
            continue
        kind, source_key = SAM_EVENTS[event_type]
        settings = event.get("Properties")
        settings = settings if isinstance(settings, dict) else {}
        source = ref_target(settings.get(source_key)) if source_key else None
        keeps = "RedrivePolicy" in settings or "DeadLetterConfig" in settings
        yield Trigger(
            function,
            kind,
            f"{event_type} event {name}",
            source,
            settings,
            function.resource.line_of("Events", name),
            function.id,
            source_keeps_failures=keeps,
        )


def _mapping_triggers(
    template: Template, resource: Resource, functions: list[Function]
) -> Iterator[Trigger]:
    props = resource.properties
    function = function_for(template, props.get("FunctionName"), functions)
    if function is None:
        return
    source = ref_target(props.get("EventSourceArn"))
    source_resource = template.resources.get(source or "")
    kind = _SOURCE_KINDS.get(source_resource.type) if source_resource else None
    arn = as_text(props.get("EventSourceArn")) or ""
    for service in ("sqs", "kinesis", "dynamodb"):
        if kind is None and f":{service}:" in arn:
            kind = service
    if kind is not None:
        label = f"event source mapping {resource.logical_id}"
        yield Trigger(
            function, kind, label, source, props, resource.line, resource.logical_id
        )


def _bucket_triggers(
    template: Template, resource: Resource, functions: list[Function]
) -> Iterator[Trigger]:
    props = resource.properties
    notification = props.get("NotificationConfiguration")
    if not isinstance(notification, dict):
        return
    if resource.type == "AWS::S3::Bucket":
        bucket = resource.logical_id
        configs, arn_key = notification.get("LambdaConfigurations"), "Function"
    else:
        bucket = ref_target(props.get("BucketName")) or ""
        configs = notification.get("LambdaFunctionConfigurations")
        arn_key = "LambdaFunctionArn"
    for config in items_of(configs):
        if not isinstance(config, dict):
            continue
        function = function_for(template, config.get(arn_key), functions)
        if function is not None:
            label = f"bucket notification {resource.logical_id}"
            line = resource.line_of("NotificationConfiguration")
            yield Trigger(
                function, "s3", label, bucket, config, line, resource.logical_id
            )


def _subscription_triggers(
    template: Template, resource: Resource, functions: list[Function]
) -> Iterator[Trigger]:
    props = resource.properties
    if resource.type == "AWS::SNS::Subscription":
        subscriptions = [props]
        topic = ref_target(props.get("TopicArn"))
    else:
        subscriptions = list(items_of(props.get("Subscription")))
        topic = resource.logical_id
    for subscription in subscriptions:
        if (
            not isinstance(subscription, dict)
            or subscription.get("Protocol") != "lambda"
        ):
            continue
        function = function_for(template, subscription.get("Endpoint"), functions)
        if function is not None:
            yield Trigger(
                function,
                "sns",
                f"subscription {resource.logical_id}",
                topic,
                subscription,
                resource.line,
                resource.logical_id,
                source_keeps_failures="RedrivePolicy" in subscription,
            )


def _target_triggers(
    template: Template, resource: Resource, functions: list[Function]
) -> Iterator[Trigger]:
    props = resource.properties
    is_schedule = resource.type == "AWS::Scheduler::Schedule"
    targets = [props.get("Target")] if is_schedule else items_of(props.get("Targets"))
    for target in targets:
        if not isinstance(target, dict):
            continue
        function = function_for(template, target.get("Arn"), functions)
        if function is not None:
            yield Trigger(
                function,
                "schedule" if is_schedule else "eventbridge",
                f"target of {resource.logical_id}",
                None,
                target,
                resource.line,
                resource.logical_id,
                source_keeps_failures="DeadLetterConfig" in target,
            )


_NATIVE_TRIGGERS = {
    "AWS::Lambda::EventSourceMapping": _mapping_triggers,
    "AWS::S3::Bucket": _bucket_triggers,
    "Custom::S3BucketNotifications": _bucket_triggers,
    "AWS::SNS::Subscription": _subscription_triggers,
    "AWS::SNS::Topic": _subscription_triggers,
    "AWS::Events::Rule": _target_triggers,
    "AWS::Scheduler::Schedule": _target_triggers,
}
