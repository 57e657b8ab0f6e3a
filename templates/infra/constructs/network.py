"""The network the functions run in: its subnets and security groups."""

from dataclasses import dataclass
from typing import cast

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole"


@dataclass(frozen=True)
class FunctionNetwork:
    """Subnets and security groups for the functions, as ids or references."""

    subnet_ids: list[str]
    security_group_ids: list[str]

    def attach(self, function: lambda_.Function) -> None:
        """Run `function` in these subnets, with the permission Lambda needs to
        create its network interfaces there."""
        # The L2 function takes its network as an ec2.IVpc, which neither a VPC
        # of L1 resources nor a parameter list of subnet ids is.
        resource = cast(lambda_.CfnFunction, function.node.default_child)
        resource.vpc_config = lambda_.CfnFunction.VpcConfigProperty(
            subnet_ids=self.subnet_ids, security_group_ids=self.security_group_ids
        )
        cast(iam.IRole, function.role).add_managed_policy(
            iam.ManagedPolicy.from_aws_managed_policy_name(VPC_ACCESS_POLICY)
        )
