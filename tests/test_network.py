"""The network of projects created with --vpc new and --vpc existing.

A function in a private subnet reaches an AWS service only through a VPC
endpoint or a NAT gateway; without one, its calls hang until it times out.
These tests read what the generated handlers call and what template.yaml (or
the template a CDK app synthesizes, slow) builds, and check that every call has
its way out and that nothing else does.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scaffold.check import run_check
from support import (
    APIS,
    EVENT_SOURCES,
    NODE_RUNTIME,
    answers_for,
    cdk_vpc_projects,
    key_of,
    load_template,
    rendered,
    source_subsets,
    synthesized,
    vpc_projects,
)

Template = dict[str, Any]

# boto3 client names whose VPC endpoint service has another name.
ENDPOINT_NAMES = {
    "cloudwatch": "monitoring",
    "firehose": "kinesis-firehose",
    "kinesis": "kinesis-streams",
    "ses": "email",
    "sesv2": "email",
    "stepfunctions": "states",
}
# Powertools names that call an AWS service on the handler's behalf.
POWERTOOLS_CALLERS = {
    "DynamoDBPersistenceLayer": "dynamodb",
    "DynamoDBProvider": "dynamodb",
    "Tracer": "xray",
    "get_parameter": "ssm",
    "get_parameters": "ssm",
    "SSMProvider": "ssm",
    "get_secret": "secretsmanager",
    "SecretsProvider": "secretsmanager",
    "get_app_config": "appconfigdata",
    "AppConfigProvider": "appconfigdata",
}
# AWS SDK v3 package names (@aws-sdk/client-NAME) whose VPC endpoint service
# has another name.
SDK_V3_ENDPOINT_NAMES = {**ENDPOINT_NAMES, "sfn": "states"}
# Powertools for TypeScript names that call an AWS service when constructed.
POWERTOOLS_TS_CALLERS = {
    "DynamoDBPersistenceLayer": "dynamodb",
    "DynamoDBProvider": "dynamodb",
    "Tracer": "xray",
    "SSMProvider": "ssm",
    "SecretsProvider": "secretsmanager",
    "AppConfigProvider": "appconfigdata",
}
TS_IMPORT = re.compile(
    r"import\s+(?P<type_only>type\s+)?\{(?P<names>[^}]*)\}\s*from\s*'(?P<module>[^']+)'"
)
# An egress rule that matches no packet: CloudFormation keeps the default
# allow-all egress of a security group unless some rule replaces it.
NO_TRAFFIC = {"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86}
NETWORK_TYPES = {
    "AWS::EC2::VPC",
    "AWS::EC2::Subnet",
    "AWS::EC2::RouteTable",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::FlowLog",
}


def new_vpc_cases() -> list[Any]:
    """Every combination of event sources, with and without tracing, in a new
    VPC, the API type taking turns; no source and every source run fast, the
    others are slow. Then the Node.js handlers: every source, with and without
    tracing, and the task project."""
    subsets = source_subsets()
    cases = []
    for number, subset in enumerate(subsets):
        for tracing in (False, True):
            answers = answers_for(
                api=APIS[number % len(APIS)],
                events=",".join(subset) or "none",
                tracing=tracing,
                vpc="new",
            )
            fast = subset in (subsets[0], subsets[-1])
            marks = () if fast else (pytest.mark.slow,)
            cases.append(pytest.param(answers, id=key_of(answers), marks=marks))
    node = [
        answers_for(runtime=NODE_RUNTIME, events=",".join(EVENT_SOURCES), vpc="new"),
        answers_for(
            runtime=NODE_RUNTIME,
            api="rest",
            events=",".join(EVENT_SOURCES),
            tracing=True,
            vpc="new",
        ),
        answers_for(runtime=NODE_RUNTIME, api="none", tracing=True, vpc="new"),
    ]
    return cases + [pytest.param(answers, id=key_of(answers)) for answers in node]


NEW_VPCS = [answers for answers in vpc_projects() if answers["vpc"] == "new"]
WITH_NAT = [answers for answers in NEW_VPCS if answers["nat"]]
WITHOUT_NAT = [answers for answers in NEW_VPCS if not answers["nat"]]
EXISTING_VPC = next(
    answers for answers in vpc_projects() if answers["vpc"] == "existing"
)
CDK_NEW_VPCS = [answers for answers in cdk_vpc_projects() if answers["vpc"] == "new"]
CDK_EXISTING_VPC = next(
    answers for answers in cdk_vpc_projects() if answers["vpc"] == "existing"
)


def and_synthesized(
    sam_projects: list[Any], cdk_projects: list[dict[str, Any]]
) -> list[Any]:
    """The SAM projects, then the CDK projects, which need `cdk synth` (slow)."""
    return [
        *sam_projects,
        *[
            pytest.param(answers, id=key_of(answers), marks=pytest.mark.slow)
            for answers in cdk_projects
        ],
    ]


def template_of(answers: dict[str, Any]) -> Template:
    """template.yaml of a SAM project, the synthesized template of a CDK app."""
    if answers["iac"] == "sam":
        return load_template(rendered(answers))
    return json.loads(synthesized(answers).read_text())


def checked_project(answers: dict[str, Any]) -> Path:
    """The project as `serverless-new check` should see it: a CDK app with the
    template it synthesized in cdk.out."""
    if answers["iac"] == "sam":
        return rendered(answers)
    return synthesized(answers).parents[1]


@pytest.fixture(params=and_synthesized(new_vpc_cases(), CDK_NEW_VPCS))
def new_vpc(request: pytest.FixtureRequest) -> tuple[Path, Template]:
    return rendered(request.param), template_of(request.param)


@pytest.fixture(params=and_synthesized(NEW_VPCS, CDK_NEW_VPCS), ids=key_of)
def network(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Template]:
    return request.param, template_of(request.param)


# What the handlers call.


def services_called_in(source: str) -> set[str]:
    """The endpoint services a Python module creates clients for, directly with
    boto3 or botocore, or through a Powertools utility."""
    tree = ast.parse(source)
    powertools_callers = {
        alias.asname or alias.name: POWERTOOLS_CALLERS[alias.name]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("aws_lambda_powertools")
        for alias in node.names
        if alias.name in POWERTOOLS_CALLERS
    }
    services = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        client = sdk_client_name(node)
        if client:
            services.add(ENDPOINT_NAMES.get(client, client))
        if isinstance(node.func, ast.Name) and node.func.id in powertools_callers:
            services.add(powertools_callers[node.func.id])
    return services


def sdk_client_name(call: ast.Call) -> str | None:
    """'sqs' for boto3.client("sqs"), boto3.resource("sqs") or a botocore
    session's create_client("sqs"), else None."""
    function = call.func
    if not isinstance(function, ast.Attribute):
        return None
    boto3_call = (
        function.attr in ("client", "resource")
        and isinstance(function.value, ast.Name)
        and function.value.id == "boto3"
    )
    if not boto3_call and function.attr != "create_client":
        return None
    if call.args and isinstance(call.args[0], ast.Constant):
        return str(call.args[0].value)
    return None


