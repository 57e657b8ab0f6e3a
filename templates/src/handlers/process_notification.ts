/**
 * Handles the notifications published to the topic.
 *
 * The `eventType` message attribute says what a notification is about; the
 * message itself is JSON. A notification that fails is retried twice by Lambda,
 * then recorded in the dead-letter queue.
 */
import type { SNSEvent, SNSMessage } from 'aws-lambda';
import { parseJson } from '../lib/json';
import { lambdaHandler, logger } from '../lib/lambda';

export interface HandledNotification {
  messageId: string;
  eventType: string;
  body: unknown;
}

/** A notification without the attributes or body this service expects. */
export class InvalidNotification extends Error {
  name = 'InvalidNotification';
}

/** Message attributes as name -> value (numbers arrive as text too). */
export function readAttributes(message: SNSMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, attribute]) => [
      name,
      attribute.Value,
    ]),
  );
}

export function handleNotification(message: SNSMessage): HandledNotification {
  const attributes = readAttributes(message);
  const eventType = attributes.eventType;
  if (!eventType) {
    throw new InvalidNotification("the 'eventType' message attribute is missing");
  }
  const body = parseJson(message.Message);
  if (body === undefined) {
    throw new InvalidNotification('the message is not JSON');
  }
  logger.info('notification handled', { event_type: eventType, attributes });
  return { messageId: message.MessageId, eventType, body };
}

export const handler = lambdaHandler(
  async (event: SNSEvent) => event.Records.map((record) => handleNotification(record.Sns)),
  'Records[0].Sns.MessageId',
);
