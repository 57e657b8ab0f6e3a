"""Subnets and security groups from outside the stack, given when it is deployed."""

import aws_cdk as cdk
from constructs import Construct

from infra.constructs.network import FunctionNetwork


def existing_network(scope: Construct) -> FunctionNetwork:
    """The SubnetIds and SecurityGroupIds parameters of the stack."""
    stack = cdk.Stack.of(scope)
    subnets = cdk.CfnParameter(
        stack,
        "SubnetIds",
        type="List<AWS::EC2::Subnet::Id>",
        description="Private subnets for the functions, in two or more "
        "availability zones, that reach the AWS services the functions call "
        "through VPC endpoints or a NAT gateway",
    )
    security_groups = cdk.CfnParameter(
        stack,
        "SecurityGroupIds",
        type="List<AWS::EC2::SecurityGroup::Id>",
        description="Security groups for the functions; they must allow HTTPS "
        "(443) out to those endpoints or the NAT gateway",
    )
    return FunctionNetwork(subnets.value_as_list, security_groups.value_as_list)
