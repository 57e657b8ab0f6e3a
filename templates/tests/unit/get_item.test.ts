/** GET /items/{id}. */
import { randomUUID } from 'node:crypto';
import { handler } from '../../src/handlers/get_item';
import { type ApiRequest } from '../../src/lib/http';
import { bodyOf } from './support/api';
import { type FakeTable, fakeTable } from './support/fake-table';
import { lambdaContext, sampleEvent } from './support/lambda';

let table: FakeTable;

beforeEach(() => {
  table = fakeTable('items');
});

function getEvent(itemId: string): ApiRequest {
  const event = sampleEvent<ApiRequest>('get_item');
  event.pathParameters = { id: itemId };
  return event;
}

test('an existing item is returned', async () => {
  const item = { id: randomUUID(), name: 'kept', createdAt: '2026-12-03T17:00:00+00:00' };
  table.add(item);

  const response = await handler(getEvent(item.id), lambdaContext());

  expect(response.statusCode).toBe(200);
  expect(bodyOf(response)).toEqual(item);
});

test('an id in capitals is read in its canonical form', async () => {
  const item = { id: randomUUID(), name: 'kept', createdAt: '2026-12-03T17:00:00+00:00' };
  table.add(item);

  const response = await handler(getEvent(item.id.toUpperCase()), lambdaContext());

  expect(response.statusCode).toBe(200);
});

test('an unknown item is 404', async () => {
  const response = await handler(getEvent(randomUUID()), lambdaContext());

  expect(response.statusCode).toBe(404);
  expect(bodyOf(response).message).toContain('no item');
});

test('an id that is not a uuid is 400', async () => {
  const response = await handler(getEvent('not-a-uuid'), lambdaContext());

  expect(response.statusCode).toBe(400);
});

test('a failing table is 500 with the request id and no trace', async () => {
  table.drop();
  const event = sampleEvent<ApiRequest>('get_item');

  const response = await handler(event, lambdaContext());

  expect(response.statusCode).toBe(500);
  expect(bodyOf(response)).toEqual({
    message: 'internal error',
    requestId: event.requestContext.requestId,
  });
});