def services_called_in_typescript(source: str) -> set[str]:
    """The endpoint services a TypeScript module makes clients for: an AWS SDK v3
    client class it constructs (`new S3Client(...)`, `sdkClient(S3Client)`), or
    a Powertools utility that calls a service."""
    made: dict[str, str] = {}
    for match in TS_IMPORT.finditer(source):
        if match["type_only"]:
            continue
        module = match["module"]
        for name in (part.strip() for part in match["names"].split(",")):
            if not name or name.startswith("type "):
                continue
            if module.startswith("@aws-sdk/client-") and name.endswith("Client"):
                service = module.removeprefix("@aws-sdk/client-")
                made[name] = SDK_V3_ENDPOINT_NAMES.get(service, service)
            elif module.startswith("@aws-lambda-powertools/") and (
                name in POWERTOOLS_TS_CALLERS
            ):
                made[name] = POWERTOOLS_TS_CALLERS[name]
    return {
        service
        for name, service in made.items()
        if re.search(rf"\bnew {name}\(|\(\s*{name}\s*\)", source)
    }


def called_services(project: Path) -> set[str]:
    """Every service the project's code calls, read from its sources."""
    services: set[str] = set()
    for module in (project / "src").rglob("*.py"):
        services |= services_called_in(module.read_text())
    for module in (project / "src").rglob("*.ts"):
        services |= services_called_in_typescript(module.read_text())
    return services


