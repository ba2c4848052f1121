import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { BlobNotFoundError, type BlobStorage } from './blob-storage';

export type S3StorageOptions = {
  bucket: string;
  region: string;
  /** Set for S3-compatible servers (MinIO, Ceph, s3rver): path-style addressing, no AWS-only checksum features. */
  endpoint?: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  /** Streams larger than this go up as a multipart upload in parts of this size (S3's minimum is 5 MiB). */
  partSizeBytes?: number;
};

const MIN_PART = 5 * 1024 * 1024;

/** Attachments as objects in one bucket; streams of unknown length are buffered one part at a time. */
export function s3Storage(opts: S3StorageOptions): BlobStorage {
  const client = new S3Client({
    region: opts.region,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    ...(opts.endpoint && {
      endpoint: opts.endpoint,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED' as const,
      responseChecksumValidation: 'WHEN_REQUIRED' as const,
    }),
  });
  const Bucket = opts.bucket;
  const partSize = Math.max(MIN_PART, opts.partSizeBytes ?? 8 * 1024 * 1024);

  const putBuffer = async (Key: string, Body: Buffer, ContentType: string) => {
    await client.send(new PutObjectCommand({ Bucket, Key, Body, ContentType, ContentLength: Body.length }));
  };

  // PutObject needs a known length; an upload stream has none, so small ones are buffered and large ones sent in parts.
  async function putStream(Key: string, body: Readable, ContentType: string): Promise<void> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let uploadId: string | undefined;
    const parts: CompletedPart[] = [];
    const sendPart = async (data: Buffer) => {
      uploadId ??= (await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType }))).UploadId;
      const PartNumber = parts.length + 1;
      const res = await client.send(new UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber, Body: data, ContentLength: data.length }));
      parts.push({ PartNumber, ETag: res.ETag });
    };
    try {
      for await (const chunk of body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        pending.push(buf);
        pendingBytes += buf.length;
        if (pendingBytes >= partSize) {
          await sendPart(Buffer.concat(pending));
          pending = [];
          pendingBytes = 0;
        }
      }
      const rest = Buffer.concat(pending);
      if (uploadId === undefined) return await putBuffer(Key, rest, ContentType);
      if (rest.length > 0) await sendPart(rest);
      await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (err) {
      if (uploadId !== undefined) {
        // Best effort: the upload's own error is what the caller must see; a bucket lifecycle rule reaps leftovers.
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: uploadId })).catch(() => undefined);
      }
      throw err;
    }
  }

  return {
    async put(key, body, contentType) {
      if (Buffer.isBuffer(body)) await putBuffer(key, body, contentType);
      else await putStream(key, body, contentType);
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!(res.Body instanceof Readable)) throw new Error(`S3 returned no readable body for ${key}`);
        return res.Body;
      } catch (err) {
        if (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)) {
          throw new BlobNotFoundError(key);
        }
        throw err;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
