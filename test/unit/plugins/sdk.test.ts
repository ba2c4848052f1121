import { mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import test from 'ava';
import { DataStore } from '../../../plugins/sdk/data-store';
import { readPluginEnv } from '../../../plugins/sdk/plugin-env';
import { PluginError, toGrpcError } from '../../../plugins/sdk/plugin-error';
import { splitText } from '../../../plugins/sdk/text-split';

test('splitText: short text is one chunk, untouched', (t) => {
  t.deepEqual(splitText('hello world', 1600), ['hello world']);
  t.deepEqual(splitText('', 1600), ['']);
});

test('splitText: breaks at word boundaries, every chunk within the limit, no text lost', (t) => {
  const words = Array.from({ length: 700 }, (_, i) => `word${i}`);
  const text = words.join(' ');
  const chunks = splitText(text, 1600);
  t.true(chunks.length > 1);
  for (const c of chunks.slice(0, -1)) t.true(c.length <= 1600 && c.length > 1500, `chunk of ${c.length}`);
  t.true(chunks.at(-1)!.length <= 1600);
  t.deepEqual(chunks.join(' ').split(' '), words); // no word torn apart or dropped
});

test('splitText: a word longer than the limit is cut hard, never inside a surrogate pair', (t) => {
  const emoji = '😀'.repeat(10); // 20 UTF-16 units
  const chunks = splitText(emoji, 7);
  for (const c of chunks) {
    t.true(c.length <= 7);
    t.false(/[\uD800-\uDBFF]$/.test(c), 'no lone high surrogate at a chunk end');
  }
  t.is(chunks.join(''), emoji);
});

test('DataStore: survives reopen, deletes stick, a torn last line is ignored', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const a = DataStore.open<{ n: number }>(dir, 'x');
  a.set('one', { n: 1 });
  a.set('two', { n: 2 });
  a.set('one', { n: 11 });
  a.delete('two');
  appendFileSync(join(dir, 'x.jsonl'), '{"k":"three","v":{"n"');
  const b = DataStore.open<{ n: number }>(dir, 'x');
  t.deepEqual(b.get('one'), { n: 11 });
  t.false(b.has('two'));
  t.false(b.has('three'));
  t.is(b.size, 1);
});

test('readPluginEnv: names every missing variable, checks the listen address', (t) => {
  const err = t.throws(() => readPluginEnv({ LANTERN_PLUGIN_ID: 'x' }));
  t.regex(err!.message, /LANTERN_PLUGIN_LISTEN.*LANTERN_HOST_CALL_TOKEN.*LANTERN_HOST_ADDRESS.*LANTERN_PLUGIN_TOKEN.*LANTERN_PLUGIN_DATA_DIR/);
  const full = { LANTERN_PLUGIN_ID: 'x', LANTERN_PLUGIN_LISTEN: '127.0.0.1:5000', LANTERN_HOST_CALL_TOKEN: 'a', LANTERN_HOST_ADDRESS: '127.0.0.1:1', LANTERN_PLUGIN_TOKEN: 'b', LANTERN_PLUGIN_DATA_DIR: '/tmp/x' };
  t.is(readPluginEnv(full).listen, '127.0.0.1:5000');
  t.throws(() => readPluginEnv({ ...full, LANTERN_PLUGIN_LISTEN: 'nonsense' }), { message: /host:port/ });
});

test('errors: typed errors keep their status, anything else is INTERNAL without internals', (t) => {
  t.is(toGrpcError(new PluginError('failed_precondition', 'outside window', '10')).code, status.FAILED_PRECONDITION);
  t.regex(toGrpcError(new PluginError('invalid_argument', 'bad number', '21211')).details, /bad number.*21211/);
  t.is(toGrpcError(new PluginError('resource_exhausted', 'slow down')).code, status.RESOURCE_EXHAUSTED);
  const internal = toGrpcError(new Error('SELECT * FROM secrets'));
  t.is(internal.code, status.INTERNAL);
  t.notRegex(internal.details, /SELECT/);
});

test('DataStore: with a ttl, entries older than it are forgotten at the next open', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-store-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'y.jsonl');
  appendFileSync(file, `${JSON.stringify({ k: 'old', v: 1, t: 1_000 })}\n${JSON.stringify({ k: 'new', v: 2, t: 9_000 })}\n`);
  const s = new DataStore<number>(file, { ttlMs: 5_000, now: 10_000 });
  t.false(s.has('old'));
  t.is(s.get('new'), 2);
  t.is(new DataStore<number>(file).get('old'), 1, 'without a ttl nothing expires');
});
