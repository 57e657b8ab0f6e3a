/** The notifications handler: message attributes and JSON messages. */
import type { SNSEvent } from 'aws-lambda';
import {
  InvalidNotification,
  handler,
  readAttributes,
} from '../../src/handlers/process_notification';
import { lambdaContext, sampleEvent } from './support/lambda';

test('the attributes and message are read', async () => {
  const event = sampleEvent<SNSEvent>('process_notification');

  const [result] = await handler(event, lambdaContext());

  expect(result).toEqual({
    messageId: event.Records[0].Sns.MessageId,
    eventType: 'OrderPlaced',
    body: { orderId: 'o-1138', total: 42.5 },
  });
});

test('number attributes arrive as text', () => {
  const [record] = sampleEvent<SNSEvent>('process_notification').Records;

  expect(readAttributes(record.Sns)).toEqual({ eventType: 'OrderPlaced', priority: '2' });
});

test('a notification without event type throws', async () => {
  const event = sampleEvent<SNSEvent>('process_notification');
  delete event.Records[0].Sns.MessageAttributes.eventType;

  const handled = handler(event, lambdaContext());

  await expect(handled).rejects.toThrow(InvalidNotification);
  await expect(handled).rejects.toThrow(/eventType/);
});

test('a message that is not json throws', async () => {
  const event = sampleEvent<SNSEvent>('process_notification');
  event.Records[0].Sns.Message = 'plain text';

  await expect(handler(event, lambdaContext())).rejects.toThrow(/not JSON/);
});
