"""SN020-SN023: function settings left at defaults that cost latency or money."""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.check.functions import Function
from scaffold.check.intrinsics import as_number, as_text
from scaffold.check.loader import Template
from scaffold.check.model import Finding, Rule, Severity
from scaffold.check.project import Project
from scaffold.check.rules.base import at_resource

DEFAULT_MEMORY = Rule(
    "SN020",
    "default-memory",
    Severity.WARNING,
    "A function runs with the default 128 MB, which also gives it the least CPU.",
    "Set MemorySize on purpose (for example 256 or 512, measured with "
    "AWS Lambda Power Tuning), on the function or in Globals.",
)
SHORT_TIMEOUT = Rule(
    "SN021",
    "short-timeout",
    Severity.WARNING,
    "A function times out after 3 s or less (3 s is the default), too short "
    "for a cold start plus a call to another service.",
    "Set Timeout on purpose, above the slowest expected call and below what "
    "the caller waits.",
)
NO_FUNCTION_LOG_RETENTION = Rule(
    "SN022",
    "function-logs-kept-forever",
    Severity.WARNING,
    "A function has no log group of its own in the template, so Lambda "
    "creates one that keeps logs forever.",
    "Add an AWS::Logs::LogGroup with RetentionInDays and name it in "
    "LoggingConfig.LogGroup (or name it /aws/lambda/<function name>).",
)
NO_LOG_GROUP_RETENTION = Rule(
    "SN023",
    "log-group-without-retention",
    Severity.WARNING,
    "A log group has no RetentionInDays, so it keeps (and bills) logs forever.",
    "Set RetentionInDays (for example 30) on the log group.",
)
RULES = (
    DEFAULT_MEMORY,
    SHORT_TIMEOUT,
    NO_FUNCTION_LOG_RETENTION,
    NO_LOG_GROUP_RETENTION,
)

LAMBDA_DEFAULT_MEMORY = 128
LAMBDA_DEFAULT_TIMEOUT = 3


def findings(project: Project) -> Iterator[Finding]:
    for function in project.functions:
        yield from _memory(function)
        yield from _timeout(function)
        yield from _function_log_group(function)
    for template in project.templates:
        for group in template.of_type("AWS::Logs::LogGroup"):
            if "RetentionInDays" not in group.properties:
                message = f"{group.logical_id}: log group keeps logs forever"
                yield at_resource(
                    NO_LOG_GROUP_RETENTION,
                    template,
                    group.logical_id,
                    group.line,
                    message,
                )


def _memory(function: Function) -> Iterator[Finding]:
    value = function.props.get("MemorySize")
    memory = LAMBDA_DEFAULT_MEMORY if value is None else _number(function, value)
    if memory == LAMBDA_DEFAULT_MEMORY:
        said = "not set, so it is the default" if value is None else "the default"
        message = f"{function.id}: MemorySize is {said} 128 MB"
        yield _at_function(DEFAULT_MEMORY, function, "MemorySize", message)


def _timeout(function: Function) -> Iterator[Finding]:
    value = function.props.get("Timeout")
    timeout = LAMBDA_DEFAULT_TIMEOUT if value is None else _number(function, value)
    if timeout is not None and timeout <= LAMBDA_DEFAULT_TIMEOUT:
        said = "not set, so it is" if value is None else "only"
        message = f"{function.id}: Timeout is {said} {timeout} s"
        yield _at_function(SHORT_TIMEOUT, function, "Timeout", message)


def function_timeout(function: Function) -> int | None:
    value = function.props.get("Timeout")
    return LAMBDA_DEFAULT_TIMEOUT if value is None else _number(function, value)


def _number(function: Function, value: object) -> int | None:
    return as_number(value, function.template.parameters)


def _function_log_group(function: Function) -> Iterator[Finding]:
    logging_config = function.props.get("LoggingConfig")
    if isinstance(logging_config, dict) and "LogGroup" in logging_config:
        return
    if _has_named_log_group(function.template, function):
        return
    message = f"{function.id}: no log group with retention; Lambda's keeps logs forever"
    yield at_resource(
        NO_FUNCTION_LOG_RETENTION,
        function.template,
        function.id,
        function.resource.line,
        message,
    )


def _has_named_log_group(template: Template, function: Function) -> bool:
    """A log group (or CDK log retention) named /aws/lambda/<this function>."""
    names = {"/aws/lambda/${" + function.id + "}"}
    explicit = as_text(function.props.get("FunctionName"))
    if explicit:
        names.add("/aws/lambda/" + explicit)
    groups = template.of_type("AWS::Logs::LogGroup", "Custom::LogRetention")
    return any(
        as_text(group.properties.get("LogGroupName")) in names for group in groups
    )


def _at_function(rule: Rule, function: Function, key: str, message: str) -> Finding:
    return at_resource(
        rule, function.template, function.id, function.line_of(key), message
    )
