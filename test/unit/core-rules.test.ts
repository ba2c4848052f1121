import test from 'ava';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../core/cursor';
import { validateCustomFields, type CustomFieldDefinition } from '../../core/custom-fields';
import { LanternError } from '../../core/errors';
import { effectivePermissions, ROLE_PERMISSIONS } from '../../core/permissions';
import { toStoredBody } from '../../core/rich-text';
import { normalizeTags } from '../../core/tags';

const defs: CustomFieldDefinition[] = [
  { key: 'plan', type: 'single_select', required: true, options: ['free', 'pro'], active: true },
  { key: 'seats', type: 'number', required: false, options: [], active: true },
  { key: 'renewal', type: 'date', required: false, options: [], active: true },
  { key: 'areas', type: 'multi_select', required: false, options: ['eu', 'us'], active: true },
  { key: 'owner', type: 'user_ref', required: false, options: [], active: true },
  { key: 'old', type: 'text', required: false, options: [], active: false },
];

test('custom fields: valid values pass and references are reported for checking', (t) => {
  const { references } = validateCustomFields(defs, { plan: 'pro', seats: 5, renewal: '2027-01-31', areas: ['eu'], owner: 7 }, { partial: false });
  t.deepEqual(references.workerIds, [7]);
});

test('custom fields: every problem is named by path', (t) => {
  const err = t.throws(() => validateCustomFields(defs, { seats: 'five', renewal: '31/01/2027', areas: ['mars'], unknown: 1, old: 'x' }, { partial: false }), { instanceOf: LanternError });
  const paths = err!.details.fields!.map((f) => f.path).sort();
  t.deepEqual(paths, ['customFields.areas', 'customFields.old', 'customFields.plan', 'customFields.renewal', 'customFields.seats', 'customFields.unknown']);
});

test('custom fields: partial updates skip required checks but cannot clear a required field', (t) => {
  t.notThrows(() => validateCustomFields(defs, { seats: 2 }, { partial: true }));
  t.throws(() => validateCustomFields(defs, { plan: null }, { partial: true }), { instanceOf: LanternError });
});

test('tags are normalized and invalid ones rejected', (t) => {
  t.deepEqual(normalizeTags([' VIP ', 'vip', 'billing:eu', 'Ünicode']), ['vip', 'billing:eu', 'ünicode']);
  t.throws(() => normalizeTags(['has space']), { instanceOf: LanternError });
  t.throws(() => normalizeTags(['x'.repeat(65)]), { instanceOf: LanternError });
});

test('cursor round-trips and rejects anything it did not make', (t) => {
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 100 }), fc.integer(), fc.constant(null)), fc.nat(), (v, id) => {
    const c = decodeCursor(encodeCursor({ v, id }));
    return c.v === v && c.id === id;
  }));
  for (const bad of ['', 'abc', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,-2]').toString('base64url'), Buffer.from('[{},1]').toString('base64url')]) {
    t.throws(() => decodeCursor(bad), { instanceOf: LanternError }, bad);
  }
});

test('rich text: scripts, handlers and javascript: links are removed; text is derived', (t) => {
  const body = toStoredBody({ html: '<p onclick="x()">Hi <a href="javascript:alert(1)">there</a><script>steal()</script><img src=x onerror=alert(1)></p>' });
  t.false(/script|onclick|onerror|javascript:/i.test(body.html));
  t.is(body.text, 'Hi there');
  const plain = toStoredBody({ text: 'Line <1>\nLine 2\n\nPara 2' });
  t.is(plain.html, '<p>Line &lt;1&gt;<br>Line 2</p><p>Para 2</p>');
});

test('permissions: scopes only narrow a role; plugins get only grantable scopes', (t) => {
  const narrowed = effectivePermissions('agent', ['tickets:read', 'webhooks:manage']);
  t.true(narrowed.has('tickets:read'));
  t.false(narrowed.has('webhooks:manage'), 'a scope the role lacks is not granted');
  t.false(narrowed.has('tickets:update'));
  const plugin = effectivePermissions('plugin', ['tickets:create', 'api_keys:manage', 'bogus']);
  t.deepEqual([...plugin], ['tickets:create']);
  t.false(ROLE_PERMISSIONS.customer.has('notes:read'));
  t.false(ROLE_PERMISSIONS.agent.has('tickets:read_all'));
});
