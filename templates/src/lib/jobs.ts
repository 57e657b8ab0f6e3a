/** The jobs of the work queue: what a job is, and the work it asks for. */
import { type JsonObject, isJsonObject, isNonEmptyString, parseJson } from './json';
import { logger } from './lambda';

export interface Job extends JsonObject {
  jobId: string;
}

export interface JobResult {
  jobId: string;
  status: 'done';
}

/** A message that is not a job; it fails until it reaches the dead-letter queue. */
export class InvalidJob extends Error {
  name = 'InvalidJob';
}

/** The job in a message body: a JSON object with a `jobId`. */
export function parseJob(body: string): Job {
  const job = parseJson(body);
  if (job === undefined) {
    throw new InvalidJob('the message body is not JSON');
  }
  if (!isJsonObject(job)) {
    throw new InvalidJob('the message body must be a JSON object');
  }
  if (!isNonEmptyString(job.jobId)) {
    throw new InvalidJob("'jobId' is required and must be a non-empty string");
  }
  return job as Job;
}

/** The work of one job: this is where the service's own logic goes. */
export async function runJob(job: Job): Promise<JobResult> {
  logger.info('job done', { job_id: job.jobId });
  return { jobId: job.jobId, status: 'done' };
}
