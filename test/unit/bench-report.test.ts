import test from 'ava';
import { summarizePlan } from '../../bench/query-plan';
import { markdownTable, percentile, replaceSection, summarize } from '../../bench/report';
import { createRng, weightedIndex } from '../../bench/sampling';

test('percentile is nearest-rank: always one of the samples, p95 of 1..100 is 95', (t) => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  t.is(percentile(hundred, 95), 95);
  t.is(percentile(hundred, 50), 50);
  t.is(percentile(hundred, 100), 100);
  t.is(percentile(hundred, 0), 1);
  t.is(percentile([7], 99), 7);
  t.is(percentile([1, 2, 3, 4], 95), 4);
  t.throws(() => percentile([], 50), { message: /no samples/ });
  t.throws(() => percentile([1], 101));
});

test('summarize sorts its input and reports mean, p50, p95, p99 and max', (t) => {
  const s = summarize([5, 1, 4, 2, 3]);
  t.deepEqual(s, { n: 5, mean: 3, p50: 3, p95: 5, p99: 5, max: 5 });
});

test('replaceSection swaps only the text between its markers and keeps hand-written text', (t) => {
  const doc = 'intro\n<!-- bench:api:start -->\nold api\n<!-- bench:api:end -->\nnotes\n<!-- bench:queue:start -->\nold queue\n<!-- bench:queue:end -->\nend\n';
  const out = replaceSection(doc, 'api', '\nnew api\n');
  t.is(out, 'intro\n<!-- bench:api:start -->\nnew api\n<!-- bench:api:end -->\nnotes\n<!-- bench:queue:start -->\nold queue\n<!-- bench:queue:end -->\nend\n');
  t.is(replaceSection(out, 'api', 'new api'), out, 're-running with the same figures changes nothing');
});

test('replaceSection appends a missing section and refuses broken markers', (t) => {
  t.is(replaceSection('# Benchmarks\n\n', 'queue', 'figures'), '# Benchmarks\n\n<!-- bench:queue:start -->\nfigures\n<!-- bench:queue:end -->\n');
  t.throws(() => replaceSection('<!-- bench:api:start -->\nno end', 'api', 'x'), { message: /broken "api" markers/ });
  t.throws(() => replaceSection('<!-- bench:api:end -->\n<!-- bench:api:start -->', 'api', 'x'), { message: /broken/ });
  t.throws(() => replaceSection('x', 'bad name', 'x'));
});

test('markdownTable escapes pipes so a filter like a|b cannot break the table', (t) => {
  t.is(markdownTable(['a', 'b'], [['1', 'x|y']]), '| a | b |\n| --- | --- |\n| 1 | x\\|y |');
});

test('summarizePlan finds sequential scans and indexes anywhere in the plan tree', (t) => {
  const explain = [{
    Plan: {
      'Node Type': 'Limit',
      Plans: [{
        'Node Type': 'Nested Loop',
        Plans: [
          { 'Node Type': 'Index Scan', 'Relation Name': 'tickets', 'Index Name': 'tickets_updated' },
          { 'Node Type': 'Hash', Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'statuses' }] },
          { 'Node Type': 'Bitmap Heap Scan', 'Relation Name': 'tickets', Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'tickets_tags' }] },
        ],
      }],
    },
  }];
  const s = summarizePlan(explain);
  t.deepEqual(s.seqScans, ['statuses']);
  t.deepEqual(s.indexes, ['tickets_updated', 'tickets_tags']);
  t.false(s.seqScans.includes('tickets'));
  t.deepEqual(summarizePlan([{ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'tickets' } }]).seqScans, ['tickets']);
  t.throws(() => summarizePlan({ rows: [] }), { message: /EXPLAIN/ });
});

test('seeded sampling is deterministic and follows the weights', (t) => {
  const a = createRng(42);
  const b = createRng(42);
  t.deepEqual(Array.from({ length: 5 }, a), Array.from({ length: 5 }, b));
  const pick = weightedIndex([0, 1, 3]);
  const rng = createRng(7);
  const counts = [0, 0, 0];
  for (let i = 0; i < 40_000; i++) counts[pick(rng)]! += 1;
  t.is(counts[0], 0, 'a zero weight is never picked');
  t.true(Math.abs(counts[2]! / counts[1]! - 3) < 0.15, `ratio ${counts[2]! / counts[1]!}`);
});
