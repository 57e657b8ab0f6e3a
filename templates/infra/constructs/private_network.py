"""A VPC of the functions' own: private subnets in two availability zones, an
endpoint for each AWS service the functions call, flow logs, and a NAT gateway
only when asked.

It is made of L1 resources, as in the SAM template: ec2.Vpc would add a route
table per subnet and a custom resource that empties the default security
group, and needs a fixed address range where this stack takes one as a
parameter.
"""

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.constructs.logs import log_group
from infra.constructs.network import FunctionNetwork

# S3 and DynamoDB take free gateway endpoints on the route table; every other
# service an interface endpoint.
GATEWAY_ENDPOINTS = {"s3": "S3GatewayEndpoint", "dynamodb": "DynamoDbGatewayEndpoint"}
HTTPS_PORT = 443
ANYWHERE = "0.0.0.0/0"


def https(description: str, **peer: str) -> dict[str, Any]:
    """The properties of a rule for HTTPS to or from `peer` (cidr_ip=...,
    source_security_group_id=...)."""
    return {
        "description": description,
        "ip_protocol": "tcp",
        "from_port": HTTPS_PORT,
        "to_port": HTTPS_PORT,
        **peer,
    }


def name_tag(value: str) -> list[cdk.CfnTag]:
    return [cdk.CfnTag(key="Name", value=value)]


def endpoint_service(service: str) -> str:
    """com.amazonaws.REGION.SERVICE, the name of a VPC endpoint service."""
    return cdk.Fn.sub("com.amazonaws.${AWS::Region}." + service)


def endpoint_id(service: str) -> str:
    """The construct id of an interface endpoint: kinesis-streams ->
    KinesisStreamsEndpoint."""
    return "".join(word.title() for word in service.split("-")) + "Endpoint"


