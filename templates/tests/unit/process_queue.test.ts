/** The work queue consumer: partial batch failures and exactly-once jobs. */
import type { SQSEvent } from 'aws-lambda';
import { handler } from '../../src/handlers/process_queue';
import * as jobs from '../../src/lib/jobs';
import { fakeTable } from './support/fake-table';
import { lambdaContext, sampleEvent } from './support/lambda';

/** The ids of the jobs that really ran, in order. */
let jobsRun: string[];
let runJob: jest.SpyInstance<Promise<jobs.JobResult>, [jobs.Job]>;

beforeEach(() => {
  fakeTable('idempotency');
  jobsRun = [];
  const realRunJob = jobs.runJob;
  runJob = jest.spyOn(jobs, 'runJob').mockImplementation(async (job) => {
    const result = await realRunJob(job);
    jobsRun.push(job.jobId);
    return result;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

function failedIds(response: { batchItemFailures: { itemIdentifier: string }[] }): string[] {
  return response.batchItemFailures.map((failure) => failure.itemIdentifier);
}

test('a good batch reports no failure', async () => {
  const response = await handler(sampleEvent('process_queue'), lambdaContext());

  expect(failedIds(response)).toEqual([]);
  expect(jobsRun).toEqual(['job-0001', 'job-0002']);
});

test.each(['{not json', '["a", "list"]', '{"kind": "no job id"}'])(
  'only the poison message %s is reported',
  async (poisonBody) => {
    const event = sampleEvent<SQSEvent>('process_queue');
    const poison = { ...event.Records[0], messageId: 'poison-1', body: poisonBody };
    event.Records.splice(1, 0, poison);

    const response = await handler(event, lambdaContext());

    expect(failedIds(response)).toEqual(['poison-1']);
    expect(jobsRun).toEqual(['job-0001', 'job-0002']);
  },
);

test('a message delivered twice runs its job once', async () => {
  const first = sampleEvent<SQSEvent>('process_queue');
  const again = sampleEvent<SQSEvent>('process_queue');
  for (const record of again.Records) {
    record.attributes.ApproximateReceiveCount = '2';
  }

  await handler(first, lambdaContext());
  const response = await handler(again, lambdaContext());

  expect(failedIds(response)).toEqual([]);
  expect(jobsRun).toEqual(['job-0001', 'job-0002']);
});

test('a job that failed runs again on the next delivery', async () => {
  const event = sampleEvent<SQSEvent>('process_queue');
  const firstMessage = event.Records[0].messageId;
  const countingRunJob = runJob.getMockImplementation();
  runJob.mockImplementationOnce(async () => {
    throw new Error('downstream unavailable');
  });

  expect(failedIds(await handler(event, lambdaContext()))).toEqual([firstMessage]);

  runJob.mockImplementation(countingRunJob);
  expect(failedIds(await handler(event, lambdaContext()))).toEqual([]);
  expect(jobsRun).toEqual(['job-0002', 'job-0001']);
});

test('a batch that fails entirely throws so that Lambda retries it', async () => {
  runJob.mockRejectedValue(new Error('downstream unavailable'));

  await expect(handler(sampleEvent('process_queue'), lambdaContext())).rejects.toThrow(
    'All records failed',
  );
});

test('a job is parsed from its body', () => {
  expect(jobs.parseJob(JSON.stringify({ jobId: 'j' }))).toEqual({ jobId: 'j' });
  expect(() => jobs.parseJob('{')).toThrow(/not JSON/);
});
