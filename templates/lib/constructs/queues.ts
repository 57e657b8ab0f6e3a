import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Alarms } from './alarms';
import { skipChecks } from './checkov';

/** A queue that keeps failed messages 14 days, with an alarm on the first. */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  alarms: Alarms | undefined,
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
  });
  skipChecks(queue.node.defaultChild as sqs.CfnQueue, {
    CKV_AWS_27:
      'Encrypted with SSE-SQS; AWS services that dead-letter here cannot use the AWS managed KMS key.',
  });
  alarms?.watch(
    scope,
    `${id}Alarm`,
    queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
    `Messages wait in ${id}; inspect and replay them`,
    { threshold: 0, comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD },
  );
  return queue;
}
