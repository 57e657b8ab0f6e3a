/**
 * Runs the scheduled job each time EventBridge Scheduler fires.
 *
 * The schedule passes its scheduled time and execution id; a run that fails is
 * retried by Lambda twice, then recorded in the dead-letter queue.
 */
import { isJsonObject } from '../lib/json';
import { lambdaHandler, logger } from '../lib/lambda';

export interface SchedulePayload {
  scheduledTime?: unknown;
  executionId?: unknown;
}

export interface Run {
  scheduledTime: string;
  status: 'done';
}

/** A payload that did not come from the schedule. */
export class InvalidRun extends Error {
  name = 'InvalidRun';
}

// A date and a time with a zone, as the schedule writes <aws.scheduler.scheduled-time>.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** When this run was due, from the schedule's payload. */
export function scheduledTime(payload: unknown): Date {
  const text = isJsonObject(payload) ? payload.scheduledTime : undefined;
  const due = typeof text === 'string' && ISO_8601.test(text) ? new Date(text) : undefined;
  if (due === undefined || Number.isNaN(due.getTime())) {
    throw new InvalidRun("'scheduledTime' must be an ISO 8601 time");
  }
  return due;
}

/** The time in UTC, to the second: 2026-12-03T17:00:00+00:00. */
export function utcTime(time: Date): string {
  return time.toISOString().replace(/\.000Z$/, '+00:00').replace(/Z$/, '+00:00');
}

/** The scheduled work: this is where the service's own logic goes. */
export async function runJob(due: Date): Promise<Run> {
  logger.info('scheduled job done', { scheduled_time: utcTime(due) });
  return { scheduledTime: utcTime(due), status: 'done' };
}

export const handler = lambdaHandler(
  async (event: SchedulePayload) => runJob(scheduledTime(event)),
  'executionId',
);
