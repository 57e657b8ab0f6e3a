"""SN050, SN051: functions in a VPC that cannot reach the services their code calls.

A function attached to private subnets reaches AWS APIs only through a NAT
gateway or VPC endpoints. The code says which services it calls (boto3
clients, `@aws-sdk/client-*` imports); the template says which endpoints and
gateways exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.check.functions import Function
from scaffold.check.intrinsics import as_text, items_of, ref_target
from scaffold.check.model import Finding, Rule, Severity
from scaffold.check.project import Project
from scaffold.check.rules.base import at_resource

NO_ROUTE_TO_SERVICES = Rule(
    "SN050",
    "vpc-function-cannot-reach-services",
    Severity.WARNING,
    "A function in the template's private subnets calls AWS services with no "
    "NAT gateway and no VPC endpoint for them: its calls hang until the timeout.",
    "Add VPC endpoints for the services the code calls (gateway endpoints for "
    "S3 and DynamoDB are free), or a NAT gateway.",
)
UNVERIFIED_VPC = Rule(
    "SN051",
    "vpc-reachability-unverified",
    Severity.INFO,
    "A function runs in subnets the template does not define, so check cannot "
    "tell whether they reach the services its code calls.",
    "Make sure those subnets route to a NAT gateway or have VPC endpoints for "
    "the services listed.",
)
RULES = (NO_ROUTE_TO_SERVICES, UNVERIFIED_VPC)

_ENDPOINT_SERVICE = re.compile(r"com\.amazonaws\.(?:\$\{[^}]+\}|[a-z0-9-]+)\.(.+)$")


def findings(project: Project) -> Iterator[Finding]:
    for function in project.functions:
        vpc_config = function.props.get("VpcConfig")
        if not isinstance(vpc_config, dict) or "SubnetIds" not in vpc_config:
            continue
        services = _called_services(project, function)
        if not services:
            continue
        if _subnets_in_template(function, vpc_config.get("SubnetIds")):
            yield from _unreachable(function, services)
        else:
            message = (
                f"{function.id}: runs in subnets from outside the template; cannot "
                f"verify it reaches {', '.join(sorted(services))}"
            )
            line = function.line_of("VpcConfig")
            yield at_resource(
                UNVERIFIED_VPC, function.template, function.id, line, message
            )


def _called_services(project: Project, function: Function) -> set[str]:
    services: set[str] = set()
    for path in function.code_files:
        facts = project.files.facts(path)
        if facts is not None:
            services |= set(facts.services)
    return services


def _subnets_in_template(function: Function, subnet_ids: object) -> bool:
    resources = function.template.resources
    subnets = list(items_of(subnet_ids))
    return bool(subnets) and all(
        (target := ref_target(subnet)) is not None
        and target in resources
        and resources[target].type == "AWS::EC2::Subnet"
        for subnet in subnets
    )


def _unreachable(function: Function, services: set[str]) -> Iterator[Finding]:
    template = function.template
    if template.of_type("AWS::EC2::NatGateway"):
        return
    endpoints = set()
    for endpoint in template.of_type("AWS::EC2::VPCEndpoint"):
        match = _ENDPOINT_SERVICE.search(
            as_text(endpoint.properties.get("ServiceName")) or ""
        )
        if match:
            endpoints.add(match.group(1))
    missing = sorted(services - endpoints)
    if missing:
        message = (
            f"{function.id}: in private subnets with no NAT gateway and no VPC "
            f"endpoint for {', '.join(missing)}"
        )
        line = function.line_of("VpcConfig")
        yield at_resource(NO_ROUTE_TO_SERVICES, template, function.id, line, message)
