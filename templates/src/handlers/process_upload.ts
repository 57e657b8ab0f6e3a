/**
 * Describes each object uploaded under the input prefix in a JSON result.
 *
 * Results go under the output prefix, which the trigger does not watch and the
 * function's role cannot write the input prefix: a result never triggers a run.
 */
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { environment, lambdaHandler, logger, sdkClient } from '../lib/lambda';

const s3 = sdkClient(S3Client);
const INPUT_PREFIX = environment('INPUT_PREFIX');
const OUTPUT_PREFIX = environment('OUTPUT_PREFIX');

export interface UploadDescription {
  bucket: string;
  key: string;
  size: number | undefined;
  contentType: string | null;
  etag: string | undefined;
}

/** Where the result of an upload goes: uploads/a/b.csv -> results/a/b.csv.json. */
export function resultKey(uploadKey: string): string {
  const name = uploadKey.startsWith(INPUT_PREFIX)
    ? uploadKey.slice(INPUT_PREFIX.length)
    : uploadKey;
  return `${OUTPUT_PREFIX}${name}.json`;
}

/** An S3 key as S3 sends it in events, URL-encoded with + for spaces, decoded. */
export function decodeKey(encoded: string): string {
  return decodeURIComponent(encoded.replaceAll('+', ' '));
}

export async function describeUpload(
  bucket: string,
  key: string,
): Promise<UploadDescription> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    bucket,
    key,
    size: head.ContentLength,
    contentType: head.ContentType ?? null,
    etag: head.ETag?.replace(/^"|"$/g, ''),
  };
}

/** Writes the description of one upload; undefined when the key is not an upload. */
export async function processUpload(bucket: string, key: string): Promise<string | undefined> {
  if (!key.startsWith(INPUT_PREFIX) || key.startsWith(OUTPUT_PREFIX)) {
    logger.warn('ignored an object outside the input prefix', { key });
    return undefined;
  }
  const target = resultKey(key);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: target,
      Body: JSON.stringify(await describeUpload(bucket, key)),
      ContentType: 'application/json',
    }),
  );
  return target;
}

export const handler = lambdaHandler(async (event: S3Event) => {
  const written: string[] = [];
  for (const record of event.Records) {
    // S3 sends keys URL-encoded: "monthly+report+%C3%A9t%C3%A9.csv".
    const key = decodeKey(record.s3.object.key);
    const target = await processUpload(record.s3.bucket.name, key);
    if (target) {
      written.push(target);
    }
  }
  return { written };
});