# What the template builds.


def resources(template: Template, kind: str) -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == kind
    }


def ref(value: Any) -> str:
    """The logical id behind !Ref X or !GetAtt X.Attribute."""
    if "Ref" in value:
        return value["Ref"]
    return value["Fn::GetAtt"][0]


def endpoints(template: Template, kind: str) -> dict[str, dict[str, Any]]:
    """The VPC endpoints of one type (Gateway, Interface), by service name."""
    found = {}
    for endpoint in resources(template, "AWS::EC2::VPCEndpoint").values():
        properties = endpoint["Properties"]
        if properties["VpcEndpointType"] == kind:
            service = properties["ServiceName"]["Fn::Sub"]
            found[service.removeprefix("com.amazonaws.${AWS::Region}.")] = properties
    return found


def vpc_configs(template: Template) -> Iterator[dict[str, Any]]:
    """The VpcConfig of every function, its own or the one in SAM's Globals."""
    defaults = template.get("Globals", {}).get("Function", {}).get("VpcConfig")
    for kind in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
        for function in resources(template, kind).values():
            yield function["Properties"].get("VpcConfig", defaults)


def function_subnets(template: Template) -> set[str]:
    subnets = set()
    for config in vpc_configs(template):
        assert config, "a function runs outside the VPC"
        subnets |= {ref(subnet) for subnet in config["SubnetIds"]}
    return subnets


def route_tables_of(template: Template, subnets: set[str]) -> set[str]:
    return {
        ref(association["Properties"]["RouteTableId"])
        for association in resources(
            template, "AWS::EC2::SubnetRouteTableAssociation"
        ).values()
        if ref(association["Properties"]["SubnetId"]) in subnets
    }


def routes_of(template: Template, route_table: str) -> list[dict[str, Any]]:
    return [
        route["Properties"]
        for route in resources(template, "AWS::EC2::Route").values()
        if ref(route["Properties"]["RouteTableId"]) == route_table
    ]


