/**
 * A VPC of the functions' own: private subnets in two availability zones, an
 * endpoint for each AWS service the functions call, flow logs, and a NAT
 * gateway only when asked.
 *
 * It is made of L1 resources, as in the SAM template: ec2.Vpc would add a route
 * table per subnet and a custom resource that empties the default security
 * group, and needs a fixed address range where this stack takes one as a
 * parameter.
 */
import { Aws, CfnOutput, CfnParameter, CfnTag, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logGroup } from './logs';
import { FunctionNetwork } from './network';

// S3 and DynamoDB take free gateway endpoints on the route table; every other
// service an interface endpoint.
const GATEWAY_ENDPOINTS: Record<string, string> = {
  s3: 'S3GatewayEndpoint',
  dynamodb: 'DynamoDbGatewayEndpoint',
};
const HTTPS_PORT = 443;
const ANYWHERE = '0.0.0.0/0';

/** A rule for HTTPS, to or from the peer the caller adds. */
function https(description: string) {
  return { description, ipProtocol: 'tcp', fromPort: HTTPS_PORT, toPort: HTTPS_PORT };
}

function nameTag(value: string): CfnTag[] {
  return [{ key: 'Name', value }];
}

/** com.amazonaws.REGION.SERVICE, the name of a VPC endpoint service. */
function endpointService(service: string): string {
  return Fn.sub('com.amazonaws.${AWS::Region}.' + service);
}

/** The construct id of an interface endpoint: kinesis-streams ->
 * KinesisStreamsEndpoint. */
function endpointId(service: string): string {
  const words = service.split('-').map((word) => word[0].toUpperCase() + word.slice(1));
  return `${words.join('')}Endpoint`;
}

export interface PrivateNetworkProps {
  readonly projectName: string;
  /** The endpoint services (com.amazonaws.REGION.NAME) the functions call. */
  readonly services: string[];
  readonly natGateway: boolean;
  readonly logRetentionDays: CfnParameter;
}

/**
 * The VPC (its address range the VpcCidr parameter), its subnets, the
 * functions' security group, the endpoints and the flow logs; `functions` is
 * where the functions run.
 */
export class PrivateNetwork extends Construct {
  readonly vpc: ec2.CfnVPC;
  readonly functions: FunctionNetwork;

  constructor(scope: Construct, id: string, props: PrivateNetworkProps) {
    super(scope, id);
    const cidr = new CfnParameter(Stack.of(this), 'VpcCidr', {
      type: 'String',
      default: '10.0.0.0/16',
      allowedPattern: '^(\\d{1,3}\\.){2}0\\.0/16$',
      constraintDescription: 'must be a /16 range such as 10.0.0.0/16',
      description:
        'Addresses of the VPC, a /16 that overlaps no network it may be joined to; each subnet takes a /20 of it',
    });
    this.vpc = new ec2.CfnVPC(this, 'Vpc', {
      cidrBlock: cidr.valueAsString,
      // Interface endpoints answer to the services' usual names only when the
      // VPC resolves DNS and gives hosts DNS names.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: nameTag(Aws.STACK_NAME),
    });
    const subnets = [
      this.subnet('PrivateSubnetA', { zone: 0, block: 0, name: 'private-a' }),
      this.subnet('PrivateSubnetB', { zone: 1, block: 1, name: 'private-b' }),
    ];
    const privateRoutes = this.routeTable('PrivateRouteTable', 'private', subnets);
    const securityGroup = this.functionSecurityGroup(props.projectName, props.natGateway);
    this.functions = new FunctionNetwork(
      subnets.map((subnet) => subnet.ref),
      [securityGroup.attrGroupId],
    );

    for (const [service, gatewayId] of Object.entries(GATEWAY_ENDPOINTS)) {
      new ec2.CfnVPCEndpoint(this, gatewayId, {
        vpcEndpointType: 'Gateway',
        serviceName: endpointService(service),
        vpcId: this.vpc.ref,
        routeTableIds: [privateRoutes.ref],
      });
    }
    const interfaceServices = props.services.filter(
      (service) => !(service in GATEWAY_ENDPOINTS),
    );
    if (interfaceServices.length > 0) {
      this.interfaceEndpoints(props.projectName, interfaceServices, securityGroup);
    }
    if (props.natGateway) {
      this.natGateway(privateRoutes);
    }
    const flowLogs = this.flowLogs(props.logRetentionDays);

    this.outputs(subnets, securityGroup, flowLogs);
  }

  private subnet(
    id: string,
    options: { zone: number; block: number; name: string },
  ): ec2.CfnSubnet {
    return new ec2.CfnSubnet(this, id, {
      vpcId: this.vpc.ref,
      availabilityZone: Fn.select(options.zone, Fn.getAzs()),
      cidrBlock: Fn.select(options.block, Fn.cidr(this.vpc.attrCidrBlock, 4, '12')),
      mapPublicIpOnLaunch: false,
      tags: nameTag(`${Aws.STACK_NAME}-${options.name}`),
    });
  }

  private routeTable(id: string, name: string, subnets: ec2.CfnSubnet[]): ec2.CfnRouteTable {
    const table = new ec2.CfnRouteTable(this, id, {
      vpcId: this.vpc.ref,
      tags: nameTag(`${Aws.STACK_NAME}-${name}`),
    });
    for (const subnet of subnets) {
      new ec2.CfnSubnetRouteTableAssociation(this, `${subnet.node.id}RouteTable`, {
        subnetId: subnet.ref,
        routeTableId: table.ref,
      });
    }
    return table;
  }

