/**
 * An S3 bucket in memory behind the mocked SDK client: the reads and writes of
 * the uploads handler, with S3's answers.
 */
import { createHash } from 'node:crypto';
import {
  HeadObjectCommand,
  type HeadObjectCommandInput,
  NoSuchBucket,
  NotFound,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

interface StoredObject {
  body: Buffer;
  contentType?: string;
}

export class FakeBucket {
  private readonly objects = new Map<string, StoredObject>();

  constructor(readonly name: string) {}

  put(key: string, body: string, contentType?: string): void {
    this.objects.set(key, { body: Buffer.from(body), contentType });
  }

  keys(): string[] {
    return [...this.objects.keys()].sort();
  }

  /** The object at `key`, read as JSON. */
  json(key: string): unknown {
    const found = this.objects.get(key);
    if (found === undefined) {
      throw new Error(`there is no object ${key}`);
    }
    return JSON.parse(found.body.toString('utf8'));
  }

  headObject(input: HeadObjectCommandInput) {
    this.check(input.Bucket);
    const found = this.objects.get(input.Key ?? '');
    if (found === undefined) {
      throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
    }
    return {
      ContentLength: found.body.length,
      ContentType: found.contentType,
      ETag: `"${createHash('md5').update(found.body).digest('hex')}"`,
    };
  }

  putObject(input: PutObjectCommandInput) {
    this.check(input.Bucket);
    if (typeof input.Body !== 'string') {
      throw new Error('the fake bucket stores string bodies');
    }
    this.put(input.Key ?? '', input.Body, input.ContentType);
    return {};
  }

  private check(bucket: string | undefined): void {
    if (bucket !== this.name) {
      throw new NoSuchBucket({
        message: 'The specified bucket does not exist',
        $metadata: { httpStatusCode: 404 },
      });
    }
  }
}

/** An empty bucket named `name`, which every S3 client of the code talks to. */
export function fakeBucket(name: string): FakeBucket {
  const bucket = new FakeBucket(name);
  const s3 = mockClient(S3Client);
  s3.on(HeadObjectCommand).callsFake((input: HeadObjectCommandInput) => bucket.headObject(input));
  s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => bucket.putObject(input));
  return bucket;
}
