/**
 * Handles the project's events from EventBridge.
 *
 * The rule sends events whose source is the project's name. The `detail` must
 * name the subject (`id`) and what to do with it (`action`); an event without them
 * throws, is retried twice, and lands in the dead-letter queue.
 */
import { correlationPaths } from '@aws-lambda-powertools/logger/correlationId';
import type { EventBridgeEvent } from 'aws-lambda';
import { type JsonObject, isJsonObject, isNonEmptyString } from '../lib/json';
import { lambdaHandler, logger } from '../lib/lambda';

export interface Detail extends JsonObject {
  id: string;
  action: string;
}

export interface Outcome {
  id: string;
  action: string;
  status: 'done';
}

/** An event whose detail this service cannot act on. */
export class InvalidEvent extends Error {
  name = 'InvalidEvent';
}

/** The detail of an event: an object with a string `id` and `action`. */
export function parseDetail(detail: unknown): Detail {
  if (!isJsonObject(detail)) {
    throw new InvalidEvent('the detail must be a JSON object');
  }
  for (const field of ['id', 'action']) {
    if (!isNonEmptyString(detail[field])) {
      throw new InvalidEvent(`'${field}' is required in the detail`);
    }
  }
  return detail as Detail;
}

/** The work an event asks for: this is where the service's own logic goes. */
export async function actOn(detailType: string, detail: Detail): Promise<Outcome> {
  logger.info('event handled', { detail_type: detailType, ...detail });
  return { id: detail.id, action: detail.action, status: 'done' };
}

export const handler = lambdaHandler(
  async (event: EventBridgeEvent<string, unknown>) =>
    actOn(event['detail-type'], parseDetail(event.detail)),
  correlationPaths.EVENT_BRIDGE,
);
