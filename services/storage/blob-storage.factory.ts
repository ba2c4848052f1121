import { join } from 'node:path';
import type { Config } from '../../config/config';
import type { BlobStorage } from './blob-storage';
import { localStorage } from './local-storage';
import { s3Storage } from './s3-storage';

/** The storage the configuration asks for: S3-compatible when LANTERN_STORAGE=s3, else files under the data dir. */
export function createBlobStorage(config: Pick<Config, 'storage' | 'dataDir'>): BlobStorage {
  const s = config.storage;
  if (s.kind === 'local') return localStorage(join(config.dataDir, 'attachments'));
  return s3Storage({ bucket: s.bucket, region: s.region, endpoint: s.endpoint, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey });
}
