/**
 * The server-rendered help center (/help) against the real app, PostgreSQL and embedded Meilisearch: content per
 * language, 404 for internal/draft/unknown pages, typo-tolerant highlighted search, escaping, sitemap, feedback.
 */
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../../activities/tasks';
import { createWorker, startTestApp, type TestApp } from '../helpers/app';
import { seedHelpCenter, waitUntilSearchable, type SeededKb } from '../helpers/help-center-seed';

type Ctx = { app: TestApp; runner: Runner; kb: SeededKb };
const test = anyTest as TestFn<Ctx>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.before(async (t) => {
  const app = await startTestApp({}, { search: true });
  const runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), search: app.search!.engine }),
    concurrency: 2, noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  const editor = await createWorker(app.db, { role: 'supervisor' });
  const kb = await seedHelpCenter(app, editor.token);
  t.context = { app, runner, kb };
  // Tests run concurrently: let the index catch up (outbox → kb_index job) with both languages first.
  await waitUntilSearchable(app, kb);
});


test.after.always(async (t) => {
  await t.context.runner?.stop();
  await t.context.app?.close();
});

/** GET a page without following redirects. */
async function page(t: ExecutionContext<Ctx>, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(t.context.app.url + path, { redirect: 'manual', headers });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Wait until the index has caught up with the seeded articles (outbox → kb_index job). */
async function searchFinds(t: ExecutionContext<Ctx>, path: string, needle: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await page(t, path);
    if (res.status === 200 && res.html.includes(needle)) return res;
    if (Date.now() > deadline) {
      t.fail(`${path} never contained ${needle}: ${res.status} ${res.html.slice(0, 300)}`);
      return res;
    }
    await sleep(200);
  }
}

// Serial tests run before the concurrent ones: this one changes the content and restores it before they start.
test.serial('a search in a language with nothing published answers "no results" at once (no stale hits, no engine error)', async (t) => {
  const { app, kb } = t.context;
  const editor = await createWorker(app.db, { role: 'supervisor' });
  const state = (s: string) => app.request('POST', `/api/v1/kb/articles/${kb.password.id}/translations/de/state`, { token: editor.token, body: { state: s } });
  t.is((await state('draft')).status, 200);
  try {
    const res = await page(t, '/help/de/search?q=passwort');
    t.is(res.status, 200);
    t.true(res.html.includes('Keine Ergebnisse für „passwort“'));
  } finally {
    t.is((await state('published')).status, 200);
    await waitUntilSearchable(app, kb);
  }
});

test('/help redirects to the best supported language from Accept-Language', async (t) => {
  const de = await page(t, '/help', { 'accept-language': 'fr-CH, de-DE;q=0.8, en;q=0.5' });
  t.is(de.status, 302);
  t.is(de.headers.get('location'), '/help/de');
  t.regex(de.headers.get('vary') ?? '', /Accept-Language/i);
  t.is((await page(t, '/help', { 'accept-language': 'fr' })).headers.get('location'), '/help/en');
  t.is((await page(t, '/help')).headers.get('location'), '/help/en');
});

