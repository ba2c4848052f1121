import test from 'ava';
import { mapGraphError } from '../../../plugins/meta/src/graph-api';
import { parseMetaWebhook } from '../../../plugins/meta/src/meta-events';
import { hubSignature256, validHubSignature } from '../../../plugins/meta/src/meta-signature';
import { HUMAN_AGENT_WINDOW_MS, messagingTypeFor, STANDARD_WINDOW_MS } from '../../../plugins/meta/src/messaging-window';
import { PluginError } from '../../../plugins/sdk/plugin-error';

const BODY = '{"object":"page","entry":[]}';

test('X-Hub-Signature-256: matches an openssl-computed HMAC, rejects any change', (t) => {
  // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'app-secret-123'
  const expected = 'sha256=045d425314376ceef02357beda9d40971b523021cc4baad4e55bde33d2691f03';
  t.is(hubSignature256('app-secret-123', BODY), expected);
  t.true(validHubSignature('app-secret-123', Buffer.from(BODY), expected));
  t.true(validHubSignature('app-secret-123', Buffer.from(BODY), expected.toUpperCase().replace('SHA256=', 'sha256=')));
  t.false(validHubSignature('app-secret-124', Buffer.from(BODY), expected));
  t.false(validHubSignature('app-secret-123', Buffer.from(`${BODY} `), expected));
  t.false(validHubSignature('app-secret-123', Buffer.from(BODY), undefined));
  t.false(validHubSignature('app-secret-123', Buffer.from(BODY), expected.replace('sha256=', 'sha1=')));
});

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const rejects = (t: import('ava').ExecutionContext, fn: () => unknown, re: RegExp) => {
  const err = t.throws(fn);
  t.true(err instanceof PluginError);
  t.is((err as PluginError).code, 'failed_precondition');
  t.regex(err!.message, re);
};

test('24-hour window: RESPONSE inside, refused outside without a tag', (t) => {
  t.deepEqual(messagingTypeFor({ nowMs: NOW, lastInboundAtMs: NOW - 60_000 }), { messaging_type: 'RESPONSE' });
  t.deepEqual(messagingTypeFor({ nowMs: NOW, lastInboundAtMs: NOW - STANDARD_WINDOW_MS }), { messaging_type: 'RESPONSE' });
  rejects(t, () => messagingTypeFor({ nowMs: NOW, lastInboundAtMs: NOW - STANDARD_WINDOW_MS - 1 }), /24-hour.*24 h ago/);
  rejects(t, () => messagingTypeFor({ nowMs: NOW, lastInboundAtMs: 0 }), /never/);
});

test('24-hour window: a configured tag sends outside it; HUMAN_AGENT only up to 7 days', (t) => {
  t.deepEqual(messagingTypeFor({ nowMs: NOW, lastInboundAtMs: NOW - 60_000, tag: 'HUMAN_AGENT' }), { messaging_type: 'RESPONSE' });
  t.deepEqual(messagingTypeFor({ nowMs: NOW, lastInboundAtMs: NOW - 3 * 24 * 3600_000, tag: 'HUMAN_AGENT' }), { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  rejects(t, () => messagingTypeFor({ nowMs: NOW, lastInboundAtMs: NOW - HUMAN_AGENT_WINDOW_MS - 1, tag: 'HUMAN_AGENT' }), /7-day/);
  t.deepEqual(messagingTypeFor({ nowMs: NOW, lastInboundAtMs: NOW - 30 * 24 * 3600_000, tag: 'ACCOUNT_UPDATE' }), { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' });
});

test('webhook parsing: messages with attachments, echoes skipped, deliveries and reads', (t) => {
  const events = parseMetaWebhook({
    object: 'page',
    entry: [{
      id: 'PAGE',
      time: 1,
      messaging: [
        { sender: { id: '111' }, recipient: { id: 'PAGE' }, timestamp: 1000, message: { mid: 'm_1', text: 'hello', attachments: [{ type: 'image', payload: { url: 'https://cdn/x.jpg' } }, { type: 'fallback' }] } },
        { sender: { id: 'PAGE' }, recipient: { id: '111' }, timestamp: 1001, message: { mid: 'm_2', text: 'echo', is_echo: true } },
        { sender: { id: '111' }, recipient: { id: 'PAGE' }, timestamp: 1002, delivery: { mids: ['m_9'], watermark: 1002 } },
        { sender: { id: '111' }, recipient: { id: 'PAGE' }, timestamp: 1003, read: { watermark: 1003 } },
        { sender: { id: '111' }, recipient: { id: 'PAGE' }, timestamp: 1004, postback: { payload: 'X' } } as never,
      ],
    }],
  });
  t.deepEqual(events, [
    { kind: 'message', channel: 'messenger', mid: 'm_1', senderId: '111', pageId: 'PAGE', text: 'hello', timestamp: 1000, attachments: [{ type: 'image', url: 'https://cdn/x.jpg' }], replyToMid: '' },
    { kind: 'delivery', channel: 'messenger', senderId: '111', mids: ['m_9'], watermark: 1002 },
    { kind: 'read', channel: 'messenger', senderId: '111', watermark: 1003, mid: '' },
  ]);
  t.is(parseMetaWebhook({ object: 'instagram', entry: [{ messaging: [{ sender: { id: '5' }, message: { mid: 'ig_1', text: 'hi' } }] }] })[0]?.channel, 'instagram');
  t.deepEqual(parseMetaWebhook({ object: 'whatsapp_business_account', entry: [] }), []);
});

test('Graph errors map to the contract\'s status codes', (t) => {
  const e = (http: number, code?: number, sub?: number) => mapGraphError(http, code === undefined ? undefined : { error: { message: 'm', code, ...(sub ? { error_subcode: sub } : {}) } });
  t.is(e(400, 10, 2018278).code, 'failed_precondition');
  t.is(e(400, 10, 2018278).providerCode, '10/2018278');
  t.is(e(400, 551).code, 'failed_precondition');
  t.is(e(400, 190).code, 'failed_precondition');
  t.is(e(403, 200).code, 'failed_precondition');
  t.is(e(400, 613).code, 'resource_exhausted');
  t.is(e(400, 4).code, 'resource_exhausted');
  t.is(e(400, 100, 2018001).code, 'invalid_argument');
  t.is(e(500, 2).code, 'unavailable');
  t.is(e(502).code, 'unavailable');
});
