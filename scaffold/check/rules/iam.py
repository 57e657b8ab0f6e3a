"""SN003, SN004, SN005: IAM policies that grant far more than a function needs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.check.loader import Template
from scaffold.check.model import Finding, Rule, Severity
from scaffold.check.policies import (
    Statement,
    managed_policy_names,
    template_statements,
)
from scaffold.check.project import Project
from scaffold.check.rules.base import at_resource

EVERY_ACTION = Rule(
    "SN003",
    "iam-every-action",
    Severity.ERROR,
    'A policy allows every action: Action "*", Allow with NotAction, or '
    "AdministratorAccess.",
    "List the actions the code calls (dynamodb:GetItem, sqs:SendMessage, ...).",
)
SERVICE_WILDCARD = Rule(
    "SN004",
    "iam-service-wildcard",
    Severity.WARNING,
    'A policy allows every action of a service ("s3:*") or attaches a '
    "*FullAccess or PowerUserAccess managed policy.",
    "Name the actions the code calls, or use a SAM policy template such as "
    "DynamoDBReadPolicy.",
)
WRITE_ANYWHERE = Rule(
    "SN005",
    "iam-write-any-resource",
    Severity.WARNING,
    'A policy allows write actions on Resource "*".',
    "Scope the Resource to the ARNs the function writes to (!GetAtt Table.Arn, "
    "!Sub ${Bucket.Arn}/*).",
)
RULES = (EVERY_ACTION, SERVICE_WILDCARD, WRITE_ANYWHERE)

_SERVICE_WILDCARD = re.compile(r"[\w-]+:\*")
_WRITE_VERBS = (
    "Put",
    "Delete",
    "Create",
    "Update",
    "Write",
    "Send",
    "Publish",
    "Start",
    "Stop",
    "Terminate",
    "Attach",
    "Detach",
    "Modify",
    "Set",
    "Add",
    "Remove",
    "Run",
    "Reboot",
    "Replace",
    "Restore",
    "Associate",
    "Disassociate",
    "Enable",
    "Disable",
    "Pass",
    "Upload",
    "Copy",
    "Import",
    "Reset",
    "Revoke",
    "Authorize",
    "Change",
    "Invoke",
    "BatchWrite",
    "BatchDelete",
    "BatchPut",
    "BatchUpdate",
    "Purge",
    "Execute",
    "Register",
    "Deregister",
    "Cancel",
    "Rotate",
    "Tag",
    "Untag",
)
# Write actions that AWS does not scope to a resource, or that its own managed
# policies for Lambda grant on "*": asking for an ARN there is noise.
_WRITES_MEANT_FOR_EVERY_RESOURCE = frozenset(
    action.lower()
    for action in (
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "cloudwatch:PutMetricData",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:CreateLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:PutResourcePolicy",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
    )
)
_BROAD_MANAGED_POLICIES = re.compile(r".*FullAccess|PowerUserAccess")


def findings(project: Project) -> Iterator[Finding]:
    for template in project.templates:
        for statement in template_statements(template):
            if statement.allows:
                yield from _statement_findings(template, statement)
        for resource in template.resources.values():
            for name, line in managed_policy_names(resource):
                yield from _managed_policy_findings(
                    template, resource.logical_id, name, line
                )


def _statement_findings(template: Template, statement: Statement) -> Iterator[Finding]:
    where = statement.resource.logical_id
    actions = statement.actions
    if "*" in actions:
        message = f'{where}: a policy allows every action (Action "*")'
        yield at_resource(EVERY_ACTION, template, where, statement.line, message)
        return
    if "NotAction" in statement.body:
        message = f"{where}: a policy allows every action but those in NotAction"
        yield at_resource(EVERY_ACTION, template, where, statement.line, message)
        return
    wildcards = [action for action in actions if _SERVICE_WILDCARD.fullmatch(action)]
    if wildcards:
        message = f"{where}: a policy allows every action of {', '.join(wildcards)}"
        yield at_resource(SERVICE_WILDCARD, template, where, statement.line, message)
    writes = [a for a in actions if a not in wildcards and _is_scoped_write(a)]
    if writes and "*" in statement.resources and "Condition" not in statement.body:
        message = (
            f"{where}: a policy allows {', '.join(writes)} on every resource "
            '(Resource "*")'
        )
        yield at_resource(WRITE_ANYWHERE, template, where, statement.line, message)


def _is_scoped_write(action: str) -> bool:
    """A write action that can, and so should, name the resources it touches."""
    service, _, name = action.partition(":")
    if action.lower() in _WRITES_MEANT_FOR_EVERY_RESOURCE:
        return False
    # X-Ray's actions have no resource-level permissions at all.
    if service.lower() == "xray":
        return False
    return name.startswith("*") or name.startswith(_WRITE_VERBS)


def _managed_policy_findings(
    template: Template, where: str, name: str, line: int
) -> Iterator[Finding]:
    if name == "AdministratorAccess":
        message = f"{where}: attaches AdministratorAccess, which allows every action"
        yield at_resource(EVERY_ACTION, template, where, line, message)
    elif _BROAD_MANAGED_POLICIES.fullmatch(name):
        message = f"{where}: attaches {name}, which allows every action of a service"
        yield at_resource(SERVICE_WILDCARD, template, where, line, message)