class PrivateNetwork(Construct):
    """The VPC (its address range the VpcCidr parameter), its subnets, the
    functions' security group, the endpoints and the flow logs.

    `services` names the endpoint services (com.amazonaws.REGION.NAME) that the
    functions call; `functions` is where the functions run.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project_name: str,
        services: list[str],
        nat_gateway: bool,
        log_retention_days: cdk.CfnParameter,
    ):
        super().__init__(scope, construct_id)
        cidr = cdk.CfnParameter(
            cdk.Stack.of(self),
            "VpcCidr",
            type="String",
            default="10.0.0.0/16",
            allowed_pattern=r"^(\d{1,3}\.){2}0\.0/16$",
            constraint_description="must be a /16 range such as 10.0.0.0/16",
            description="Addresses of the VPC, a /16 that overlaps no network it "
            "may be joined to; each subnet takes a /20 of it",
        )
        self.vpc = ec2.CfnVPC(
            self,
            "Vpc",
            cidr_block=cidr.value_as_string,
            # Interface endpoints answer to the services' usual names only when
            # the VPC resolves DNS and gives hosts DNS names.
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags=name_tag(cdk.Aws.STACK_NAME),
        )
        subnets = [
            self._subnet("PrivateSubnetA", zone=0, block=0, name="private-a"),
            self._subnet("PrivateSubnetB", zone=1, block=1, name="private-b"),
        ]
        private_routes = self._route_table("PrivateRouteTable", "private", subnets)
        security_group = self._function_security_group(project_name, nat_gateway)
        self.functions = FunctionNetwork(
            subnet_ids=[subnet.ref for subnet in subnets],
            security_group_ids=[security_group.attr_group_id],
        )

        for service, gateway_id in GATEWAY_ENDPOINTS.items():
            ec2.CfnVPCEndpoint(
                self,
                gateway_id,
                vpc_endpoint_type="Gateway",
                service_name=endpoint_service(service),
                vpc_id=self.vpc.ref,
                route_table_ids=[private_routes.ref],
            )
        interface_services = [
            service for service in services if service not in GATEWAY_ENDPOINTS
        ]
        if interface_services:
            self._interface_endpoints(project_name, interface_services, security_group)
        if nat_gateway:
            self._nat_gateway(private_routes)
        flow_logs = self._flow_logs(log_retention_days)

        self._outputs(subnets, security_group, flow_logs)

    def _subnet(
        self, construct_id: str, *, zone: int, block: int, name: str
    ) -> ec2.CfnSubnet:
        return ec2.CfnSubnet(
            self,
            construct_id,
            vpc_id=self.vpc.ref,
            availability_zone=cdk.Fn.select(zone, cdk.Fn.get_azs()),
            cidr_block=cdk.Fn.select(
                block, cdk.Fn.cidr(self.vpc.attr_cidr_block, 4, "12")
            ),
            map_public_ip_on_launch=False,
            tags=name_tag(f"{cdk.Aws.STACK_NAME}-{name}"),
        )

    def _route_table(
        self, construct_id: str, name: str, subnets: list[ec2.CfnSubnet]
    ) -> ec2.CfnRouteTable:
        table = ec2.CfnRouteTable(
            self,
            construct_id,
            vpc_id=self.vpc.ref,
            tags=name_tag(f"{cdk.Aws.STACK_NAME}-{name}"),
        )
        for subnet in subnets:
            ec2.CfnSubnetRouteTableAssociation(
                self,
                f"{subnet.node.id}RouteTable",
                subnet_id=subnet.ref,
                route_table_id=table.ref,
            )
        return table

    def _function_security_group(
        self, project_name: str, nat_gateway: bool
    ) -> ec2.CfnSecurityGroup:
        if nat_gateway:
            reach = (
                "HTTPS to S3 and DynamoDB through their gateway endpoints, and to "
                "the internet through the NAT gateway"
            )
        else:
            reach = (
                "HTTPS to S3 and DynamoDB through their gateway endpoints, whose "
                "prefix lists a template cannot name; the private subnets route "
                "nowhere else"
            )
        return ec2.CfnSecurityGroup(
            self,
            "FunctionSecurityGroup",
            group_description=f"Functions of {project_name}: no connections in, "
            "HTTPS out to the AWS services they call",
            vpc_id=self.vpc.ref,
            security_group_egress=[
                ec2.CfnSecurityGroup.EgressProperty(**https(reach, cidr_ip=ANYWHERE))
            ],
        )

    def _interface_endpoints(
        self,
        project_name: str,
        services: list[str],
        functions: ec2.CfnSecurityGroup,
    ) -> None:
        """An endpoint with private DNS in both subnets for each service, behind
        a security group that lets in HTTPS from the functions alone."""
        endpoints = ec2.CfnSecurityGroup(
            self,
            "EndpointSecurityGroup",
            group_description=f"Interface endpoints of {project_name}: HTTPS in "
            "from the functions only",
            vpc_id=self.vpc.ref,
            security_group_ingress=[
                ec2.CfnSecurityGroup.IngressProperty(
                    **https(
                        "HTTPS from the functions",
                        source_security_group_id=functions.attr_group_id,
                    )
                )
            ],
            # Endpoints only answer; a rule that matches no traffic (an ICMP
            # type that does not exist, to a broadcast address) replaces the
            # default allow-all egress rule.
            security_group_egress=[
                ec2.CfnSecurityGroup.EgressProperty(
                    description="No traffic out",
                    ip_protocol="icmp",
                    from_port=252,
                    to_port=86,
                    cidr_ip="255.255.255.255/32",
                )
            ],
        )
        ec2.CfnSecurityGroupEgress(
            self,
            "FunctionSecurityGroupToEndpoints",
            group_id=functions.attr_group_id,
            **https(
                "HTTPS to the interface endpoints",
                destination_security_group_id=endpoints.attr_group_id,
            ),
        )
        for service in services:
            ec2.CfnVPCEndpoint(
                self,
                endpoint_id(service),
                vpc_endpoint_type="Interface",
                service_name=endpoint_service(service),
                vpc_id=self.vpc.ref,
                subnet_ids=self.functions.subnet_ids,
                security_group_ids=[endpoints.attr_group_id],
                private_dns_enabled=True,
            )

    def _nat_gateway(self, private_routes: ec2.CfnRouteTable) -> None:
        """A NAT gateway in a public subnet of the first zone, and the private
        subnets' default route through it."""
        # Only the NAT gateway lives here, with an Elastic IP of its own.
        public_subnet = self._subnet("PublicSubnet", zone=0, block=2, name="public")
        internet_gateway = ec2.CfnInternetGateway(
            self, "InternetGateway", tags=name_tag(cdk.Aws.STACK_NAME)
        )
        attachment = ec2.CfnVPCGatewayAttachment(
            self,
            "InternetGatewayAttachment",
            vpc_id=self.vpc.ref,
            internet_gateway_id=internet_gateway.ref,
        )
        public_routes = self._route_table("PublicRouteTable", "public", [public_subnet])
        ec2.CfnRoute(
            self,
            "PublicInternetRoute",
            route_table_id=public_routes.ref,
            destination_cidr_block=ANYWHERE,
            gateway_id=internet_gateway.ref,
        ).add_resource_dependency(attachment)
        address = ec2.CfnEIP(self, "NatAddress", domain="vpc")
        address.add_resource_dependency(attachment)
        nat = ec2.CfnNatGateway(
            self,
            "NatGateway",
            allocation_id=address.attr_allocation_id,
            subnet_id=public_subnet.ref,
            tags=name_tag(cdk.Aws.STACK_NAME),
        )
        ec2.CfnRoute(
            self,
            "PrivateInternetRoute",
            route_table_id=private_routes.ref,
            destination_cidr_block=ANYWHERE,
            nat_gateway_id=nat.ref,
        )

    def _flow_logs(self, retention_days: cdk.CfnParameter) -> logs.LogGroup:
        """Every connection in the VPC, accepted or rejected, in a log group."""
        group = log_group(self, "VpcFlowLogGroup", retention_days)
        role = iam.Role(
            self,
            "VpcFlowLogRole",
            description="Lets VPC flow logs write to the flow log group",
            assumed_by=iam.ServicePrincipal(
                "vpc-flow-logs.amazonaws.com",
                conditions={
                    "StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID},
                    "ArnLike": {
                        "aws:SourceArn": cdk.Stack.of(self).format_arn(
                            service="ec2", resource="vpc-flow-log", resource_name="*"
                        )
                    },
                },
            ),
            inline_policies={
                "WriteFlowLogs": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(
                            actions=[
                                "logs:CreateLogStream",
                                "logs:PutLogEvents",
                                "logs:DescribeLogStreams",
                            ],
                            resources=[group.log_group_arn],
                        )
                    ]
                )
            },
        )
        ec2.CfnFlowLog(
            self,
            "VpcFlowLog",
            resource_type="VPC",
            resource_id=self.vpc.ref,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_group_name=group.log_group_name,
            deliver_logs_permission_arn=role.role_arn,
        )
        return group

    def _outputs(
        self,
        subnets: list[ec2.CfnSubnet],
        security_group: ec2.CfnSecurityGroup,
        flow_logs: logs.LogGroup,
    ) -> None:
        stack = cdk.Stack.of(self)
        cdk.CfnOutput(
            stack,
            "VpcId",
            description="The VPC the functions run in",
            value=self.vpc.ref,
        )
        cdk.CfnOutput(
            stack,
            "PrivateSubnetIds",
            description="The functions' private subnets, one in each of two "
            "availability zones",
            value=cdk.Fn.join(",", [subnet.ref for subnet in subnets]),
        )
        cdk.CfnOutput(
            stack,
            "FunctionSecurityGroupId",
            description="Security group of the functions; allow it in on anything "
            "else they must reach",
            value=security_group.attr_group_id,
        )
        cdk.CfnOutput(
            stack,
            "VpcFlowLogGroupName",
            description="Log group of the VPC flow logs",
            value=flow_logs.log_group_name,
        )
