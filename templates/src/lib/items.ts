/**
 * The items table: what an item is and how it is stored.
 *
 * Handlers build one `ItemTable` at module load and reuse it across invocations.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type JsonObject, isJsonObject, parseJson } from './json';

export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface Item {
  id: string;
  name: string;
  createdAt: string;
  description?: string;
  [field: string]: unknown;
}

export interface Page {
  items: Item[];
  cursor: string | null;
}

type Key = Record<string, AttributeValue>;

/** An item, a page size or a cursor that breaks the rules below. */
export class InvalidItem extends Error {
  name = 'InvalidItem';
}

const KNOWN_FIELDS = new Set(['name', 'description']);

/** A new item from a client's fields: a name, maybe a description. */
export function newItem(fields: JsonObject): Item {
  const unknown = Object.keys(fields)
    .filter((field) => !KNOWN_FIELDS.has(field))
    .sort();
  if (unknown.length > 0) {
    throw new InvalidItem(`unknown field '${unknown[0]}'`);
  }

  const { name, description } = fields;
  if (typeof name !== 'string' || !name.trim()) {
    throw new InvalidItem("'name' is required and must be a non-empty string");
  }
  if (characters(name) > MAX_NAME_LENGTH) {
    throw new InvalidItem(`'name' is longer than ${MAX_NAME_LENGTH} characters`);
  }

  const item: Item = {
    id: randomUUID(),
    name: name.trim(),
    createdAt: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
  };
  if (description !== undefined && description !== null) {
    if (typeof description !== 'string') {
      throw new InvalidItem("'description' must be a string");
    }
    if (characters(description) > MAX_DESCRIPTION_LENGTH) {
      throw new InvalidItem(
        `'description' is longer than ${MAX_DESCRIPTION_LENGTH} characters`,
      );
    }
    item.description = description;
  }
  return item;
}

/** Characters as a reader counts them: an emoji is one, not two UTF-16 units. */
function characters(text: string): number {
  return [...text].length;
}

/** The `limit` query parameter: 1 to 100, 25 when absent. */
export function pageSize(text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_PAGE_SIZE;
  }
  const size = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(size >= 1 && size <= MAX_PAGE_SIZE)) {
    throw new InvalidItem(`'limit' must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

export function encodeCursor(lastKey: Key): string {
  return Buffer.from(JSON.stringify(lastKey)).toString('base64url');
}

/** The key a cursor holds; only a cursor this API returned has one. */
export function decodeCursor(cursor: string): Key {
  const lastKey = parseJson(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!isJsonObject(lastKey) || !isItemKey(lastKey)) {
    throw new InvalidItem("'cursor' is not a cursor this API returned");
  }
  return lastKey;
}

function isItemKey(key: JsonObject): key is Key {
  const id = key.id;
  return (
    Object.keys(key).length === 1 &&
    isJsonObject(id) &&
    Object.keys(id).length === 1 &&
    typeof id.S === 'string'
  );
}

/** The DynamoDB table of items, keyed by `id`. */
export class ItemTable {
  constructor(
    private readonly client: DynamoDBClient,
    readonly name: string,
  ) {}

  async get(itemId: string): Promise<Item | undefined> {
    const answer = await this.client.send(
      new GetItemCommand({ TableName: this.name, Key: itemKey(itemId) }),
    );
    return answer.Item ? fromDynamoDB(answer.Item) : undefined;
  }

  async put(item: Item): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.name,
        Item: marshall(item, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );
  }

  /** Removes an item; false when there was none. */
  async delete(itemId: string): Promise<boolean> {
    const answer = await this.client.send(
      new DeleteItemCommand({
        TableName: this.name,
        Key: itemKey(itemId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return answer.Attributes !== undefined;
  }

  /** Up to `limit` items, and the cursor of the next page if there is one. */
  async page(limit: number, cursor?: string): Promise<Page> {
    const answer = await this.client.send(
      new ScanCommand({
        TableName: this.name,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor) : undefined,
      }),
    );
    return {
      items: (answer.Items ?? []).map(fromDynamoDB),
      cursor: answer.LastEvaluatedKey ? encodeCursor(answer.LastEvaluatedKey) : null,
    };
  }
}

function itemKey(itemId: string): Key {
  return { id: { S: itemId } };
}

/** An item as JSON can carry it: its sets (which JSON lacks) as sorted lists. */
export function fromDynamoDB(item: Record<string, AttributeValue>): Item {
  return withSetsAsLists(unmarshall(item)) as Item;
}

function withSetsAsLists(value: unknown): unknown {
  if (value instanceof Set) {
    const members = [...(value as Set<string | number>)];
    return members.sort((first, second) => (first < second ? -1 : first > second ? 1 : 0));
  }
  if (Array.isArray(value)) {
    return value.map(withSetsAsLists);
  }
  if (isJsonObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [name, withSetsAsLists(inner)]),
    );
  }
  return value;
}
