import type { Readable } from 'node:stream';

/** Where attachment bytes live: a local directory by default, S3-compatible when configured. */
export type BlobStorage = {
  put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  /** Rejects with BlobNotFoundError when nothing is stored under the key. */
  get(key: string): Promise<Readable>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
};

/** The one failure every backend reports the same way, so callers need not know which backend they use. */
export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No blob is stored under key ${key}`);
    this.name = 'BlobNotFoundError';
  }
}
