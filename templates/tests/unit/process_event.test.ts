/** The EventBridge handler: events whose detail it can act on, and the rest. */
import type { EventBridgeEvent } from 'aws-lambda';
import { InvalidEvent, handler } from '../../src/handlers/process_event';
import { lambdaContext, sampleEvent } from './support/lambda';

type ProjectEvent = EventBridgeEvent<string, unknown>;

test('a well-formed event is acted on', async () => {
  const event = sampleEvent<EventBridgeEvent<string, { id: string }>>('process_event');

  const result = await handler(event, lambdaContext());

  expect(result).toEqual({ id: event.detail.id, action: 'refresh', status: 'done' });
});

test.each<[unknown, string]>([
  ['not an object', 'must be a JSON object'],
  [{ action: 'refresh' }, "'id' is required"],
  [{ id: 'x', action: '' }, "'action' is required"],
  [{ id: 7, action: 'refresh' }, "'id' is required"],
])('a malformed detail %j throws so that the event is kept', async (detail, problem) => {
  const event = sampleEvent<ProjectEvent>('process_event');
  event.detail = detail;

  const handled = handler(event, lambdaContext());

  await expect(handled).rejects.toThrow(InvalidEvent);
  await expect(handled).rejects.toThrow(problem);
});
