import type { Readable } from 'node:stream';

/** Where attachment bytes live: a local directory by default, S3-compatible when configured. */
export type BlobStorage = {
  put(key: string, body: Buffer | Readable, contentType: string): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
};
