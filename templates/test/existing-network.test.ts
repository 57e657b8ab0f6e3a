// CDK assertions on the network the functions are given: the subnets and
// security groups of the SubnetIds and SecurityGroupIds parameters.
// No AWS account is needed: the stack is built and synthesized in memory.
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, STACK_NAME } from '../bin/app';

type Properties = Record<string, any>;

const template = Template.fromStack(buildApp().node.findChild(STACK_NAME) as Stack).toJSON();
const resources: Record<string, { Type: string; Properties: Properties }> = template.Resources;

function ofType(kind: string): Properties[] {
  return Object.values(resources)
    .filter((resource) => resource.Type === kind)
    .map((resource) => resource.Properties);
}

test('the subnets and security groups are parameters of their AWS types', () => {
  expect(template.Parameters.SubnetIds.Type).toBe('List<AWS::EC2::Subnet::Id>');
  expect(template.Parameters.SecurityGroupIds.Type).toBe('List<AWS::EC2::SecurityGroup::Id>');
});

test('every function runs in the given subnets and security groups', () => {
  for (const fn of ofType('AWS::Lambda::Function')) {
    expect(fn.VpcConfig).toEqual({
      SubnetIds: { Ref: 'SubnetIds' },
      SecurityGroupIds: { Ref: 'SecurityGroupIds' },
    });
  }
});

test('every function role lets Lambda attach it to the subnets', () => {
  for (const fn of ofType('AWS::Lambda::Function')) {
    const role = resources[fn.Role['Fn::GetAtt'][0]].Properties;
    expect(JSON.stringify(role.ManagedPolicyArns)).toContain(
      'service-role/AWSLambdaVPCAccessExecutionRole',
    );
  }
});

test('the stack creates no network of its own', () => {
  const kinds = Object.values(resources).map((resource) => resource.Type);

  expect(kinds.filter((kind) => kind.startsWith('AWS::EC2::'))).toEqual([]);
});
