/**
 * Reacts to every insert, change and removal in the items table.
 *
 * The stream carries new and old images, unmarshalled here into plain objects.
 * Only the records that fail are retried (partial batch response).
 */
import { isDeepStrictEqual } from 'node:util';
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaHandler, logger } from '../lib/lambda';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

type Item = Record<string, unknown>;

export type Change =
  | { change: 'inserted'; id: unknown }
  | { change: 'modified'; id: unknown; fields: string[] }
  | { change: 'removed'; id: unknown };

export function onInsert(inserted: Item): Change {
  return { change: 'inserted', id: inserted.id };
}

export function onModify(old: Item, updated: Item): Change {
  const names = new Set([...Object.keys(old), ...Object.keys(updated)]);
  const fields = [...names]
    .filter((name) => !isDeepStrictEqual(old[name], updated[name]))
    .sort();
  return { change: 'modified', id: updated.id, fields };
}

export function onRemove(old: Item): Change {
  return { change: 'removed', id: old.id };
}

/** What happened to one item; REMOVE records carry no new image. */
export function describeChange(record: DynamoDBRecord): Change {
  const image = (name: 'NewImage' | 'OldImage'): Item => {
    const found = record.dynamodb?.[name];
    if (found === undefined) {
      throw new Error(`record ${record.eventID} has no ${name}`);
    }
    return unmarshall(found as Record<string, AttributeValue>);
  };
  if (record.eventName === 'INSERT') {
    return onInsert(image('NewImage'));
  }
  if (record.eventName === 'MODIFY') {
    return onModify(image('OldImage'), image('NewImage'));
  }
  return onRemove(image('OldImage'));
}

async function processRecord(record: DynamoDBRecord): Promise<Change> {
  const change = describeChange(record);
  logger.info('item changed', { ...change });
  return change;
}

export const handler = lambdaHandler(async (event: DynamoDBStreamEvent, context) =>
  // In order: the changes of one item arrive one after the other.
  processPartialResponse(event, processRecord, processor, {
    context,
    processInParallel: false,
  }),
);
