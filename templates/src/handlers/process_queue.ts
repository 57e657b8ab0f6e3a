/**
 * Takes jobs from the work queue.
 *
 * Only the messages that fail are returned to the queue (partial batch response),
 * and a message delivered twice runs its job once: Powertools idempotency records
 * each message id in a DynamoDB table before the job runs.
 */
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { type JobResult, parseJob, runJob } from '../lib/jobs';
import { environment, lambdaHandler, logger, sdkClient } from '../lib/lambda';

const processor = new BatchProcessor(EventType.SQS);
// The message id is the same on every delivery of a message, unlike its receipt.
const idempotency = new IdempotencyConfig({
  eventKeyJmesPath: 'messageId',
  expiresAfterSeconds: 24 * 60 * 60,
});
const claims = new DynamoDBPersistenceLayer({
  tableName: environment('IDEMPOTENCY_TABLE_NAME'),
  awsSdkV3Client: sdkClient(DynamoDBClient),
});

const processMessage = makeIdempotent(
  async (message: SQSRecord): Promise<JobResult> => runJob(parseJob(message.body)),
  { persistenceStore: claims, config: idempotency },
);

async function processRecord(record: SQSRecord): Promise<JobResult> {
  logger.appendKeys({ message_id: record.messageId });
  try {
    return await processMessage(record);
  } finally {
    logger.removeKeys(['message_id']);
  }
}

export const handler = lambdaHandler(async (event: SQSEvent, context) => {
  idempotency.registerLambdaContext(context);
  // One message at a time, so that every log line of a job names its message.
  return processPartialResponse(event, processRecord, processor, {
    context,
    processInParallel: false,
  });
});
