"""SN040: an S3 trigger whose function writes where it is triggered: a loop.

The template says which bucket triggers the function, with which key filter,
and whether the function may write to that bucket; the code says under which
key it writes. Only together do they show the loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scaffold.check.functions import Function
from scaffold.check.intrinsics import as_text, items_of, mentioned_ids, strings_in
from scaffold.check.model import Finding, Rule, Severity
from scaffold.check.policies import (
    action_matches,
    function_statements,
    sam_policy_templates,
)
from scaffold.check.project import Project
from scaffold.check.rules.base import at_code, at_resource
from scaffold.check.triggers import Trigger

RECURSIVE_TRIGGER = Rule(
    "SN040",
    "s3-recursive-trigger",
    Severity.ERROR,
    "A function triggered by a bucket can write back into it where the trigger "
    "fires again: an invocation loop that runs up the bill.",
    "Filter the trigger on a prefix (uploads/) and write results under another "
    "prefix or to another bucket.",
)
RULES = (RECURSIVE_TRIGGER,)

# SAM policy templates that grant s3:PutObject on their BucketName.
_WRITING_POLICY_TEMPLATES = frozenset(
    {"S3CrudPolicy", "S3WritePolicy", "S3FullAccessPolicy"}
)


def findings(project: Project) -> Iterator[Finding]:
    for trigger in project.triggers:
        if trigger.kind != "s3" or not _fires_on_new_objects(trigger.settings):
            continue
        if not trigger.source or not _can_write_bucket(trigger, trigger.source):
            continue
        prefix, suffix = _key_filter(trigger.settings)
        if prefix is None and suffix is None:
            message = (
                f"{trigger.function.id}: may write to bucket {trigger.source}, and "
                f"its {trigger.label} fires on every new object (no prefix or "
                "suffix filter)"
            )
            yield at_resource(
                RECURSIVE_TRIGGER,
                trigger.template,
                trigger.resource,
                trigger.line,
                message,
            )
        else:
            yield from _writes_under_filter(project, trigger, prefix, suffix)


def _fires_on_new_objects(settings: dict[str, Any]) -> bool:
    events = strings_in(settings.get("Events", settings.get("Event")))
    return not events or any(
        event.startswith("s3:ObjectCreated") or event == "s3:*" for event in events
    )


def _key_filter(settings: dict[str, Any]) -> tuple[str | None, str | None]:
    """The trigger's key prefix and suffix; "" when set but not a plain string."""
    filter_ = settings.get("Filter")
    rules: Any = None
    if isinstance(filter_, dict):
        s3_key = filter_.get("S3Key") or filter_.get("Key")
        if isinstance(s3_key, dict):
            rules = s3_key.get("Rules", s3_key.get("FilterRules"))
    found: dict[str, str] = {}
    for rule in items_of(rules):
        if isinstance(rule, dict):
            name = str(rule.get("Name", "")).lower()
            found[name] = as_text(rule.get("Value")) or ""
    return found.get("prefix"), found.get("suffix")


def _can_write_bucket(trigger: Trigger, bucket_id: str) -> bool:
    function = trigger.function
    names = _bucket_names(trigger, bucket_id)
    for statement in function_statements(function):
        if not statement.allows:
            continue
        if not any(action_matches(a, "s3:PutObject") for a in statement.actions):
            continue
        if any(_names_bucket(resource, names) for resource in statement.resources):
            return True
    return any(
        name in _WRITING_POLICY_TEMPLATES
        and isinstance(parameters, dict)
        and _names_bucket(parameters.get("BucketName"), names)
        for name, parameters in sam_policy_templates(function)
    )


def _bucket_names(trigger: Trigger, bucket_id: str) -> set[str]:
    """The ways a policy can name the bucket: its id, its name's parameter, its name."""
    names = {bucket_id}
    bucket = trigger.template.resources.get(bucket_id)
    if bucket is not None:
        bucket_name = bucket.properties.get("BucketName")
        names |= mentioned_ids(bucket_name)
        literal = as_text(bucket_name)
        if literal and "${" not in literal:
            names.add(literal)
    return names


def _names_bucket(value: Any, names: set[str]) -> bool:
    if value == "*":
        return True
    if mentioned_ids(value) & names:
        return True
    text = as_text(value) or ""
    return any(f":::{name}" in text or text == name for name in names)


def _writes_under_filter(
    project: Project, trigger: Trigger, prefix: str | None, suffix: str | None
) -> Iterator[Finding]:
    function: Function = trigger.function
    for path in function.code_files:
        facts = project.files.facts(path)
        for write in facts.object_writes if facts else ():
            if prefix and not write.key_prefix.startswith(prefix):
                continue
            if suffix and not (write.key_suffix or "").endswith(suffix):
                continue
            if not prefix and not suffix:
                continue
            where = f"'{prefix}'" if prefix else f"keys ending '{suffix}'"
            message = (
                f"writes under {where}, which its {trigger.label} on bucket "
                f"{trigger.source} fires on"
            )
            yield at_code(
                RECURSIVE_TRIGGER, project, path, write.line, message, function
            )
