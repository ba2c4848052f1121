import test from 'ava';
import { ConfigError, loadConfig } from '../../config/config';

test('defaults give a working single-machine configuration', (t) => {
  const c = loadConfig({});
  t.is(c.databaseUrl, undefined);
  t.is(c.http.port, 3000);
  t.is(c.storage.kind, 'local');
  const day = 24 * 3_600_000;
  t.true(c.webhooks.retryScheduleMs.reduce((a, b) => a + b, 0) >= day, 'webhook retries span at least 24 hours');
});

test('a wrong value stops start with a message naming each bad variable', (t) => {
  const err = t.throws(() => loadConfig({ LANTERN_PORT: 'eighty', DATABASE_URL: 'not a url', LANTERN_SEED_DEMO: 'maybe' }), { instanceOf: ConfigError });
  t.regex(err!.message, /LANTERN_PORT/);
  t.regex(err!.message, /DATABASE_URL/);
  t.regex(err!.message, /LANTERN_SEED_DEMO/);
});

test('s3 storage needs its bucket and credentials', (t) => {
  const err = t.throws(() => loadConfig({ LANTERN_STORAGE: 's3' }), { instanceOf: ConfigError });
  t.regex(err!.message, /LANTERN_S3_BUCKET/);
  const ok = loadConfig({ LANTERN_STORAGE: 's3', LANTERN_S3_BUCKET: 'b', LANTERN_S3_ACCESS_KEY_ID: 'k', LANTERN_S3_SECRET_ACCESS_KEY: 's' });
  t.is(ok.storage.kind, 's3');
});

test('unrelated environment variables are ignored and empty strings mean unset', (t) => {
  const c = loadConfig({ PATH: '/bin', LANTERN_PORT: '', HOME: '/root' });
  t.is(c.http.port, 3000);
});
