import { createHmac } from 'node:crypto';
import test from 'ava';
import { loadConfig } from '../../config/config';
import { maxAttempts, nextRetryDelayMs, retryWindowMs } from '../../services/webhooks/webhook.retry';
import { computeSignature, newWebhookSecret, signatureHeader, verifyWebhookSignature } from '../../services/webhooks/webhook.signature';

const secret = 'whsec_unit-test-secret';
const body = JSON.stringify({ id: 7, type: 'ticket.created', occurredAt: '2026-01-01T00:00:00.000Z', data: { ticket: { id: 1 } } });
const t0 = 1_800_000_000;

test('the signature is hex HMAC-SHA256 over "<t>.<body>" and verifies with the same secret', (t) => {
  const header = signatureHeader(secret, t0, body);
  t.regex(header, /^t=1800000000,v1=[0-9a-f]{64}$/);
  // Independent check of the documented scheme (a receiver in another language computes exactly this).
  t.is(header.split('v1=')[1], createHmac('sha256', secret).update(`${t0}.${body}`).digest('hex'));
  t.deepEqual(verifyWebhookSignature({ secret, body, header, nowSeconds: t0 + 10 }), { ok: true, timestamp: t0 });
  t.deepEqual(verifyWebhookSignature({ secret, body: Buffer.from(body), header, nowSeconds: t0 }), { ok: true, timestamp: t0 });
});

test('tampered body, wrong secret, or a signature moved to another timestamp are rejected', (t) => {
  const header = signatureHeader(secret, t0, body);
  const mismatch = { ok: false, reason: 'signature_mismatch' };
  t.deepEqual(verifyWebhookSignature({ secret, body: body.replace('"id":7', '"id":8'), header, nowSeconds: t0 }), mismatch);
  t.deepEqual(verifyWebhookSignature({ secret: 'whsec_other', body, header, nowSeconds: t0 }), mismatch);
  const sig = header.split('v1=')[1];
  t.deepEqual(verifyWebhookSignature({ secret, body, header: `t=${t0 + 1},v1=${sig}`, nowSeconds: t0 }), mismatch);
});

test('timestamps outside the tolerance are rejected, inside are accepted', (t) => {
  const header = signatureHeader(secret, t0, body);
  t.deepEqual(verifyWebhookSignature({ secret, body, header, nowSeconds: t0 + 301 }), { ok: false, reason: 'timestamp_out_of_tolerance' });
  t.deepEqual(verifyWebhookSignature({ secret, body, header, nowSeconds: t0 - 301 }), { ok: false, reason: 'timestamp_out_of_tolerance' });
  t.true(verifyWebhookSignature({ secret, body, header, nowSeconds: t0 + 300 }).ok);
  t.true(verifyWebhookSignature({ secret, body, header, nowSeconds: t0 + 3600, toleranceSeconds: 3600 }).ok);
});

test('malformed headers are rejected without throwing', (t) => {
  for (const header of [undefined, null, '', 'garbage', `t=${t0}`, `v1=${'a'.repeat(64)}`, `t=abc,v1=${'a'.repeat(64)}`, `t=${t0},v1=zz`]) {
    t.deepEqual(verifyWebhookSignature({ secret, body, header, nowSeconds: t0 }), { ok: false, reason: 'malformed_header' }, String(header));
  }
});

test('any one matching v1 entry is enough (room for signing with two secrets during a roll-over)', (t) => {
  const good = computeSignature(secret, t0, body);
  const header = `t=${t0},v1=${'0'.repeat(64)},v1=${good}`;
  t.true(verifyWebhookSignature({ secret, body, header, nowSeconds: t0 }).ok);
});

test('secrets are whsec_ prefixed and unique', (t) => {
  const a = newWebhookSecret();
  t.regex(a, /^whsec_[A-Za-z0-9_-]{43}$/);
  t.not(a, newWebhookSecret());
});

test('the default retry schedule keeps retrying for at least 24 hours, with growing gaps', (t) => {
  const schedule = loadConfig({}).webhooks.retryScheduleMs;
  t.true(retryWindowMs(schedule) >= 24 * 3_600_000, `window is ${retryWindowMs(schedule) / 3_600_000} h`);
  for (let i = 1; i < schedule.length; i++) t.true(schedule[i]! >= schedule[i - 1]!, 'delays never shrink');
  t.is(maxAttempts(schedule), schedule.length + 1);
  t.is(nextRetryDelayMs(schedule, 1), schedule[0]!);
  t.is(nextRetryDelayMs(schedule, schedule.length), schedule.at(-1)!);
  t.is(nextRetryDelayMs(schedule, schedule.length + 1), null, 'after the last scheduled retry the delivery fails');
});

test('a tiny retry schedule can be configured for tests', (t) => {
  const schedule = loadConfig({ LANTERN_WEBHOOK_RETRY_SCHEDULE_MS: '100,200' }).webhooks.retryScheduleMs;
  t.deepEqual(schedule, [100, 200]);
  t.is(nextRetryDelayMs(schedule, 2), 200);
  t.is(nextRetryDelayMs(schedule, 3), null);
});
