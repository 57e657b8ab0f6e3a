import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

const VPC_ACCESS_POLICY = 'service-role/AWSLambdaVPCAccessExecutionRole';

/** The network the functions run in: its subnets and security groups, as ids
 * or references. */
export class FunctionNetwork {
  constructor(
    readonly subnetIds: string[],
    readonly securityGroupIds: string[],
  ) {}

  /** Run `fn` in these subnets, with the permission Lambda needs to create its
   * network interfaces there. */
  attach(fn: lambda.Function): void {
    // The L2 function takes its network as an ec2.IVpc, which neither a VPC of
    // L1 resources nor a parameter list of subnet ids is.
    const resource = fn.node.defaultChild as lambda.CfnFunction;
    resource.vpcConfig = {
      subnetIds: this.subnetIds,
      securityGroupIds: this.securityGroupIds,
    };
    fn.role?.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY));
  }
}
