import test from 'ava';
import fc from 'fast-check';
import { diffText, type DiffOp } from '../../../core/diff';
import { articleUrl, firstWords, kbFileUrl, kbLanguageProblem, referencedFileIds, slugify } from '../../../core/kb';
import { toStoredArticleHtml, toStoredBody } from '../../../core/rich-text';
import { kbSearchRequest, markedHtml } from '../../../services/kb/kb-search.service';
import { prepareContent } from '../../../services/kb/kb-content';
import { LanternError } from '../../../core/errors';

const side = (ops: DiffOp[], keep: 'insert' | 'delete') => ops.filter((o) => o.op === 'equal' || o.op === keep).map((o) => o.text).join('');

test('diffText: equal+delete rebuilds the old text, equal+insert the new one', (t) => {
  fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', 'c', ' ', 'dd', '\n')), fc.array(fc.constantFrom('a', 'b', 'c', ' ', 'dd', '\n')), (x, y) => {
    const a = x.join('');
    const b = y.join('');
    const ops = diffText(a, b);
    return side(ops, 'delete') === a && side(ops, 'insert') === b && ops.every((o, i) => o.text && (i === 0 || ops[i - 1]!.op !== o.op));
  }));
  t.deepEqual(diffText('open settings now', 'open account settings now'), [
    { op: 'equal', text: 'open ' }, { op: 'insert', text: 'account ' }, { op: 'equal', text: 'settings now' },
  ]);
  t.deepEqual(diffText('same', 'same'), [{ op: 'equal', text: 'same' }]);
  t.deepEqual(diffText('', 'new'), [{ op: 'insert', text: 'new' }]);
});

test('diffText: a huge changed middle is reported as replaced, not computed cell by cell', (t) => {
  const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
  const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
  const ops = diffText(a, b);
  t.deepEqual(ops.map((o) => o.op), ['delete', 'insert']);
});

test('slugs, languages, URLs and file references', (t) => {
  t.is(slugify('Reset your password (2FA)!'), 'reset-your-password-2fa');
  t.is(slugify('Größe ändern'), 'grosse-andern');
  t.is(slugify('!!!'), 'article');
  t.true(slugify('x'.repeat(200)).length <= 80);
  t.is(kbLanguageProblem('en'), null);
  t.regex(kbLanguageProblem('fr')!, /supported: en, de/);
  t.regex(kbLanguageProblem('EN')!, /language tag/);
  t.is(articleUrl('de', 4, 'drucker'), '/help/de/articles/4-drucker');
  t.is(kbFileUrl(7, 'a b.png'), '/api/v1/help-center/files/7/a%20b.png');
  t.deepEqual(referencedFileIds(['<img src="/api/v1/help-center/files/12/x.png"><a href="/api/v1/help-center/files/3/y.pdf">', null, '/api/v1/help-center/files/12/x.png']), [3, 12]);
  t.is(firstWords(' one  two three ', 2), 'one two');
});

test('article HTML keeps callouts and code languages; message bodies do not gain them', (t) => {
  const raw = '<div data-callout="warning" style="color:red">Careful</div><div data-callout="evil">x</div><pre><code class="language-ts other">let a</code></pre><img src="javascript:alert(1)"><script>x</script>';
  const { html, text } = toStoredArticleHtml(raw);
  t.true(html.includes('<div data-callout="warning">Careful</div>'));
  t.false(html.includes('data-callout="evil"'));
  t.true(html.includes('<code class="language-ts">'));
  t.false(/script|javascript|style/.test(html));
  t.true(text.includes('Careful'));
  t.false(toStoredBody({ html: raw }).html.includes('data-callout'), 'ticket messages keep their own allowlist');
});

test('prepareContent: tutorials need steps, articles have none, empty bodies are refused', (t) => {
  const fields = (fn: () => unknown) => (t.throws(fn, { instanceOf: LanternError }) as LanternError).details.fields?.map((f) => f.path);
  t.deepEqual(fields(() => prepareContent('tutorial', { title: 'T', bodyHtml: '<p>x</p>' }, 'translation')), ['translation.steps']);
  t.deepEqual(fields(() => prepareContent('article', { title: 'T', bodyHtml: '<p>x</p>', steps: [{ title: 's', bodyHtml: '', imageUrl: null, check: null }] })), ['steps']);
  t.deepEqual(fields(() => prepareContent('article', { title: 'T', bodyHtml: '<script>x</script>' })), ['bodyHtml']);
  const c = prepareContent('tutorial', {
    title: 'Two steps', bodyHtml: '', steps: [{ title: 'Open', bodyHtml: '<p>Tap <b>it</b><script>x</script></p>', imageUrl: '/api/v1/help-center/files/5/a.png', check: null }],
  });
  t.is(c.slug, 'two-steps');
  t.is(c.steps![0]!.bodyHtml, '<p>Tap <b>it</b></p>');
  t.deepEqual(c.fileIds, [5]);
  t.is(c.bodyText, 'Open\n\nTap it');
});

test('search request: one language (filter, no attributesToSearchOn an empty index would refuse), public unless staff, hybrid only with a vector; highlights escaped', (t) => {
  const pub = kbSearchRequest({ text: 'printer', language: 'de', includeInternal: false, limit: 5 });
  t.is(pub.filter, 'language = "de" AND visibility = "public"');
  t.is(pub.searchOn, undefined);
  t.deepEqual(pub.highlight, ['title_de', 'text_de']);
  t.is(pub.hybrid, undefined);
  t.is(pub.locales, undefined, 'German queries use the default tokenizer (typo tolerance)');
  t.true(pub.withScore);
  const staff = kbSearchRequest({ text: 'printer', language: 'en', includeInternal: true, limit: 5, vector: [0.1], semanticRatio: 0.8 });
  t.is(staff.filter, 'language = "en"');
  t.deepEqual(staff.hybrid, { embedder: 'use', semanticRatio: 0.8, vector: [0.1] });
  t.deepEqual(staff.locales, ['eng']);
  t.is(markedHtml('a <b>\uE000x\uE001</b> & "q"'), 'a &lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; &quot;q&quot;');
});