  private functionSecurityGroup(projectName: string, natGateway: boolean): ec2.CfnSecurityGroup {
    const reach = natGateway
      ? 'HTTPS to S3 and DynamoDB through their gateway endpoints, and to the internet through the NAT gateway'
      : 'HTTPS to S3 and DynamoDB through their gateway endpoints, whose prefix lists a template cannot name; the private subnets route nowhere else';
    return new ec2.CfnSecurityGroup(this, 'FunctionSecurityGroup', {
      groupDescription: `Functions of ${projectName}: no connections in, HTTPS out to the AWS services they call`,
      vpcId: this.vpc.ref,
      securityGroupEgress: [{ ...https(reach), cidrIp: ANYWHERE }],
    });
  }

  /** An endpoint with private DNS in both subnets for each service, behind a
   * security group that lets in HTTPS from the functions alone. */
  private interfaceEndpoints(
    projectName: string,
    services: string[],
    functions: ec2.CfnSecurityGroup,
  ): void {
    const endpoints = new ec2.CfnSecurityGroup(this, 'EndpointSecurityGroup', {
      groupDescription: `Interface endpoints of ${projectName}: HTTPS in from the functions only`,
      vpcId: this.vpc.ref,
      securityGroupIngress: [
        { ...https('HTTPS from the functions'), sourceSecurityGroupId: functions.attrGroupId },
      ],
      // Endpoints only answer; a rule that matches no traffic (an ICMP type
      // that does not exist, to a broadcast address) replaces the default
      // allow-all egress rule.
      securityGroupEgress: [
        {
          description: 'No traffic out',
          ipProtocol: 'icmp',
          fromPort: 252,
          toPort: 86,
          cidrIp: '255.255.255.255/32',
        },
      ],
    });
    new ec2.CfnSecurityGroupEgress(this, 'FunctionSecurityGroupToEndpoints', {
      groupId: functions.attrGroupId,
      ...https('HTTPS to the interface endpoints'),
      destinationSecurityGroupId: endpoints.attrGroupId,
    });
    for (const service of services) {
      new ec2.CfnVPCEndpoint(this, endpointId(service), {
        vpcEndpointType: 'Interface',
        serviceName: endpointService(service),
        vpcId: this.vpc.ref,
        subnetIds: this.functions.subnetIds,
        securityGroupIds: [endpoints.attrGroupId],
        privateDnsEnabled: true,
      });
    }
  }

  /** A NAT gateway in a public subnet of the first zone, and the private
   * subnets' default route through it. */
  private natGateway(privateRoutes: ec2.CfnRouteTable): void {
    // Only the NAT gateway lives here, with an Elastic IP of its own.
    const publicSubnet = this.subnet('PublicSubnet', { zone: 0, block: 2, name: 'public' });
    const internetGateway = new ec2.CfnInternetGateway(this, 'InternetGateway', {
      tags: nameTag(Aws.STACK_NAME),
    });
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'InternetGatewayAttachment', {
      vpcId: this.vpc.ref,
      internetGatewayId: internetGateway.ref,
    });
    const publicRoutes = this.routeTable('PublicRouteTable', 'public', [publicSubnet]);
    new ec2.CfnRoute(this, 'PublicInternetRoute', {
      routeTableId: publicRoutes.ref,
      destinationCidrBlock: ANYWHERE,
      gatewayId: internetGateway.ref,
    }).addResourceDependency(attachment);
    const address = new ec2.CfnEIP(this, 'NatAddress', { domain: 'vpc' });
    address.addResourceDependency(attachment);
    const nat = new ec2.CfnNatGateway(this, 'NatGateway', {
      allocationId: address.attrAllocationId,
      subnetId: publicSubnet.ref,
      tags: nameTag(Aws.STACK_NAME),
    });
    new ec2.CfnRoute(this, 'PrivateInternetRoute', {
      routeTableId: privateRoutes.ref,
      destinationCidrBlock: ANYWHERE,
      natGatewayId: nat.ref,
    });
  }

  /** Every connection in the VPC, accepted or rejected, in a log group. */
  private flowLogs(retentionDays: CfnParameter): logs.LogGroup {
    const group = logGroup(this, 'VpcFlowLogGroup', retentionDays);
    const role = new iam.Role(this, 'VpcFlowLogRole', {
      description: 'Lets VPC flow logs write to the flow log group',
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'ec2',
              resource: 'vpc-flow-log',
              resourceName: '*',
            }),
          },
        },
      }),
      inlinePolicies: {
        WriteFlowLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
              resources: [group.logGroupArn],
            }),
          ],
        }),
      },
    });
    new ec2.CfnFlowLog(this, 'VpcFlowLog', {
      resourceType: 'VPC',
      resourceId: this.vpc.ref,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: group.logGroupName,
      deliverLogsPermissionArn: role.roleArn,
    });
    return group;
  }

  private outputs(
    subnets: ec2.CfnSubnet[],
    securityGroup: ec2.CfnSecurityGroup,
    flowLogs: logs.LogGroup,
  ): void {
    const stack = Stack.of(this);
    new CfnOutput(stack, 'VpcId', {
      description: 'The VPC the functions run in',
      value: this.vpc.ref,
    });
    new CfnOutput(stack, 'PrivateSubnetIds', {
      description: "The functions' private subnets, one in each of two availability zones",
      value: Fn.join(
        ',',
        subnets.map((subnet) => subnet.ref),
      ),
    });
    new CfnOutput(stack, 'FunctionSecurityGroupId', {
      description: 'Security group of the functions; allow it in on anything else they must reach',
      value: securityGroup.attrGroupId,
    });
    new CfnOutput(stack, 'VpcFlowLogGroupName', {
      description: 'Log group of the VPC flow logs',
      value: flowLogs.logGroupName,
    });
  }
}
