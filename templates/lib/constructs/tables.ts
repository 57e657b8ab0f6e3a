import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { skipChecks } from './checkov';

/** An on-demand table keyed by `id`, encrypted, with point-in-time recovery. */
export function encryptedTable(
  scope: Construct,
  id: string,
  options: Partial<dynamodb.TableProps> = {},
): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    ...options,
  });
  skipChecks(table.node.defaultChild as dynamodb.CfnTable, {
    CKV_AWS_119: 'Encrypted with the AWS managed key; a customer key adds cost and a key policy.',
  });
  return table;
}
