/** The item rules of lib/items.ts, without AWS. */
import {
  InvalidItem,
  decodeCursor,
  encodeCursor,
  fromDynamoDB,
  newItem,
  pageSize,
} from '../../src/lib/items';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a new item gets a uuid and a creation time', () => {
  const item = newItem({ name: '  spaced  ', description: 'text' });

  expect(item.id).toMatch(UUID);
  expect(item.name).toBe('spaced');
  expect(item.description).toBe('text');
  expect(item.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
});

test('a name over the limit is refused', () => {
  expect(() => newItem({ name: 'x'.repeat(201) })).toThrow(/longer than 200/);
});

test('a name is measured in characters, not UTF-16 units', () => {
  expect(newItem({ name: '🙂'.repeat(200) }).name).toHaveLength(400);
});

test('the page size defaults to 25', () => {
  expect(pageSize(undefined)).toBe(25);
});

test('a cursor survives the round trip', () => {
  const lastKey = { id: { S: 'abc' } };

  expect(decodeCursor(encodeCursor(lastKey))).toEqual(lastKey);
});

test('a cursor that is not json is refused', () => {
  expect(() => decodeCursor('%%%')).toThrow(InvalidItem);
});

test('an item keeps its values through DynamoDB attributes', () => {
  const stored = {
    id: { S: '1' },
    count: { N: '3' },
    ratio: { N: '0.5' },
    active: { BOOL: true },
    note: { NULL: true },
    tags: { L: [{ S: 'a' }, { S: 'b' }] },
    meta: { M: { owner: { S: 'me' } } },
  };

  expect(fromDynamoDB(stored)).toEqual({
    id: '1',
    count: 3,
    ratio: 0.5,
    active: true,
    note: null,
    tags: ['a', 'b'],
    meta: { owner: 'me' },
  });
});

test('sets read as sorted lists', () => {
  const item = fromDynamoDB({
    id: { S: '1' },
    names: { SS: ['b', 'a'] },
    sizes: { NS: ['10', '9'] },
  });

  expect(item).toMatchObject({ names: ['a', 'b'], sizes: [9, 10] });
});
