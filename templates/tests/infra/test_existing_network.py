"""CDK assertions on the network the functions are given: the subnets and
security groups of the SubnetIds and SecurityGroupIds parameters.

No AWS account is needed: the stack is built and synthesized in memory.
"""

from typing import Any

import pytest
from aws_cdk.assertions import Template

from app import STACK_NAME, build_app


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    stack = build_app().node.find_child(STACK_NAME)
    return Template.from_stack(stack).to_json()


def of_type(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        resource["Properties"]
        for resource in template["Resources"].values()
        if resource["Type"] == kind
    ]


def test_the_subnets_and_security_groups_are_parameters_of_their_aws_types(
    template,
):
    parameters = template["Parameters"]

    assert parameters["SubnetIds"]["Type"] == "List<AWS::EC2::Subnet::Id>"
    assert parameters["SecurityGroupIds"]["Type"] == "List<AWS::EC2::SecurityGroup::Id>"


def test_every_function_runs_in_the_given_subnets_and_security_groups(template):
    for function in of_type(template, "AWS::Lambda::Function"):
        assert function["VpcConfig"] == {
            "SubnetIds": {"Ref": "SubnetIds"},
            "SecurityGroupIds": {"Ref": "SecurityGroupIds"},
        }


def test_every_function_role_lets_lambda_attach_it_to_the_subnets(template):
    roles = {
        name: resource["Properties"]
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::IAM::Role"
    }

    for function in of_type(template, "AWS::Lambda::Function"):
        managed = str(roles[function["Role"]["Fn::GetAtt"][0]]["ManagedPolicyArns"])
        assert "service-role/AWSLambdaVPCAccessExecutionRole" in managed


def test_the_stack_creates_no_network_of_its_own(template):
    kinds = {resource["Type"] for resource in template["Resources"].values()}

    assert not any(kind.startswith("AWS::EC2::") for kind in kinds)
