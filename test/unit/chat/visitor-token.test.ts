import test from 'ava';
import { chatClientMessage } from '../../../core/schemas/chat.schema';
import { issueVisitorToken, verifyVisitorToken, VISITOR_TOKEN_TTL_SECONDS } from '../../../services/chat/visitor-token';

const config = { secretKey: 'unit-test-secret-key-0123456789abcdef', dataDir: '/nonexistent' };
const other = { ...config, secretKey: 'another-secret-key-0123456789abcdef' };

test('a visitor token verifies to its customer id until it expires', (t) => {
  const now = Date.UTC(2026, 10, 25, 12);
  const { token, expiresAt } = issueVisitorToken(config, 42, now);
  t.regex(token, /^lv_42\.\d+\.[\w-]{43}$/);
  t.is(verifyVisitorToken(config, token, now), 42);
  t.is(expiresAt.getTime(), now + VISITOR_TOKEN_TTL_SECONDS * 1000);
  t.is(verifyVisitorToken(config, token, expiresAt.getTime()), null, 'expired');
});

test('altered, foreign-key and malformed tokens are refused', (t) => {
  const now = Date.UTC(2026, 10, 25, 12);
  const { token } = issueVisitorToken(config, 42, now);
  const [, exp, sig] = /^lv_\d+\.(\d+)\.(.+)$/.exec(token)!;
  t.is(verifyVisitorToken(config, `lv_43.${exp}.${sig}`, now), null, 'other customer id');
  t.is(verifyVisitorToken(config, `lv_42.${Number(exp) + 1000}.${sig}`, now), null, 'extended expiry');
  t.is(verifyVisitorToken(other, token, now), null, 'signed with another key');
  for (const bad of ['', 'lv_', 'lv_42', `lv_42.${exp}`, `${token}x`, token.replace('lv_', 'lk_')]) t.is(verifyVisitorToken(config, bad, now), null, bad);
});

test('chat frames: known types only, strict fields, transfer names exactly one target', (t) => {
  t.true(chatClientMessage.safeParse({ type: 'message', text: 'hi' }).success);
  t.false(chatClientMessage.safeParse({ type: 'message', text: '   ' }).success);
  t.false(chatClientMessage.safeParse({ type: 'message', text: 'hi', extra: 1 }).success);
  t.false(chatClientMessage.safeParse({ type: 'shout' }).success);
  t.true(chatClientMessage.safeParse({ type: 'transfer', teamId: 3 }).success);
  t.false(chatClientMessage.safeParse({ type: 'transfer' }).success);
  t.false(chatClientMessage.safeParse({ type: 'transfer', teamId: 3, workerId: 4 }).success);
  t.false(chatClientMessage.safeParse({ type: 'read', upToEntryId: -1 }).success);
});
