import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { skipChecks } from './checkov';

/** A log group deleted with the stack, its retention taken from a parameter. */
export function logGroup(
  scope: Construct,
  id: string,
  retentionDays: CfnParameter,
): logs.LogGroup {
  const group = new logs.LogGroup(scope, id, { removalPolicy: RemovalPolicy.DESTROY });
  const resource = group.node.defaultChild as logs.CfnLogGroup;
  resource.retentionInDays = retentionDays.valueAsNumber;
  skipChecks(resource, {
    CKV_AWS_158: 'CloudWatch Logs encrypts at rest; a customer key adds cost and a key policy.',
    CKV_AWS_338: 'Retention is the LogRetentionDays parameter, 30 days unless raised.',
  });
  return group;
}
