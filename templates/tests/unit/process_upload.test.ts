/** The uploads processor: decoded keys, results elsewhere, no self-trigger. */
import type { S3Event } from 'aws-lambda';
import { handler } from '../../src/handlers/process_upload';
import { type FakeBucket, fakeBucket } from './support/fake-bucket';
import { lambdaContext, sampleEvent } from './support/lambda';

const BUCKET = 'uploads-bucket';

let bucket: FakeBucket;

beforeEach(() => {
  bucket = fakeBucket(BUCKET);
});

/** The sample event for an object, with its key URL-encoded as S3 sends it. */
function uploadEvent(key: string): S3Event {
  const event = sampleEvent<S3Event>('process_upload');
  const record = event.Records[0].s3;
  record.bucket.name = BUCKET;
  record.object.key = encodeURIComponent(key).replaceAll('%2F', '/').replaceAll('%20', '+');
  return event;
}

function putCsv(key: string): void {
  bucket.put(key, 'a,b\n1,2\n', 'text/csv');
}

test('the sample key is decoded before use', async () => {
  putCsv('uploads/monthly report été.csv');
  const event = sampleEvent<S3Event>('process_upload');
  event.Records[0].s3.bucket.name = BUCKET;

  const response = await handler(event, lambdaContext());

  expect(response).toEqual({ written: ['results/monthly report été.csv.json'] });
});

test.each(['uploads/plain.csv', 'uploads/with space.csv', 'uploads/a+b.csv', 'uploads/日本.csv'])(
  'an upload %s is described under results',
  async (key) => {
    putCsv(key);

    await handler(uploadEvent(key), lambdaContext());

    const result = bucket.json(`results/${key.slice('uploads/'.length)}.json`);
    const { etag, ...description } = result as Record<string, unknown>;
    expect(description).toEqual({ bucket: BUCKET, key, size: 8, contentType: 'text/csv' });
    expect(etag).toMatch(/^[0-9a-f]{32}$/);
  },
);

test('an object under the output prefix is ignored', async () => {
  bucket.put('results/earlier.csv.json', '{}');

  const response = await handler(uploadEvent('results/earlier.csv.json'), lambdaContext());

  expect(response).toEqual({ written: [] });
  expect(bucket.keys()).toEqual(['results/earlier.csv.json']);
});

test('a missing object throws so that the event is retried', async () => {
  await expect(handler(uploadEvent('uploads/gone.csv'), lambdaContext())).rejects.toThrow(
    /Not Found/,
  );
});
