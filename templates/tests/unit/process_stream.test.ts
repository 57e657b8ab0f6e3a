/** The items stream consumer: inserts, changes and removals. */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describeChange, handler, onModify } from '../../src/handlers/process_stream';
import { lambdaContext, sampleEvent } from './support/lambda';

function failedSequenceNumbers(response: {
  batchItemFailures: { itemIdentifier: string }[];
}): string[] {
  return response.batchItemFailures.map((failure) => failure.itemIdentifier);
}

test('insert, modify and remove are each described', () => {
  const event = sampleEvent<DynamoDBStreamEvent>('process_stream');
  const itemId = event.Records[0].dynamodb?.Keys?.id.S;

  const changes = event.Records.map(describeChange);

  expect(changes).toEqual([
    { change: 'inserted', id: itemId },
    { change: 'modified', id: itemId, fields: ['name'] },
    { change: 'removed', id: itemId },
  ]);
});

test('a remove has no new image and uses the old one', () => {
  const removal = sampleEvent<DynamoDBStreamEvent>('process_stream').Records[2];
  expect(removal.dynamodb?.NewImage).toBeUndefined();

  expect(describeChange(removal)).toEqual({
    change: 'removed',
    id: '0b6c2f5e-9d1a-4c3e-8f7a-2d4b6e8a1c3f',
  });
});

test('a good batch reports no failure', async () => {
  const response = await handler(sampleEvent('process_stream'), lambdaContext());

  expect(failedSequenceNumbers(response)).toEqual([]);
});

test('only the failing record is reported by sequence number', async () => {
  const event = sampleEvent<DynamoDBStreamEvent>('process_stream');
  const modify = event.Records[1].dynamodb;
  delete modify?.OldImage;

  const response = await handler(event, lambdaContext());

  expect(failedSequenceNumbers(response)).toEqual([modify?.SequenceNumber]);
});

test('a change lists added and removed fields', () => {
  const old = { id: '1', name: 'a', colour: 'red' };
  const updated = { id: '1', name: 'a', size: 3 };

  expect(onModify(old, updated)).toEqual({
    change: 'modified',
    id: '1',
    fields: ['colour', 'size'],
  });
});

test('a change compares lists and maps by value', () => {
  const old = { id: '1', tags: ['a', 'b'], size: { width: 2 } };
  const updated = { id: '1', tags: ['a', 'b'], size: { width: 3 } };

  expect(onModify(old, updated)).toMatchObject({ fields: ['size'] });
});
