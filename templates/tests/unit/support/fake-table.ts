/**
 * A DynamoDB table in memory behind the mocked SDK client: the reads and
 * writes the handlers and Powertools idempotency make, with DynamoDB's answers.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  ResourceNotFoundException,
  ScanCommand,
  type ScanCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Row = Record<string, AttributeValue>;

export class FakeTable {
  private readonly rows = new Map<string, Row>();
  private exists = true;

  constructor(readonly name: string) {}

  /** The stored items, as plain objects, in key order. */
  items(): Record<string, unknown>[] {
    return this.sorted().map((row) => unmarshall(row));
  }

  /** Stores an item as it is, the way another writer would. */
  add(item: Record<string, unknown>): void {
    const row = marshall(item);
    this.rows.set(keyOf(row), row);
  }

  /** Deletes the table: every later call fails as it would on a missing table. */
  drop(): void {
    this.exists = false;
  }

  getItem(input: GetItemCommandInput) {
    this.check(input.TableName);
    return { Item: this.rows.get(keyOf(input.Key)) };
  }

  /**
   * A conditional put fails when the key is taken, which is what both the
   * items table's condition and an idempotency record's mean until the record
   * expires, a day later.
   */
  putItem(input: PutItemCommandInput) {
    this.check(input.TableName);
    const key = keyOf(input.Item);
    const existing = this.rows.get(key);
    if (input.ConditionExpression && existing) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
        Item: input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? existing : undefined,
      });
    }
    this.rows.set(key, { ...input.Item });
    return {};
  }

  /** Updates of the form SET #name = :value, ... */
  updateItem(input: UpdateItemCommandInput) {
    this.check(input.TableName);
    const assignments = /^SET\s+(.*)$/i.exec(input.UpdateExpression ?? '');
    if (!assignments) {
      throw new Error(`the fake table cannot run '${input.UpdateExpression}'`);
    }
    const key = keyOf(input.Key);
    const row: Row = { ...input.Key, ...this.rows.get(key) };
    for (const assignment of assignments[1].split(',')) {
      const [name, value] = assignment.split('=').map((part) => part.trim());
      const attribute = input.ExpressionAttributeNames?.[name] ?? name;
      row[attribute] = input.ExpressionAttributeValues?.[value] as AttributeValue;
    }
    this.rows.set(key, row);
    return {};
  }

  deleteItem(input: DeleteItemCommandInput) {
    this.check(input.TableName);
    const key = keyOf(input.Key);
    const existing = this.rows.get(key);
    this.rows.delete(key);
    return { Attributes: input.ReturnValues === 'ALL_OLD' ? existing : undefined };
  }

  /** Up to Limit rows in key order after ExclusiveStartKey, and the last key
   * read when rows remain. */
  scan(input: ScanCommandInput) {
    this.check(input.TableName);
    const start = input.ExclusiveStartKey ? keyOf(input.ExclusiveStartKey) : undefined;
    const after = this.sorted().filter((row) => start === undefined || keyOf(row) > start);
    const page = after.slice(0, input.Limit ?? after.length);
    const last = page.at(-1);
    const more = last !== undefined && page.length < after.length;
    return {
      Items: page,
      Count: page.length,
      LastEvaluatedKey: more ? { id: last.id } : undefined,
    };
  }

  private sorted(): Row[] {
    return [...this.rows.entries()]
      .sort(([first], [second]) => (first < second ? -1 : 1))
      .map(([, row]) => row);
  }

  private check(tableName: string | undefined): void {
    if (!this.exists || tableName !== this.name) {
      throw new ResourceNotFoundException({
        message: 'Requested resource not found',
        $metadata: { httpStatusCode: 400 },
      });
    }
  }
}

function keyOf(item: Row | undefined): string {
  const id = item?.id?.S;
  if (id === undefined) {
    throw new Error('the fake table holds items keyed by a string id');
  }
  return id;
}

/** An empty table named `name`, which every DynamoDB client of the code talks to. */
export function fakeTable(name: string): FakeTable {
  const table = new FakeTable(name);
  const dynamodb = mockClient(DynamoDBClient);
  dynamodb
    .on(GetItemCommand)
    .callsFake((input: GetItemCommandInput) => table.getItem(input));
  dynamodb
    .on(PutItemCommand)
    .callsFake((input: PutItemCommandInput) => table.putItem(input));
  dynamodb
    .on(UpdateItemCommand)
    .callsFake((input: UpdateItemCommandInput) => table.updateItem(input));
  dynamodb
    .on(DeleteItemCommand)
    .callsFake((input: DeleteItemCommandInput) => table.deleteItem(input));
  dynamodb
    .on(ScanCommand)
    .callsFake((input: ScanCommandInput) => table.scan(input));
  return table;
}