def security_group_rules(
    template: Template,
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(group, ingress or egress, rule) for every rule, inline or standalone."""
    for name, group in resources(template, "AWS::EC2::SecurityGroup").items():
        for rule in group["Properties"].get("SecurityGroupIngress", []):
            yield name, "ingress", rule
        for rule in group["Properties"].get("SecurityGroupEgress", []):
            yield name, "egress", rule
    for direction, kind in (
        ("ingress", "AWS::EC2::SecurityGroupIngress"),
        ("egress", "AWS::EC2::SecurityGroupEgress"),
    ):
        for rule in resources(template, kind).values():
            yield ref(rule["Properties"]["GroupId"]), direction, rule["Properties"]


def allows_traffic(rule: dict[str, Any]) -> bool:
    return not (
        all(rule[key] == value for key, value in NO_TRAFFIC.items())
        and rule["CidrIp"] == "255.255.255.255/32"
    )


def function_groups(template: Template) -> set[str]:
    return {
        ref(group)
        for config in vpc_configs(template)
        for group in config["SecurityGroupIds"]
    }


# Every call has its endpoint.


def test_the_reader_finds_sdk_clients_and_powertools_callers():
    source = (
        "import boto3\n"
        "import botocore.session\n"
        "from aws_lambda_powertools import Tracer\n"
        "from aws_lambda_powertools.utilities.idempotency import (\n"
        "    DynamoDBPersistenceLayer,\n"
        ")\n"
        "queue = boto3.client('sqs')\n"
        "bucket = boto3.resource('s3')\n"
        "steps = boto3.client('stepfunctions')\n"
        "bus = botocore.session.get_session().create_client('events')\n"
        "tracer = Tracer()\n"
        "claims = DynamoDBPersistenceLayer(table_name='t')\n"
    )

    assert services_called_in(source) == {
        "sqs",
        "s3",
        "states",
        "events",
        "xray",
        "dynamodb",
    }


def test_the_reader_finds_sdk_v3_clients_and_powertools_callers_it_makes():
    source = (
        "import { Tracer } from '@aws-lambda-powertools/tracer';\n"
        "import { DynamoDBPersistenceLayer } from "
        "'@aws-lambda-powertools/idempotency/dynamodb';\n"
        "import { SQSClient } from '@aws-sdk/client-sqs';\n"
        "import { S3Client } from '@aws-sdk/client-s3';\n"
        "import { SFNClient } from '@aws-sdk/client-sfn';\n"
        "import type { AttributeValue } from '@aws-sdk/client-dynamodb';\n"
        "import { type KinesisClient } from '@aws-sdk/client-kinesis';\n"
        "const queue = new SQSClient({});\n"
        "const bucket = sdkClient(S3Client);\n"
        "const steps = new SFNClient({});\n"
        "const tracer = new Tracer();\n"
        "const claims = new DynamoDBPersistenceLayer({ tableName: 't' });\n"
    )

    assert services_called_in_typescript(source) == {
        "sqs",
        "s3",
        "states",
        "xray",
        "dynamodb",
    }


def test_every_service_a_handler_calls_has_an_endpoint(new_vpc):
    project, template = new_vpc
    reachable = set(endpoints(template, "Gateway")) | set(
        endpoints(template, "Interface")
    )

    missing = called_services(project) - reachable

    assert missing == set(), f"no endpoint for {sorted(missing)}"


def test_interface_endpoints_are_only_for_services_the_handlers_call(new_vpc):
    project, template = new_vpc
    gateways = set(endpoints(template, "Gateway"))

    interfaces = set(endpoints(template, "Interface"))

    assert interfaces == called_services(project) - gateways


def test_gateway_endpoints_serve_the_route_tables_of_the_functions(new_vpc):
    _, template = new_vpc
    route_tables = route_tables_of(template, function_subnets(template))

    gateways = endpoints(template, "Gateway")

    assert set(gateways) == {"s3", "dynamodb"}
    assert route_tables
    for service, endpoint in gateways.items():
        served = {ref(table) for table in endpoint["RouteTableIds"]}
        assert route_tables <= served, service


def test_interface_endpoints_sit_in_every_subnet_of_the_functions_with_dns(new_vpc):
    _, template = new_vpc
    subnets = function_subnets(template)
    [vpc] = resources(template, "AWS::EC2::VPC").values()

    for service, endpoint in endpoints(template, "Interface").items():
        assert {ref(subnet) for subnet in endpoint["SubnetIds"]} == subnets, service
        assert endpoint["PrivateDnsEnabled"] is True, service
    assert vpc["Properties"]["EnableDnsSupport"] is True
    assert vpc["Properties"]["EnableDnsHostnames"] is True


# Private subnets, security groups and routes.


def test_the_functions_run_in_private_subnets_of_two_zones(network):
    _, template = network
    subnets = resources(template, "AWS::EC2::Subnet")

    used = function_subnets(template)

    zones = {
        subnets[name]["Properties"]["AvailabilityZone"]["Fn::Select"][0]
        for name in used
    }
    assert len(used) == 2
    assert len(zones) == 2
    for name in used:
        assert subnets[name]["Properties"]["MapPublicIpOnLaunch"] is False
        for table in route_tables_of(template, {name}):
            for route in routes_of(template, table):
                assert "GatewayId" not in route, f"{name} routes to the internet"


def test_every_security_group_rule_is_https_or_no_traffic(network):
    _, template = network

    for group, direction, rule in security_group_rules(template):
        assert rule["Description"], (group, direction)
        if allows_traffic(rule):
            port = (rule["IpProtocol"], rule["FromPort"], rule["ToPort"])
            assert port == ("tcp", 443, 443), (group, direction, rule)


def test_every_security_group_replaces_the_default_allow_all_egress(network):
    _, template = network

    for name, group in resources(template, "AWS::EC2::SecurityGroup").items():
        assert group["Properties"].get("SecurityGroupEgress"), name


def test_the_functions_accept_no_connections(network):
    _, template = network
    groups = function_groups(template)

    ingress = [
        (group, rule)
        for group, direction, rule in security_group_rules(template)
        if direction == "ingress" and group in groups
    ]

    assert ingress == []


def test_the_endpoints_accept_https_from_the_functions_only(network):
    _, template = network
    groups = function_groups(template)
    endpoint_groups = {
        ref(group)
        for endpoint in endpoints(template, "Interface").values()
        for group in endpoint["SecurityGroupIds"]
    }

    for group, direction, rule in security_group_rules(template):
        if group not in endpoint_groups or not allows_traffic(rule):
            continue
        assert direction == "ingress", f"{group} opens connections"
        assert ref(rule["SourceSecurityGroupId"]) in groups
    assert endpoint_groups.isdisjoint(groups)


@pytest.mark.parametrize(
    "answers",
    and_synthesized(WITHOUT_NAT, [a for a in CDK_NEW_VPCS if not a["nat"]]),
    ids=key_of,
)
def test_without_nat_https_out_reaches_the_endpoints_and_nothing_else(answers):
    template = template_of(answers)
    groups = function_groups(template)
    endpoint_groups = {
        ref(group)
        for endpoint in endpoints(template, "Interface").values()
        for group in endpoint["SecurityGroupIds"]
    }
    private_tables = route_tables_of(template, function_subnets(template))

    destinations = {
        rule.get("CidrIp") or ref(rule["DestinationSecurityGroupId"])
        for group, direction, rule in security_group_rules(template)
        if direction == "egress" and group in groups
    }

    # 0.0.0.0/0 reaches only what the subnets route to: the VPC itself, where
    # nothing but the endpoints accepts a connection, and the gateway endpoints.
    assert destinations <= {"0.0.0.0/0", *endpoint_groups}
    assert all(routes_of(template, table) == [] for table in private_tables)
    assert {resource["Type"] for resource in template["Resources"].values()} & {
        "AWS::EC2::InternetGateway",
        "AWS::EC2::NatGateway",
        "AWS::EC2::Instance",
    } == set()
    ec2_types = {
        resource["Type"]
        for resource in template["Resources"].values()
        if resource["Type"].startswith("AWS::EC2::")
    }
    assert ec2_types <= NETWORK_TYPES


@pytest.mark.parametrize(
    "answers",
    and_synthesized(WITH_NAT, [a for a in CDK_NEW_VPCS if a["nat"]]),
    ids=key_of,
)
def test_with_nat_the_private_subnets_reach_the_internet_through_it(answers):
    template = template_of(answers)
    [(nat_name, nat)] = resources(template, "AWS::EC2::NatGateway").items()
    public_subnet = ref(nat["Properties"]["SubnetId"])
    [public_table] = route_tables_of(template, {public_subnet})

    for table in route_tables_of(template, function_subnets(template)):
        [route] = routes_of(template, table)
        assert route["DestinationCidrBlock"] == "0.0.0.0/0"
        assert ref(route["NatGatewayId"]) == nat_name
    [public_route] = routes_of(template, public_table)
    assert ref(public_route["GatewayId"]) in resources(
        template, "AWS::EC2::InternetGateway"
    )
    assert public_subnet not in function_subnets(template)


def test_flow_logs_record_every_connection_in_a_log_group_with_retention(network):
    _, template = network
    [flow_log] = resources(template, "AWS::EC2::FlowLog").values()
    properties = flow_log["Properties"]
    group = ref(properties["LogGroupName"])
    role = template["Resources"][ref(properties["DeliverLogsPermissionArn"])]
    [trust] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    [policy] = role["Properties"]["Policies"]
    [grant] = policy["PolicyDocument"]["Statement"]

    assert ref(properties["ResourceId"]) in resources(template, "AWS::EC2::VPC")
    assert properties["TrafficType"] == "ALL"
    assert template["Resources"][group]["Properties"]["RetentionInDays"] == {
        "Ref": "LogRetentionDays"
    }
    assert trust["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert trust["Condition"]["StringEquals"] == {
        "aws:SourceAccount": {"Ref": "AWS::AccountId"}
    }
    assert set(grant["Action"]) <= {
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogStreams",
    }
    assert grant["Resource"] == {"Fn::GetAtt": [group, "Arn"]}


# An existing VPC.


@pytest.mark.parametrize(
    "answers", and_synthesized([EXISTING_VPC], [CDK_EXISTING_VPC]), ids=key_of
)
def test_an_existing_vpc_is_given_as_subnet_and_security_group_parameters(answers):
    template = template_of(answers)
    parameters = template["Parameters"]

    assert parameters["SubnetIds"]["Type"] == "List<AWS::EC2::Subnet::Id>"
    assert parameters["SecurityGroupIds"]["Type"] == "List<AWS::EC2::SecurityGroup::Id>"
    for config in vpc_configs(template):
        assert config == {
            "SubnetIds": {"Ref": "SubnetIds"},
            "SecurityGroupIds": {"Ref": "SecurityGroupIds"},
        }
    assert not any(
        resource["Type"].startswith("AWS::EC2::")
        for resource in template["Resources"].values()
    )


# What SAM, checkov and check make of it.


@pytest.mark.parametrize("answers", [*NEW_VPCS, EXISTING_VPC], ids=key_of)
def test_sam_gives_every_function_role_the_vpc_access_policy(answers, monkeypatch):
    from samtranslator.translator.transform import transform

    template = load_template(rendered(answers))
    # The transform checks that code lives in S3; `sam build` puts it there.
    template["Globals"]["Function"]["CodeUri"] = "s3://bucket/code.zip"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    output = transform(template, {}, NoManagedPolicies())

    roles = resources(output, "AWS::IAM::Role")
    functions = resources(output, "AWS::Lambda::Function")
    assert functions
    for name, function in functions.items():
        role = roles[ref(function["Properties"]["Role"])]["Properties"]
        assert any(
            "AWSLambdaVPCAccessExecutionRole" in str(arn)
            for arn in role["ManagedPolicyArns"]
        ), name


@pytest.mark.parametrize("vpc", ["none", "new", "existing"])
def test_the_checkov_vpc_skip_is_there_only_without_a_vpc(vpc):
    template = load_template(rendered(answers_for(vpc=vpc)))

    for name, function in resources(template, "AWS::Serverless::Function").items():
        skipped = {skip["id"] for skip in function["Metadata"]["checkov"]["skip"]}
        assert ("CKV_AWS_117" in skipped) == (vpc == "none"), name


def test_adding_a_vpc_changes_no_resource_but_the_functions_vpc_skip():
    every_source = answers_for(events=",".join(source_subsets()[-1]))
    before = load_template(rendered(every_source))
    after = load_template(rendered({**every_source, "vpc": "new"}))

    for name, resource in before["Resources"].items():
        skips = resource.get("Metadata", {}).get("checkov", {}).get("skip", [])
        skips[:] = [skip for skip in skips if skip["id"] != "CKV_AWS_117"]
        assert after["Resources"][name] == resource, name


def test_check_finds_nothing_in_a_new_vpc(network):
    answers, _ = network

    report = run_check(checked_project(answers))

    assert [finding.message for finding in report.findings] == []


def test_check_says_only_that_it_cannot_see_existing_subnets():
    report = run_check(rendered(EXISTING_VPC))

    assert report.findings
    assert {finding.rule.id for finding in report.findings} == {"SN051"}


# The README.


@pytest.mark.parametrize("answers", [*NEW_VPCS, EXISTING_VPC], ids=key_of)
def test_the_readme_states_the_cost_and_cold_starts_of_the_vpc(answers):
    readme = (rendered(answers) / "README.md").read_text()

    assert "**Cold starts.**" in readme
    assert "**Cost of the network.**" in readme
    assert ("NAT gateway adds about 36 USD a month" in readme) == answers.get(
        "nat", False
    )


def test_the_readme_of_an_existing_vpc_says_what_must_be_there():
    project = rendered(EXISTING_VPC)
    readme = (project / "README.md").read_text()

    for service in called_services(project):
        assert f"`{service}`" in readme
    assert "SubnetIds" in readme
    assert "SecurityGroupIds" in readme


@pytest.mark.parametrize("answers", cdk_vpc_projects(), ids=key_of)
def test_the_readme_of_a_cdk_app_in_a_vpc_names_its_files_and_no_sam_one(answers):
    project = rendered(answers)
    readme = (project / "README.md").read_text()

    named = set(re.findall(r"`((?:infra|lib)/[\w/.-]+\.(?:py|ts))`", readme))

    assert any("network" in path for path in named)
    assert [path for path in named if not (project / path).is_file()] == []
    assert "template.yaml" not in readme
    assert "samconfig.toml" not in readme


def test_a_project_without_a_vpc_has_no_network():
    template = load_template(rendered(answers_for()))

    assert "VpcConfig" not in template["Globals"]["Function"]
    assert not any(
        resource["Type"].startswith("AWS::EC2::")
        for resource in template["Resources"].values()
    )
