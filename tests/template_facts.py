"""The architecture and safety nets of a deployable CloudFormation template, in a
form that does not depend on the tool that wrote it.

A SAM template (after the SAM transform) and a CDK template name their
resources differently (ListItemsFunction, ApiListItemsFunction977E2D69), so
every resource is named here by what it is for: a function by its handler
module, a queue by the failure paths that lead to it, a table by the variables
and event sources that name it. Two templates that build the same service give
equal facts.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from samtranslator.translator.transform import transform

from support import load_template

Template = dict[str, Any]
Resources = dict[str, dict[str, Any]]

FUNCTION = "AWS::Lambda::Function"
QUEUE = "AWS::SQS::Queue"
TABLE = "AWS::DynamoDB::Table"


class _NoManagedPolicies:
    """A policy loader for the SAM transform that needs no AWS account: the
    templates name managed policies by ARN, never by name."""

    def load(self) -> dict[str, str]:
        return {}


def sam_transformed(project: Path) -> Template:
    """template.yaml of a SAM project as CloudFormation deploys it, transformed
    offline (the code location is a placeholder; packaging sets the real one)."""
    template = load_template(project)
    template["Globals"]["Function"]["CodeUri"] = "s3://placeholder/code.zip"
    region = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    try:
        return transform(template, {}, _NoManagedPolicies())
    finally:
        if region is None:
            del os.environ["AWS_DEFAULT_REGION"]
        else:
            os.environ["AWS_DEFAULT_REGION"] = region


def resource_counts(template: Template) -> Counter[str]:
    return Counter(resource["Type"] for resource in template["Resources"].values())


def target(value: Any) -> str | None:
    """The logical id behind a Ref, a GetAtt, or the first of either in a Sub
    or a Join; None for a literal."""
    if isinstance(value, dict):
        if "Ref" in value:
            return value["Ref"]
        if "Fn::GetAtt" in value:
            attribute = value["Fn::GetAtt"]
            return (
                attribute[0] if isinstance(attribute, list) else attribute.split(".")[0]
            )
        if "Fn::Sub" in value:
            text = value["Fn::Sub"]
            text = text[0] if isinstance(text, list) else text
            start = text.find("${")
            return (
                text[start + 2 : text.index("}", start)].split(".")[0]
                if start >= 0
                else None
            )
        if "Fn::Join" in value:
            for part in value["Fn::Join"][1]:
                found = target(part)
                if found:
                    return found
    return None


def attribute(value: Any) -> str | None:
    """The attribute a GetAtt reads (Arn, StreamArn), None for anything else."""
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        read = value["Fn::GetAtt"]
        return read[1] if isinstance(read, list) else read.split(".", 1)[1]
    return None


def suffix(value: Any) -> str:
    """What a Sub or a Join adds after the resource it names (/uploads/*)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        text = value["Fn::Sub"]
        return text[text.index("}") + 1 :] if "}" in text else text
    if isinstance(value, dict) and "Fn::Join" in value:
        return "".join(part for part in value["Fn::Join"][1] if isinstance(part, str))
    return ""


class Names:
    """Names for the resources of one template that do not depend on the tool."""

    def __init__(self, resources: Resources):
        self.resources = resources
        self.names: dict[str, set[str]] = {}
        for logical_id, resource in resources.items():
            if resource["Type"] == FUNCTION:
                module = resource["Properties"]["Handler"].split(".")[1]
                self.names[logical_id] = {f"function {module}"}
        self._name_by_use()
        self._name_network()

    def __call__(self, value: Any) -> str:
        logical_id = target(value)
        if logical_id is None:
            return repr(value)
        if logical_id in self.names:
            return " & ".join(sorted(self.names[logical_id]))
        return self.resources.get(logical_id, {}).get("Type", logical_id)

    def of(self, logical_id: str) -> str:
        return self({"Ref": logical_id})

    def _add(self, value: Any, name: str) -> None:
        logical_id = target(value)
        if logical_id in self.resources:
            self.names.setdefault(logical_id, set()).add(name)

    def _name_by_use(self) -> None:
        for properties in self._of_type(FUNCTION):
            module = properties["Handler"].split(".")[1]
            for variable, value in (
                properties.get("Environment", {}).get("Variables", {}).items()
            ):
                if target(value) and self._type_of(value) == TABLE:
                    self._add(value, f"${variable}")
        for properties in self._of_type("AWS::Lambda::EventInvokeConfig"):
            module = self._module(properties["FunctionName"])
            destination = properties["DestinationConfig"]["OnFailure"]["Destination"]
            self._add(destination, f"failures of {module}")
        for properties in self._of_type("AWS::Lambda::EventSourceMapping"):
            module = self._module(properties["FunctionName"])
            self._add(properties["EventSourceArn"], f"source of {module}")
            failure = properties.get("DestinationConfig", {}).get("OnFailure", {})
            if "Destination" in failure:
                self._add(failure["Destination"], f"failures of {module}")
        for properties in self._of_type("AWS::SNS::Subscription"):
            if "RedrivePolicy" in properties:
                module = self._module(properties["Endpoint"])
                dead_letters = properties["RedrivePolicy"]["deadLetterTargetArn"]
                self._add(dead_letters, f"undelivered to {module}")
        for properties in self._of_type("AWS::Events::Rule"):
            for rule_target in properties["Targets"]:
                module = self._module(rule_target["Arn"])
                self._add(
                    rule_target["DeadLetterConfig"]["Arn"], f"undelivered to {module}"
                )
        for properties in self._of_type("AWS::Scheduler::Schedule"):
            module = self._module(properties["Target"]["Arn"])
            dead_letters = properties["Target"]["DeadLetterConfig"]["Arn"]
            self._add(dead_letters, f"unscheduled for {module}")
        for properties in self._of_type(QUEUE):
            if "RedrivePolicy" in properties:
                source = self({"Ref": self._id_of(properties)})
                dead_letters = properties["RedrivePolicy"]["deadLetterTargetArn"]
                self._add(dead_letters, f"dead letters of {source}")

    def _name_network(self) -> None:
        """Subnets and security groups by who uses them, route tables by their
        subnets."""
        for properties in self._of_type(FUNCTION):
            config = properties.get("VpcConfig", {})
            for subnet in _as_list(config.get("SubnetIds", [])):
                self._add(subnet, "subnet of the functions")
            for group in _as_list(config.get("SecurityGroupIds", [])):
                self._add(group, "security group of the functions")
        for properties in self._of_type("AWS::EC2::VPCEndpoint"):
            for group in properties.get("SecurityGroupIds", []):
                self._add(group, "security group of the endpoints")
        for properties in self._of_type("AWS::EC2::NatGateway"):
            self._add(properties["SubnetId"], "subnet of the NAT gateway")
        for properties in self._of_type("AWS::EC2::SubnetRouteTableAssociation"):
            subnet = self(properties["SubnetId"])
            self._add(properties["RouteTableId"], f"route table of {subnet}")

    def _of_type(self, kind: str) -> list[dict[str, Any]]:
        return [
            resource["Properties"]
            for resource in self.resources.values()
            if resource["Type"] == kind
        ]

    def _id_of(self, properties: dict[str, Any]) -> str:
        return next(
            logical_id
            for logical_id, resource in self.resources.items()
            if resource.get("Properties") is properties
        )

    def _type_of(self, value: Any) -> str | None:
        return self.resources.get(target(value) or "", {}).get("Type")

    def _module(self, value: Any) -> str:
        return self(value).removeprefix("function ")


def safety_facts(template: Template) -> dict[str, Any]:
    """Everything the safety nets of DESIGN.md rest on, named by purpose."""
    resources: Resources = template["Resources"]
    name = Names(resources)

    def of_type(kind: str) -> list[tuple[str, dict[str, Any]]]:
        return sorted(
            (logical_id, resource.get("Properties", {}))
            for logical_id, resource in resources.items()
            if resource["Type"] == kind
        )

    return {
        "functions": _functions(of_type(FUNCTION), resources, name),
        "invoke configs": sorted(
            (
                name(properties["FunctionName"]),
                properties["MaximumRetryAttempts"],
                properties["MaximumEventAgeInSeconds"],
                name(properties["DestinationConfig"]["OnFailure"]["Destination"]),
            )
            for _, properties in of_type("AWS::Lambda::EventInvokeConfig")
        ),
        "event source mappings": sorted(
            _mapping(properties, name)
            for _, properties in of_type("AWS::Lambda::EventSourceMapping")
        ),
        "queues": sorted(
            _queue(logical_id, properties, name)
            for logical_id, properties in of_type(QUEUE)
        ),
        "tables": sorted(
            _table(logical_id, properties, resources, name)
            for logical_id, properties in of_type(TABLE)
        ),
        "buckets": sorted(
            _bucket(properties, name) for _, properties in of_type("AWS::S3::Bucket")
        ),
        "bucket policies": sorted(
            _denies_insecure_transport(properties["PolicyDocument"])
            for _, properties in of_type("AWS::S3::BucketPolicy")
        ),
        "topics encrypted": sorted(
            "KmsMasterKeyId" in properties
            for _, properties in of_type("AWS::SNS::Topic")
        ),
        "subscriptions": sorted(
            (
                properties["Protocol"],
                name(properties["Endpoint"]),
                name(properties.get("RedrivePolicy", {}).get("deadLetterTargetArn")),
            )
            for _, properties in of_type("AWS::SNS::Subscription")
        ),
        "rule targets": sorted(
            (
                name(rule_target["Arn"]),
                rule_target["RetryPolicy"]["MaximumRetryAttempts"],
                rule_target["RetryPolicy"]["MaximumEventAgeInSeconds"],
                name(rule_target["DeadLetterConfig"]["Arn"]),
            )
            for _, properties in of_type("AWS::Events::Rule")
            for rule_target in properties["Targets"]
        ),
        "schedules": sorted(
            (
                name(properties["Target"]["Arn"]),
                properties["FlexibleTimeWindow"]["Mode"],
                properties["Target"]["RetryPolicy"]["MaximumRetryAttempts"],
                properties["Target"]["RetryPolicy"]["MaximumEventAgeInSeconds"],
                name(properties["Target"]["DeadLetterConfig"]["Arn"]),
            )
            for _, properties in of_type("AWS::Scheduler::Schedule")
        ),
        "invoke permissions": sorted(
            (name(properties["FunctionName"]), properties["Principal"])
            for _, properties in of_type("AWS::Lambda::Permission")
        ),
        "alarms": sorted(
            _alarm(properties, name)
            for _, properties in of_type("AWS::CloudWatch::Alarm")
        ),
        "log groups": sorted(
            str(properties.get("RetentionInDays"))
            for _, properties in of_type("AWS::Logs::LogGroup")
        ),
        "data access": _data_access(resources, name),
        "network": _network(of_type, name),
        "parameters": sorted(template.get("Parameters", {})),
        "outputs": sorted(template.get("Outputs", {})),
    }


def _functions(
    functions: list[tuple[str, dict[str, Any]]], resources: Resources, name: Names
) -> dict[str, dict[str, Any]]:
    facts = {}
    for logical_id, properties in functions:
        logging = properties["LoggingConfig"]
        group = resources[target(logging["LogGroup"])]["Properties"]
        variables = properties.get("Environment", {}).get("Variables", {})
        facts[name.of(logical_id)] = {
            "runtime": properties["Runtime"],
            "architectures": properties["Architectures"],
            "memory": properties["MemorySize"],
            "timeout": properties["Timeout"],
            "tracing": properties.get("TracingConfig", {}).get("Mode"),
            "layers": properties["Layers"],
            "log format": logging["LogFormat"],
            "application log level": logging["ApplicationLogLevel"],
            "system log level": logging["SystemLogLevel"],
            "log retention": group["RetentionInDays"],
            "reserved concurrency": properties.get("ReservedConcurrentExecutions"),
            "network": _function_network(properties, resources, name),
            "environment": {
                variable: value if isinstance(value, str) else name(value)
                for variable, value in variables.items()
            },
        }
    return facts


def _function_network(
    properties: dict[str, Any], resources: Resources, name: Names
) -> tuple[Any, ...] | None:
    """The subnets and security groups a function runs in, and whether its role
    lets Lambda attach it to them."""
    config = properties.get("VpcConfig")
    if config is None:
        return None
    role = resources[target(properties["Role"])]["Properties"]
    return (
        sorted(name(subnet) for subnet in _as_list(config["SubnetIds"])),
        sorted(name(group) for group in _as_list(config["SecurityGroupIds"])),
        "AWSLambdaVPCAccessExecutionRole" in str(role.get("ManagedPolicyArns")),
    )


def _network(
    of_type: Callable[[str], list[tuple[str, dict[str, Any]]]], name: Names
) -> dict[str, list[tuple[Any, ...]]]:
    """The VPC, its subnets, routes, endpoints, security group rules and flow
    logs, each named by what it is for."""
    rules = [
        (group_id, direction, rule)
        for group_id, group in of_type("AWS::EC2::SecurityGroup")
        for direction in ("Ingress", "Egress")
        for rule in group.get(f"SecurityGroup{direction}", [])
    ] + [
        (target(rule["GroupId"]), "Egress", rule)
        for _, rule in of_type("AWS::EC2::SecurityGroupEgress")
    ]
    return {
        "vpcs": sorted(
            (
                name(properties["CidrBlock"]),
                properties["EnableDnsSupport"],
                properties["EnableDnsHostnames"],
            )
            for _, properties in of_type("AWS::EC2::VPC")
        ),
        "subnets": sorted(
            (
                name.of(logical_id),
                str(properties["AvailabilityZone"]),
                str(properties["CidrBlock"]["Fn::Select"][0]),
                properties["MapPublicIpOnLaunch"],
            )
            for logical_id, properties in of_type("AWS::EC2::Subnet")
        ),
        "routes": sorted(
            (
                name(properties["RouteTableId"]),
                properties["DestinationCidrBlock"],
                name(properties.get("GatewayId") or properties.get("NatGatewayId")),
            )
            for _, properties in of_type("AWS::EC2::Route")
        ),
        "endpoints": sorted(
            (
                properties["VpcEndpointType"],
                suffix(properties["ServiceName"]),
                properties.get("PrivateDnsEnabled"),
                tuple(
                    sorted(name(table) for table in properties.get("RouteTableIds", []))
                ),
                tuple(
                    sorted(name(subnet) for subnet in properties.get("SubnetIds", []))
                ),
                tuple(
                    sorted(
                        name(group) for group in properties.get("SecurityGroupIds", [])
                    )
                ),
            )
            for _, properties in of_type("AWS::EC2::VPCEndpoint")
        ),
        "security group rules": sorted(
            (
                name.of(group_id),
                direction,
                rule["Description"],
                rule["IpProtocol"],
                rule["FromPort"],
                rule["ToPort"],
                rule.get("CidrIp")
                or name(
                    rule.get("SourceSecurityGroupId")
                    or rule.get("DestinationSecurityGroupId")
                ),
            )
            for group_id, direction, rule in rules
        ),
        "flow logs": sorted(
            (
                name(properties["ResourceId"]),
                properties["ResourceType"],
                properties["TrafficType"],
                properties["LogDestinationType"],
                name(properties["LogGroupName"]),
            )
            for _, properties in of_type("AWS::EC2::FlowLog")
        ),
    }


def _mapping(properties: dict[str, Any], name: Names) -> tuple[Any, ...]:
    failure = properties.get("DestinationConfig", {}).get("OnFailure", {})
    return (
        name(properties["FunctionName"]),
        name(properties["EventSourceArn"]),
        properties.get("BatchSize"),
        properties.get("MaximumBatchingWindowInSeconds"),
        tuple(properties.get("FunctionResponseTypes", [])),
        properties.get("StartingPosition"),
        properties.get("MaximumRetryAttempts"),
        properties.get("MaximumRecordAgeInSeconds"),
        properties.get("BisectBatchOnFunctionError"),
        str(properties.get("ScalingConfig")),
        name(failure.get("Destination")),
    )


def _queue(logical_id: str, properties: dict[str, Any], name: Names) -> tuple[Any, ...]:
    redrive = properties.get("RedrivePolicy", {})
    return (
        name.of(logical_id),
        properties.get("MessageRetentionPeriod"),
        properties.get("SqsManagedSseEnabled"),
        properties.get("VisibilityTimeout"),
        redrive.get("maxReceiveCount"),
    )


def _table(
    logical_id: str, properties: dict[str, Any], resources: Resources, name: Names
) -> tuple[Any, ...]:
    return (
        name.of(logical_id),
        properties["BillingMode"],
        properties["SSESpecification"]["SSEEnabled"],
        properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        properties.get("StreamSpecification", {}).get("StreamViewType"),
        str(properties.get("TimeToLiveSpecification")),
        resources[logical_id].get("DeletionPolicy", "Delete"),
    )


def _bucket(properties: dict[str, Any], name: Names) -> tuple[Any, ...]:
    notifications = properties.get("NotificationConfiguration", {})
    return (
        str(properties["BucketEncryption"]),
        str(properties["PublicAccessBlockConfiguration"]),
        str(properties["OwnershipControls"]),
        properties["VersioningConfiguration"]["Status"],
        tuple(
            (
                configuration["Event"],
                name(configuration["Function"]),
                str(configuration["Filter"]),
            )
            for configuration in notifications.get("LambdaConfigurations", [])
        ),
    )


def _denies_insecure_transport(document: dict[str, Any]) -> bool:
    return any(
        statement["Effect"] == "Deny"
        and statement["Action"] == "s3:*"
        and str(statement["Condition"]["Bool"]["aws:SecureTransport"]).lower()
        == "false"
        for statement in document["Statement"]
    )


def _alarm(properties: dict[str, Any], name: Names) -> tuple[Any, ...]:
    [dimension] = properties["Dimensions"]
    value = dimension["Value"]
    watched = value if "Fn::Sub" in value else name(value)
    return (
        properties["Namespace"],
        properties["MetricName"],
        properties["Statistic"],
        float(properties["Threshold"]),
        properties["ComparisonOperator"],
        properties["Period"],
        properties["EvaluationPeriods"],
        properties["TreatMissingData"],
        dimension["Name"],
        str(watched),
        len(properties["AlarmActions"]),
        len(properties["OKActions"]),
    )


def _data_access(resources: Resources, name: Names) -> dict[str, list[str]]:
    """What each function may do to the tables and buckets (its actions on
    their ARNs), whether the tool wrote the grant into the role or apart."""
    role_of = {
        target(resource["Properties"]["Role"]): name.of(logical_id)
        for logical_id, resource in resources.items()
        if resource["Type"] == FUNCTION
    }
    documents: list[tuple[str, dict[str, Any]]] = []
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::IAM::Role" and logical_id in role_of:
            for policy in resource["Properties"].get("Policies", []):
                documents.append((role_of[logical_id], policy["PolicyDocument"]))
        if resource["Type"] == "AWS::IAM::Policy":
            for role in resource["Properties"].get("Roles", []):
                if target(role) in role_of:
                    documents.append(
                        (
                            role_of[target(role)],
                            resource["Properties"]["PolicyDocument"],
                        )
                    )
    access: dict[str, set[str]] = {}
    for function, document in documents:
        for statement in document["Statement"]:
            actions = statement["Action"]
            for resource in _as_list(statement["Resource"]):
                kind = resources.get(target(resource) or "", {}).get("Type")
                if (
                    kind not in (TABLE, "AWS::S3::Bucket")
                    or attribute(resource) == "StreamArn"
                ):
                    continue
                for action in _as_list(actions):
                    access.setdefault(function, set()).add(
                        f"{action} on {name(resource)}{suffix(resource)}"
                    )
    return {function: sorted(grants) for function, grants in sorted(access.items())}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
