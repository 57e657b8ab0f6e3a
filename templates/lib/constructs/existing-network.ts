import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FunctionNetwork } from './network';

/** Subnets and security groups from outside the stack, given when it is
 * deployed: the SubnetIds and SecurityGroupIds parameters. */
export function existingNetwork(scope: Construct): FunctionNetwork {
  const stack = Stack.of(scope);
  const subnets = new CfnParameter(stack, 'SubnetIds', {
    type: 'List<AWS::EC2::Subnet::Id>',
    description:
      'Private subnets for the functions, in two or more availability zones, that reach the AWS services the functions call through VPC endpoints or a NAT gateway',
  });
  const securityGroups = new CfnParameter(stack, 'SecurityGroupIds', {
    type: 'List<AWS::EC2::SecurityGroup::Id>',
    description:
      'Security groups for the functions; they must allow HTTPS (443) out to those endpoints or the NAT gateway',
  });
  return new FunctionNetwork(subnets.valueAsList, securityGroups.valueAsList);
}
