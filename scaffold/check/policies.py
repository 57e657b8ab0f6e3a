"""IAM policy statements, wherever a template writes them.

Identity policies live on roles, users, groups, IAM policies and SAM
functions; resource policies on buckets, queues and topics. KMS key policies
are left out on purpose: `Resource: "*"` there means "this key", and an
account-root statement with `kms:*` is the form AWS itself writes.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scaffold.check.functions import Function
from scaffold.check.intrinsics import as_text, items_of, mentioned_ids, ref_target
from scaffold.check.loader import Resource, Template

_INLINE_POLICY_HOLDERS = ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group")
_DOCUMENT_HOLDERS = {
    "AWS::IAM::Policy": "identity",
    "AWS::IAM::ManagedPolicy": "identity",
    "AWS::S3::BucketPolicy": "resource",
    "AWS::SQS::QueuePolicy": "resource",
    "AWS::SNS::TopicPolicy": "resource",
}
_SAM_POLICY_HOLDERS = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")


@dataclass(frozen=True)
class Statement:
    """One policy statement and the resource whose policy holds it."""

    resource: Resource
    body: dict[str, Any]
    line: int
    kind: str

    @property
    def allows(self) -> bool:
        return self.body.get("Effect") == "Allow"

    @property
    def actions(self) -> list[str]:
        return [str(a) for a in items_of(self.body.get("Action")) if isinstance(a, str)]

    @property
    def resources(self) -> list[Any]:
        return list(items_of(self.body.get("Resource")))


def template_statements(template: Template) -> Iterator[Statement]:
    for resource in template.resources.values():
        for document, line, kind in _documents(resource):
            yield from _statements_of(resource, document, line, kind)


def _documents(resource: Resource) -> Iterator[tuple[Any, int, str]]:
    props = resource.properties
    if resource.type in _INLINE_POLICY_HOLDERS:
        for policy in items_of(props.get("Policies")):
            if isinstance(policy, dict):
                line = getattr(policy, "line", resource.line_of("Policies"))
                yield policy.get("PolicyDocument"), line, "identity"
    elif resource.type in _DOCUMENT_HOLDERS:
        line = resource.line_of("PolicyDocument")
        yield props.get("PolicyDocument"), line, _DOCUMENT_HOLDERS[resource.type]
    elif resource.type in _SAM_POLICY_HOLDERS:
        for policy in items_of(props.get("Policies")):
            if isinstance(policy, dict) and "Statement" in policy:
                line = getattr(policy, "line", resource.line_of("Policies"))
                yield policy, line, "identity"


def _statements_of(
    resource: Resource, document: Any, line: int, kind: str
) -> Iterator[Statement]:
    if not isinstance(document, dict):
        return
    for body in items_of(document.get("Statement")):
        if isinstance(body, dict):
            yield Statement(resource, body, getattr(body, "line", line), kind)


def managed_policy_names(resource: Resource) -> Iterator[tuple[str, int]]:
    """AWS managed policies attached by name or ARN: (`AdministratorAccess`, line)."""
    props = resource.properties
    if resource.type in _SAM_POLICY_HOLDERS:
        values, key = props.get("Policies"), "Policies"
    elif resource.type in _INLINE_POLICY_HOLDERS:
        values, key = props.get("ManagedPolicyArns"), "ManagedPolicyArns"
    else:
        return
    for value in items_of(values):
        text = as_text(value)
        if text and (":iam::aws:policy/" in text or "/" not in text):
            yield text.rsplit("/", 1)[-1], resource.line_of(key)


def action_matches(pattern: str, action: str) -> bool:
    """Whether an action pattern (`s3:Put*`, `*`) grants `action`."""
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def function_statements(function: Function) -> list[Statement]:
    """Statements granted to a function: SAM Policies and its role's policies."""
    template = function.template
    found = [
        statement
        for document, line, kind in _documents(function.resource)
        for statement in _statements_of(function.resource, document, line, kind)
    ]
    role = template.resources.get(ref_target(function.props.get("Role")) or "")
    if role is None:
        return found
    for document, line, kind in _documents(role):
        found.extend(_statements_of(role, document, line, kind))
    attached = mentioned_ids(role.properties.get("ManagedPolicyArns"))
    for policy in template.of_type("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        roles = mentioned_ids(policy.properties.get("Roles"))
        if role.logical_id in roles or policy.logical_id in attached:
            for document, line, kind in _documents(policy):
                found.extend(_statements_of(policy, document, line, kind))
    return found


def sam_policy_templates(function: Function) -> list[tuple[str, Any]]:
    """SAM policy templates of a function: (`S3CrudPolicy`, its parameters)."""
    if not function.is_sam:
        return []
    found = []
    for policy in items_of(function.resource.properties.get("Policies")):
        if isinstance(policy, dict) and len(policy) == 1 and "Statement" not in policy:
            ((name, parameters),) = policy.items()
            found.append((str(name), parameters))
    return found