test('the home page lists categories and sections with public article counts, per language', async (t) => {
  const en = await page(t, '/help/en');
  t.is(en.status, 200);
  t.regex(en.headers.get('content-type') ?? '', /text\/html/);
  t.regex(en.headers.get('cache-control') ?? '', /public, max-age=\d+/);
  t.true(en.html.includes('<html lang="en">'));
  t.true(en.html.includes('Getting started'));
  // The inline stylesheet is inserted as is (escaping it would break selectors and content strings).
  t.regex(en.html, /<style>[^<]*nav\.crumbs li\+li::before\{content:"›"/);
  // Password, tutorial, printer: the internal article and the draft are not counted.
  t.true(en.html.includes('Account and security</a> <span class="muted">(3 articles)'));
  t.true(en.html.includes(`href="/help/en/sections/${t.context.kb.sectionId}-`));
  t.true(en.html.includes('<link rel="alternate" hreflang="de"'));

  const de = await page(t, '/help/de');
  t.true(de.html.includes('<html lang="de">'));
  t.true(de.html.includes('Erste Schritte'));
  t.true(de.html.includes('Konto und Sicherheit</a> <span class="muted">(1 Artikel)'));
  t.true(de.html.includes('Wie können wir helfen?'));
  t.false(de.html.includes('How can we help?'));
});

test('a section lists only its published public articles, titles escaped; a wrong slug redirects', async (t) => {
  const { kb } = t.context;
  const wrong = await page(t, `/help/en/sections/${kb.sectionId}-whatever`);
  t.is(wrong.status, 301);
  const res = await page(t, wrong.headers.get('location')!);
  t.is(res.status, 200);
  t.true(res.html.includes('<h1>Account and security</h1>'));
  t.true(res.html.includes(`/help/en/articles/${kb.password.id}-${kb.password.slugEn}`));
  t.true(res.html.includes('Set up two-factor authentication</a><span class="badge">Tutorial</span>'));
  t.true(res.html.includes('Printer &lt;b&gt;tips&lt;/b&gt; &amp; tricks'));
  t.false(res.html.includes('Printer <b>tips</b>'));
  t.false(res.html.includes('Escalation playbook'));
  t.false(res.html.includes('Upcoming password policy'));
});

test('an article renders with SEO head, related articles and the feedback form, in each published language', async (t) => {
  const { kb } = t.context;
  const en = await page(t, `/help/en/articles/${kb.password.id}-${kb.password.slugEn}`);
  t.is(en.status, 200);
  t.true(en.html.includes('<title>Reset your password – Help center</title>'));
  t.regex(en.html, /<meta name="description" content="Open Settings and choose Reset password\. We email you a link/);
  t.true(en.html.includes(`<link rel="canonical" href="${t.context.app.url}/help/en/articles/${kb.password.id}-${kb.password.slugEn}">`));
  t.true(en.html.includes(`<link rel="alternate" hreflang="de" href="${t.context.app.url}/help/de/articles/${kb.password.id}-${kb.password.slugDe}">`));
  t.true(en.html.includes('<p>Open <strong>Settings</strong> and choose <em>Reset password</em>.'));
  t.true(en.html.includes(`<a href="/help/en/articles/${kb.tutorial.id}-${kb.tutorial.slug}">Set up two-factor authentication</a>`));
  t.true(en.html.includes('Was this article helpful?'));
  t.true(en.html.includes(`data-api="/api/v1/help-center/articles/${kb.password.id}/feedback"`));
  t.regex(en.headers.get('cache-control') ?? '', /^public/);

  const de = await page(t, `/help/de/articles/${kb.password.id}-${kb.password.slugDe}`);
  t.is(de.status, 200);
  t.true(de.html.includes('<html lang="de">'));
  t.true(de.html.includes('Passwort zurücksetzen'));
  t.true(de.html.includes('War dieser Artikel hilfreich?'));
  t.true(de.html.includes('Konto und Sicherheit'));
  // The tutorial is not published in German: no related link to it here.
  t.false(de.html.includes('two-factor'));

  // An old or missing slug goes to the canonical URL.
  const moved = await page(t, `/help/en/articles/${kb.password.id}`);
  t.is(moved.status, 301);
  t.is(moved.headers.get('location'), `/help/en/articles/${kb.password.id}-${kb.password.slugEn}`);
});

test('a tutorial renders every step with "Step n of m" and its check question (works without JavaScript)', async (t) => {
  const { kb } = t.context;
  const res = await page(t, `/help/en/articles/${kb.tutorial.id}-${kb.tutorial.slug}`);
  t.is(res.status, 200);
  for (const [i, title] of ['Open your profile', 'Scan the QR code', 'Enter the code'].entries()) {
    t.true(res.html.includes(`Step ${i + 1} of 3</p>\n<h2 id="step-${i + 1}-h" tabindex="-1">${title}</h2>`), title);
  }
  t.true(res.html.includes('Check your understanding: What do you scan the code with?'));
  t.true(res.html.includes('data-correct="1"'));
  t.true(res.html.includes('<div data-callout="tip">Any TOTP app works.</div>'));
});

test('internal, draft, unknown and unsupported pages are 404 pages', async (t) => {
  const { kb } = t.context;
  for (const path of [
    `/help/en/articles/${kb.internal.id}-${kb.internal.slug}`,
    `/help/en/articles/${kb.draft.id}-${kb.draft.slug}`,
    `/help/de/articles/${kb.tutorial.id}-${kb.tutorial.slug}`,
    '/help/en/articles/999999-nothing',
    '/help/en/articles/not-a-number',
    '/help/en/sections/999999-nothing',
    '/help/fr',
    '/help/en/no-such-page',
  ]) {
    const res = await page(t, path);
    t.is(res.status, 404, path);
    t.regex(res.headers.get('content-type') ?? '', /text\/html/, path);
    t.regex(res.html, /Page not found|Seite nicht gefunden/, path);
    t.true(res.html.includes('<meta name="robots" content="noindex">'), path);
    t.false(res.html.includes('Escalation playbook'), path);
  }
  t.true((await page(t, '/help/de/articles/999999-x')).html.includes('Seite nicht gefunden'));
});

test('search tolerates a typo, highlights the match and never shows internal articles', async (t) => {
  const { kb } = t.context;
  const res = await searchFinds(t, '/help/en/search?q=pasword', `/help/en/articles/${kb.password.id}-${kb.password.slugEn}`);
  // The engine marks the matched (typo-corrected) prefix.
  t.regex(res.html, /<mark>[Pp]asswor/);
  t.true(res.html.includes('<meta name="robots" content="noindex">'));
  t.true(res.html.includes('value="pasword"'));
  t.false(res.html.includes('Escalation playbook'));
  t.false(res.html.includes('Upcoming password policy'));

  const de = await searchFinds(t, '/help/de/search?q=passwrt', `/help/de/articles/${kb.password.id}-${kb.password.slugDe}`);
  t.regex(de.html, /<mark>Pass/);

  const none = await page(t, '/help/en/search?q=zebra%20xylophone');
  t.is(none.status, 200);
  t.true(none.html.includes('No results for “zebra xylophone”'));
  const empty = await page(t, '/help/en/search');
  t.true(empty.html.includes('Type a question or a few keywords to search.'));
});

test('a script in the search query is escaped everywhere it is shown', async (t) => {
  const q = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const res = await page(t, `/help/en/search?q=${encodeURIComponent(q)}`);
  t.is(res.status, 200);
  t.false(res.html.includes('<script>alert(1)'));
  t.false(res.html.includes('<img src=x'));
  t.true(res.html.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"'));
  t.true(res.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  // Repeated or odd parameters are not errors.
  t.is((await page(t, '/help/en/search?q=a&q=b&page=-4')).status, 200);
});

test('the sitemap lists only published public translations, with alternates', async (t) => {
  const { kb, app } = t.context;
  const res = await page(t, '/help/sitemap.xml');
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /xml/);
  const locs = [...res.html.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(app.url, ''));
  t.deepEqual(locs.sort(), [
    '/help/de',
    `/help/de/articles/${kb.password.id}-${kb.password.slugDe}`,
    '/help/en',
    `/help/en/articles/${kb.password.id}-${kb.password.slugEn}`,
    `/help/en/articles/${kb.printer.id}-${kb.printer.slug}`,
    `/help/en/articles/${kb.tutorial.id}-${kb.tutorial.slug}`,
  ].sort());
  t.true(res.html.includes(`hreflang="de" href="${app.url}/help/de/articles/${kb.password.id}-${kb.password.slugDe}"`));
});

test('feedback: the plain form records it and says thanks; internal articles refuse it', async (t) => {
  const { kb, app } = t.context;
  const path = `/help/en/articles/${kb.printer.id}-${kb.printer.slug}`;
  const res = await fetch(`${app.url}${path}/feedback`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ helpful: 'no', comment: 'Needs a <b>picture</b>' }).toString(),
  });
  t.is(res.status, 303);
  t.is(res.headers.get('location'), `${path}?feedback=thanks#feedback`);
  const row = await app.db('kb_feedback').where({ article_id: kb.printer.id }).first();
  t.like(row, { language: 'en', helpful: false, comment: 'Needs a <b>picture</b>' });
  const counts = await app.db('kb_articles').where({ id: kb.printer.id }).first('helpful_yes', 'helpful_no');
  t.deepEqual(counts, { helpful_yes: 0, helpful_no: 1 });
  const thanks = await page(t, `${path}?feedback=thanks`);
  t.true(thanks.html.includes('Thank you for your feedback!'));
  t.false(thanks.html.includes('data-testid="feedback-form"'));

  // What the inline script posts: the public JSON API named in the form's data-api.
  const api = await app.request('POST', `/api/v1/help-center/articles/${kb.printer.id}/feedback`, { body: { language: 'en', helpful: true } });
  t.is(api.status, 201, JSON.stringify(api.body));

  const internal = await fetch(`${app.url}/help/en/articles/${kb.internal.id}-${kb.internal.slug}/feedback`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'helpful=yes',
  });
  t.is(internal.status, 404);
  t.is(await app.db('kb_feedback').where({ article_id: kb.internal.id }).count('* as n').first().then((r) => Number(r?.n)), 0);
});

test('without a search engine the search page is a friendly 503, and the rest still works', async (t) => {
  const bare = await startTestApp();
  try {
    const res = await fetch(`${bare.url}/help/en/search?q=password`);
    t.is(res.status, 503);
    t.is(res.headers.get('retry-after'), '60');
    const html = await res.text();
    t.true(html.includes('Search is temporarily unavailable'));
    t.true(html.includes('<html lang="en">'));
    t.is((await fetch(`${bare.url}/help/en`)).status, 200);
  } finally {
    await bare.close();
  }
});
