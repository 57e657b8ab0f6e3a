/** DELETE /items/{id}. */
import { randomUUID } from 'node:crypto';
import { handler } from '../../src/handlers/delete_item';
import { type ApiRequest } from '../../src/lib/http';
import { type FakeTable, fakeTable } from './support/fake-table';
import { lambdaContext, sampleEvent } from './support/lambda';

let table: FakeTable;

beforeEach(() => {
  table = fakeTable('items');
});

function deleteEvent(itemId: string): ApiRequest {
  const event = sampleEvent<ApiRequest>('delete_item');
  event.pathParameters = { id: itemId };
  return event;
}

test('an existing item is removed with 204', async () => {
  const itemId = randomUUID();
  table.add({ id: itemId, name: 'doomed', createdAt: '2026-12-03T17:00:00+00:00' });

  const response = await handler(deleteEvent(itemId), lambdaContext());

  expect(response.statusCode).toBe(204);
  expect(response.body).toBe('');
  expect(table.items()).toEqual([]);
});

test('an unknown item is 404', async () => {
  const response = await handler(deleteEvent(randomUUID()), lambdaContext());

  expect(response.statusCode).toBe(404);
});

test('an id that is not a uuid is 400', async () => {
  const response = await handler(deleteEvent('42'), lambdaContext());

  expect(response.statusCode).toBe(400);
});

test('a failing table is 500', async () => {
  table.drop();

  const response = await handler(sampleEvent('delete_item'), lambdaContext());

  expect(response.statusCode).toBe(500);
});
