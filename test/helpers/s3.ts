import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export type TestS3 = { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; close: () => Promise<void> };

/** A real S3-compatible server (s3rver) on a random loopback port with one empty bucket; it stops on close. */
export async function startTestS3(bucket = 'lantern-test'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'lantern-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    // s3rver checks signatures against these fixed credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
