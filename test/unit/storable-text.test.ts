import test from 'ava';
import { isStorableText, unstorableTextPaths } from '../../core/storable-text';

test('NUL and unpaired surrogates are not storable; paired surrogates and other controls are', (t) => {
  t.false(isStorableText('a\u0000b'));
  t.false(isStorableText('\ud800'));
  t.false(isStorableText('x\udfff'));
  t.false(isStorableText('\ude00\ud83d'), 'a low surrogate before a high one is two lone halves');
  t.true(isStorableText('😀 emoji is a valid pair'));
  t.true(isStorableText('tab\tnewline\n\u202e\ufffd'));
});

test('paths name every bad value and key, however deep, without recursion', (t) => {
  t.deepEqual(unstorableTextPaths({ ok: 'fine', subject: 'a\u0000', tags: ['x', '\ud800'], nested: { 'k\u0000': 1 } }).sort(), [
    ['nested', 'k?'], ['subject'], ['tags', '1'],
  ]);
  let deep: unknown = 'bottom\u0000';
  for (let i = 0; i < 50_000; i++) deep = [deep];
  const [path] = unstorableTextPaths(deep);
  t.is(path?.length, 50_000);
  t.deepEqual(unstorableTextPaths({ a: [1, null, true, { b: 'ok' }] }), []);
});
