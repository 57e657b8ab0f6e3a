/** GET /items. */
import { handler } from '../../src/handlers/list_items';
import { type ApiRequest } from '../../src/lib/http';
import { bodyOf } from './support/api';
import { type FakeTable, fakeTable } from './support/fake-table';
import { lambdaContext, sampleEvent } from './support/lambda';

let table: FakeTable;

beforeEach(() => {
  table = fakeTable('items');
});

function listEvent(query: Record<string, string>): ApiRequest {
  const event = sampleEvent<ApiRequest>('list_items');
  event.queryStringParameters = query;
  return event;
}

test('an empty table gives an empty page', async () => {
  const response = await handler(sampleEvent('list_items'), lambdaContext());

  expect(response.statusCode).toBe(200);
  expect(bodyOf(response)).toEqual({ items: [], cursor: null });
});

test('pages follow the cursor until every item is seen', async () => {
  const names = [0, 1, 2, 3, 4].map((number) => `item ${number}`);
  names.forEach((name, number) => {
    table.add({ id: `0000000${number}-0000-4000-8000-000000000000`, name, createdAt: 'x' });
  });

  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page <= names.length; page += 1) {
    const query: Record<string, string> = cursor ? { limit: '2', cursor } : { limit: '2' };
    const response = await handler(listEvent(query), lambdaContext());
    const body = bodyOf(response) as { items: { name: string }[]; cursor: string | null };
    expect(body.items.length).toBeLessThanOrEqual(2);
    seen.push(...body.items.map((item) => item.name));
    cursor = body.cursor;
    if (cursor === null) {
      break;
    }
  }

  expect(seen.sort()).toEqual(names);
});

test.each(['0', '101', 'ten', '-1', '2.5'])('a limit of %s is 400', async (limit) => {
  const response = await handler(listEvent({ limit }), lambdaContext());

  expect(response.statusCode).toBe(400);
});

test.each([
  ['not JSON', 'bm90LWpzb24='],
  ['not a key', Buffer.from('{"name": {"S": "x"}}').toString('base64url')],
])('a forged cursor (%s) is 400', async (_kind, cursor) => {
  const response = await handler(listEvent({ cursor }), lambdaContext());

  expect(response.statusCode).toBe(400);
});

test('a failing table is 500', async () => {
  table.drop();

  const response = await handler(sampleEvent('list_items'), lambdaContext());

  expect(response.statusCode).toBe(500);
});
