/**
 * Storage conformance: every BlobStorage backend must pass the same suite ("answer exactly or throw").
 * S3 runs against a real S3-compatible server (s3rver) on loopback, built through the config factory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import test from 'ava';
import { loadConfig } from '../../config/config';
import { BlobNotFoundError, type BlobStorage } from '../../services/storage/blob-storage';
import { createBlobStorage } from '../../services/storage/blob-storage.factory';
import { startTestS3, type TestS3 } from '../helpers/s3';

type Backend = { storage: BlobStorage; close: () => Promise<void> };

const backends: Record<string, () => Promise<Backend>> = {
  local: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lantern-blob-'));
    return { storage: createBlobStorage(loadConfig({ LANTERN_DATA_DIR: dataDir })), close: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  s3: async () => {
    const s3: TestS3 = await startTestS3();
    const config = loadConfig({
      LANTERN_STORAGE: 's3', LANTERN_S3_ENDPOINT: s3.endpoint, LANTERN_S3_BUCKET: s3.bucket,
      LANTERN_S3_ACCESS_KEY_ID: s3.accessKeyId, LANTERN_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    return { storage: createBlobStorage(config), close: s3.close };
  },
};

const key = () => `${new Date().getUTCFullYear()}/01/${randomUUID()}`;

/** A stream of unknown length, delivered in uneven chunks like a network upload. */
function chunked(data: Buffer, chunkSize = 64 * 1024 + 7): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, i + chunkSize);
  })(), { objectMode: false });
}

for (const [name, make] of Object.entries(backends)) {
  let backend: Backend;
  test.before(async () => { backend = await make(); });
  test.after.always(async () => backend?.close());

  test(`${name}: a buffer put comes back byte for byte`, async (t) => {
    const k = key();
    const data = randomBytes(1000);
    await backend.storage.put(k, data, 'application/octet-stream');
    t.deepEqual(await buffer(await backend.storage.get(k)), data);
  });

  test(`${name}: a streamed put of unknown length comes back byte for byte`, async (t) => {
    const k = key();
    const data = randomBytes(300 * 1024);
    await backend.storage.put(k, chunked(data), 'image/png');
    t.deepEqual(await buffer(await backend.storage.get(k)), data);
  });

  test(`${name}: a stream larger than one S3 part (multipart upload) comes back whole`, async (t) => {
    const k = key();
    const data = randomBytes(11 * 1024 * 1024 + 123);
    await backend.storage.put(k, chunked(data, 1024 * 1024), 'application/zip');
    const back = await buffer(await backend.storage.get(k));
    t.is(back.length, data.length);
    t.true(back.equals(data));
  });

  test(`${name}: a missing key fails with BlobNotFoundError naming the key`, async (t) => {
    const k = key();
    const err = await t.throwsAsync(backend.storage.get(k), { instanceOf: BlobNotFoundError });
    t.is(err?.key, k);
    t.true(err?.message.includes(k));
  });

  test(`${name}: delete removes the blob, and deleting again is fine`, async (t) => {
    const k = key();
    await backend.storage.put(k, Buffer.from('bye'), 'text/plain');
    await backend.storage.delete(k);
    await t.throwsAsync(backend.storage.get(k), { instanceOf: BlobNotFoundError });
    await t.notThrowsAsync(backend.storage.delete(k));
  });

  test(`${name}: a source stream that fails makes put reject with that error`, async (t) => {
    const k = key();
    const boom = new Error('client went away');
    const failing = Readable.from((async function* () {
      yield randomBytes(100 * 1024);
      throw boom;
    })(), { objectMode: false });
    const err = await t.throwsAsync(backend.storage.put(k, failing, 'image/png'));
    t.is(err, boom);
    await backend.storage.delete(k);
    await t.throwsAsync(backend.storage.get(k), { instanceOf: BlobNotFoundError });
  });
}

test('the factory stores under <data dir>/attachments when LANTERN_STORAGE is unset', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-blob-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const storage = createBlobStorage(loadConfig({ LANTERN_DATA_DIR: dataDir }));
  await storage.put('2026/01/x', Buffer.from('x'), 'text/plain');
  t.true(existsSync(join(dataDir, 'attachments', '2026', '01', 'x')));
});

test('local storage refuses keys that escape its directory', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-blob-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const storage = createBlobStorage(loadConfig({ LANTERN_DATA_DIR: dataDir }));
  await t.throwsAsync(storage.put('../outside', Buffer.from('x'), 'text/plain'), { message: /escapes/ });
});
