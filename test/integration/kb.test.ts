import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { Logger, run, type Runner } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../../activities/tasks';
import { sharedTextEmbedder } from '../../services/embeddings/text-embedder';
import { KB_INDEX, KB_INDEX_SETTINGS } from '../../services/kb/kb-index.settings';
import { reindexKbArticles } from '../../services/kb/kb-reindex';
import { searchKnowledgeBase } from '../../services/kb/kb-search.service';
import { startEmbeddedMeili, type EmbeddedMeili } from '../../services/search/meili-embedded';
import { createMeiliSearchEngine } from '../../services/search/meili-search-engine';
import { waitFor } from '../helpers/plugins';
import { createCustomer, createWorker, startTestApp, type TestApp, type TestCustomer, type TestWorker } from '../helpers/app';

type Ctx = {
  app: TestApp; runner: Runner; restarted: EmbeddedMeili[];
  admin: TestWorker; supervisor: TestWorker; agent: TestWorker; customer: TestCustomer;
  categoryId: number; sectionId: number;
};
const test = anyTest as TestFn<Ctx>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

test.before(async (t) => {
  const app = await startTestApp({}, { search: true });
  const runner = await run({
    connectionString: app.dbUrl,
    taskList: createTaskList({ db: app.db, config: app.config, logger: pino({ level: 'silent' }), search: app.search!.engine }),
    concurrency: 2, noHandleSignals: true, crontab: '', pollInterval: 100, logger: new Logger(() => () => {}),
  });
  const admin = await createWorker(app.db, { role: 'admin' });
  const category = await app.request('POST', '/api/v1/kb/categories', {
    token: admin.token, body: { translations: { en: { name: 'Getting started', description: 'First steps' }, de: { name: 'Erste Schritte' } } },
  });
  t.is(category.status, 201, JSON.stringify(category.body));
  const section = await app.request('POST', '/api/v1/kb/sections', {
    token: admin.token, body: { categoryId: category.body.id, translations: { en: { name: 'Accounts' }, de: { name: 'Konten' } } },
  });
  t.is(section.status, 201, JSON.stringify(section.body));
  t.context = {
    app, runner, restarted: [], admin,
    supervisor: await createWorker(app.db, { role: 'supervisor' }),
    agent: await createWorker(app.db, { role: 'agent' }),
    customer: await createCustomer(app.db),
    categoryId: category.body.id, sectionId: section.body.id,
  };
});

test.after.always(async (t) => {
  await t.context.runner?.stop();
  for (const m of t.context.restarted ?? []) await m.stop();
  await t.context.app?.close();
});

type ArticleInput = { kind?: 'article' | 'tutorial'; visibility?: 'public' | 'internal'; title: string; bodyHtml: string; language?: string; steps?: unknown; relatedIds?: number[] };

async function article(t: ExecutionContext<Ctx>, input: ArticleInput) {
  const res = await t.context.app.request('POST', '/api/v1/kb/articles', {
    token: t.context.supervisor.token,
    body: {
      sectionId: t.context.sectionId, kind: input.kind ?? 'article', visibility: input.visibility ?? 'public', relatedIds: input.relatedIds,
      translation: { language: input.language ?? 'en', title: input.title, bodyHtml: input.bodyHtml, ...(input.steps !== undefined && { steps: input.steps }) },
    },
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; version: number; translations: { language: string; state: string; revision: number; slug: string }[] };
}

const setState = (t: ExecutionContext<Ctx>, id: number, language: string, state: string) =>
  t.context.app.request('POST', `/api/v1/kb/articles/${id}/translations/${language}/state`, { token: t.context.supervisor.token, body: { state } });

async function publish(t: ExecutionContext<Ctx>, id: number, language = 'en') {
  const res = await setState(t, id, language, 'published');
  t.is(res.status, 200, JSON.stringify(res.body));
  t.is(res.body.state, 'published');
  return res.body;
}

const publicSearch = (t: ExecutionContext<Ctx>, language: string, q: string, token?: string) =>
  t.context.app.request('GET', `/api/v1/help-center/${language}/search?q=${encodeURIComponent(q)}`, { token });
const staffSearch = (t: ExecutionContext<Ctx>, language: string, q: string) =>
  t.context.app.request('GET', `/api/v1/kb/search?language=${language}&q=${encodeURIComponent(q)}`, { token: t.context.agent.token });
const hitIds = (res: { body: { hits: { articleId: number }[] } }) => res.body.hits.map((h) => h.articleId);

/** Wait until the staff search (sees internal too) finds the article for `q`: its last change reached the index. */
const indexed = (t: ExecutionContext<Ctx>, language: string, q: string, id: number) =>
  waitFor(`article ${id} searchable by "${q}" (${language})`, async () => {
    const res = await staffSearch(t, language, q);
    return res.status === 200 && hitIds(res).includes(id) ? res : undefined;
  });
const notIndexed = (t: ExecutionContext<Ctx>, language: string, q: string, id: number) =>
  waitFor(`article ${id} gone from "${q}" (${language})`, async () => {
    const res = await staffSearch(t, language, q);
    return res.status === 200 && !hitIds(res).includes(id);
  });

test.serial('searching before any article is indexed (fresh install) finds nothing instead of failing', async (t) => {
  for (const language of ['en', 'de']) {
    const res = await publicSearch(t, language, 'printer');
    t.is(res.status, 200, JSON.stringify(res.body));
    t.deepEqual(res.body.hits, []);
    t.is((await staffSearch(t, language, 'printer')).status, 200);
  }
});

test.serial('a published article is found by the public search with a typo, highlighted and HTML-escaped, per language', async (t) => {
  const { app } = t.context;
  const created = await article(t, { title: 'Printer setup & <troubleshooting>', bodyHtml: '<p>Connect the <b>printer</b> with the USB cable.</p><script>alert(1)</script><div data-callout="tip">Restart it first.</div>' });
  t.is(created.translations[0]!.state, 'draft');
  t.is(created.translations[0]!.revision, 1);
  t.is(created.translations[0]!.slug, 'printer-setup-troubleshooting');
  const draft = await app.request('GET', `/api/v1/kb/articles/${created.id}/translations/en`, { token: t.context.agent.token });
  t.false(draft.body.bodyHtml.includes('<script'), 'sanitized on write');
  t.true(draft.body.bodyHtml.includes('<div data-callout="tip">'), 'callouts kept');

  await publish(t, created.id);
  await indexed(t, 'en', 'printer', created.id);
  const res = await publicSearch(t, 'en', 'pritner');
  t.is(res.status, 200);
  const hit = res.body.hits.find((h: { articleId: number }) => h.articleId === created.id);
  t.truthy(hit, 'pritner finds printer');
  t.is(hit.titleHtml, '<mark>Printer</mark> setup &amp; &lt;troubleshooting&gt;');
  t.regex(hit.snippetHtml, /<mark>printer<\/mark>/);
  t.is(hit.url, `/help/en/articles/${created.id}-printer-setup-troubleshooting`);
  t.is(hit.visibility, 'public');
  t.false('text' in hit, 'the indexed text is for the bot, not the HTTP answer');
  t.true(res.body.estimatedTotal >= 1);

  // A German translation: its own state and revision, found in German only.
  const de = await app.request('PUT', `/api/v1/kb/articles/${created.id}/translations/de`, {
    token: t.context.supervisor.token, body: { title: 'Drucker einrichten', bodyHtml: '<p>Verbinden Sie den Drucker mit dem USB-Kabel.</p>' },
  });
  t.is(de.status, 200, JSON.stringify(de.body));
  t.is(de.body.state, 'draft');
  t.is(de.body.revision, 1);
  await publish(t, created.id, 'de');
  await indexed(t, 'de', 'drucker', created.id);
  t.true(hitIds(await publicSearch(t, 'de', 'Drucer')).includes(created.id), 'typo in German');
  t.false(hitIds(await publicSearch(t, 'en', 'drucker')).includes(created.id), 'German text is not in the English results');

  const page = await app.request('GET', `/api/v1/help-center/en/articles/${created.id}`);
  t.is(page.status, 200);
  t.deepEqual(page.body.languages, ['de', 'en']);
  t.deepEqual(page.body.section, { id: t.context.sectionId, name: 'Accounts' });
  t.deepEqual(page.body.category, { id: t.context.categoryId, name: 'Getting started' });
  const dePage = await app.request('GET', `/api/v1/help-center/de/articles/${created.id}`);
  t.is(dePage.body.title, 'Drucker einrichten');
  t.is(dePage.body.section.name, 'Konten');

  const tree = await app.request('GET', '/api/v1/help-center/de/categories');
  t.is(tree.status, 200);
  const cat = tree.body.categories.find((c: { id: number }) => c.id === t.context.categoryId);
  t.is(cat.name, 'Erste Schritte');
  t.true(cat.sections[0].articleCount >= 1);
  const section = await app.request('GET', `/api/v1/help-center/en/sections/${t.context.sectionId}`);
  t.true(section.body.articles.some((a: { id: number; url: string }) => a.id === created.id && a.url === hit.url));
  t.is(section.body.section.categoryName, 'Getting started');

  // The bot's entry point: score and indexed text, keyword or hybrid.
  const keyword = await searchKnowledgeBase(app.search!.engine, { text: 'printer cable', language: 'en', includeInternal: false, limit: 5 });
  const top = keyword.find((h) => h.articleId === created.id)!;
  t.truthy(top);
  t.true(top.score > 0 && top.score <= 1);
  t.regex(top.text, /USB cable/);
  const [vector] = await (await sharedTextEmbedder()).embed(['how do I connect my printer']);
  const hybrid = await searchKnowledgeBase(app.search!.engine, { text: 'how do I connect my printer', language: 'en', includeInternal: false, limit: 5, vector, semanticRatio: 0.7 });
  t.true(hybrid.some((h) => h.articleId === created.id), 'hybrid search finds it');
  t.deepEqual(await searchKnowledgeBase(app.search!.engine, { text: 'printer', language: 'fr', includeInternal: false, limit: 5 }), []);
});

test.serial('internal articles reach staff search only; drafts and archived translations are never public', async (t) => {
  const { app, customer, agent } = t.context;
  const internal = await article(t, { visibility: 'internal', title: 'Quokkaprotocol escalation playbook', bodyHtml: '<p>Call the quokkaprotocol hotline.</p>' });
  await publish(t, internal.id);
  await indexed(t, 'en', 'quokkaprotocol', internal.id);
  t.deepEqual(hitIds(await publicSearch(t, 'en', 'quokkaprotocol')), []);
  t.deepEqual(hitIds(await publicSearch(t, 'en', 'quokkaprotocol', customer.token)), [], 'customers are not staff');
  t.deepEqual(hitIds(await publicSearch(t, 'en', 'quokkaprotocol', agent.token)), [internal.id], 'staff see internal in the help center');
  t.is((await app.request('GET', `/api/v1/help-center/en/articles/${internal.id}`)).status, 404);
  t.is((await app.request('GET', `/api/v1/help-center/en/articles/${internal.id}`, { token: customer.token })).status, 404);
  t.is((await app.request('GET', `/api/v1/help-center/en/articles/${internal.id}`, { token: agent.token })).status, 200);
  const staffHit = (await staffSearch(t, 'en', 'quokkaprotocol')).body.hits[0];
  t.is(staffHit.visibility, 'internal');

  // Making it public puts it in the public search (re-indexed through the outbox).
  const patched = await app.request('PATCH', `/api/v1/kb/articles/${internal.id}`, { token: t.context.supervisor.token, body: { visibility: 'public', version: internal.version } });
  t.is(patched.status, 200, JSON.stringify(patched.body));
  await waitFor('the article in the public search', async () => hitIds(await publicSearch(t, 'en', 'quokkaprotocol')).includes(internal.id));
  const stale = await app.request('PATCH', `/api/v1/kb/articles/${internal.id}`, { token: t.context.supervisor.token, body: { visibility: 'internal', version: internal.version } });
  t.is(stale.status, 409);

  const draft = await article(t, { title: 'Wombatfeature draft notes', bodyHtml: '<p>Not ready: wombatfeature.</p>' });
  t.is((await app.request('GET', `/api/v1/help-center/en/articles/${draft.id}`)).status, 404);
  await sleep(300);
  t.deepEqual(hitIds(await staffSearch(t, 'en', 'wombatfeature')), [], 'drafts are not indexed');

  await publish(t, draft.id);
  await indexed(t, 'en', 'wombatfeature', draft.id);
  const archived = await setState(t, draft.id, 'en', 'archived');
  t.is(archived.body.state, 'archived');
  await notIndexed(t, 'en', 'wombatfeature', draft.id);
  t.is((await app.request('GET', `/api/v1/help-center/en/articles/${draft.id}`)).status, 404);
  const list = await app.request('GET', '/api/v1/kb/articles?state=archived', { token: agent.token });
  t.deepEqual(list.body.items.map((a: { id: number }) => a.id), [draft.id]);
});

test.serial('revisions: each save is a revision, diffable and restorable; a published translation stays published', async (t) => {
  const { app, supervisor } = t.context;
  const created = await article(t, { title: 'Reset your password', bodyHtml: '<p>Open settings and click reset.</p>' });
  await publish(t, created.id);
  const put = (body: Record<string, unknown>) => app.request('PUT', `/api/v1/kb/articles/${created.id}/translations/en`, { token: supervisor.token, body });
  const v2 = await put({ title: 'Reset your password', bodyHtml: '<p>Open account settings and click the zebrareset button.</p>', baseRevision: 1 });
  t.is(v2.status, 200, JSON.stringify(v2.body));
  t.is(v2.body.revision, 2);
  t.is(v2.body.state, 'published');
  await indexed(t, 'en', 'zebrareset', created.id);
  t.is((await put({ title: 'x', bodyHtml: '<p>y</p>', baseRevision: 1 })).status, 409, 'stale baseRevision');

  const revisions = await app.request('GET', `/api/v1/kb/articles/${created.id}/translations/en/revisions`, { token: t.context.agent.token });
  t.deepEqual(revisions.body.items.map((r: { revision: number }) => r.revision), [2, 1]);
  const r1 = await app.request('GET', `/api/v1/kb/articles/${created.id}/translations/en/revisions/1`, { token: t.context.agent.token });
  t.is(r1.body.bodyHtml, '<p>Open settings and click reset.</p>');

  const diff = await app.request('GET', `/api/v1/kb/articles/${created.id}/translations/en/revisions/2/diff`, { token: t.context.agent.token });
  t.is(diff.status, 200);
  t.is(diff.body.from, 1);
  t.is(diff.body.to, 2);
  t.deepEqual(diff.body.title, [{ op: 'equal', text: 'Reset your password' }]);
  const inserted = diff.body.body.filter((o: { op: string }) => o.op === 'insert').map((o: { text: string }) => o.text).join('');
  const deleted = diff.body.body.filter((o: { op: string }) => o.op === 'delete').map((o: { text: string }) => o.text).join('');
  t.true(inserted.includes('account') && inserted.includes('zebrareset'), inserted);
  t.true(deleted.includes('reset'), deleted);
  t.is(diff.body.body.filter((o: { op: string }) => o.op !== 'insert').map((o: { text: string }) => o.text).join(''), 'Open settings and click reset.');

  const restored = await app.request('POST', `/api/v1/kb/articles/${created.id}/translations/en/revisions/1/restore`, { token: supervisor.token });
  t.is(restored.status, 200, JSON.stringify(restored.body));
  t.is(restored.body.revision, 3);
  t.is(restored.body.bodyHtml, '<p>Open settings and click reset.</p>');
  await notIndexed(t, 'en', 'zebrareset', created.id);
  t.is((await app.request('GET', `/api/v1/kb/articles/${created.id}/translations/en/revisions/9`, { token: t.context.agent.token })).status, 404);

  const audit = await app.db('audit_log').where({ entity_type: 'kb_translation', entity_id: `${created.id}-en` }).orderBy('id').pluck('action');
  t.deepEqual(audit, ['kb_translation.publish', 'kb_translation.update', 'kb_translation.update']);
  const events = await app.db('outbox').where({ entity_type: 'kb_article', entity_id: String(created.id) }).orderBy('id').pluck('event_type');
  t.deepEqual(events, ['kb.article.created', 'kb.article.published', 'kb.article.updated', 'kb.article.updated']);
});

test.serial('related articles, feedback and view counts', async (t) => {
  const { app, agent } = t.context;
  const other = await article(t, { title: 'Change your email address', bodyHtml: '<p>Settings, then email.</p>' });
  const hidden = await article(t, { title: 'Unpublished neighbour', bodyHtml: '<p>draft</p>' });
  await publish(t, other.id);
  const main = await article(t, { title: 'Update your profile', bodyHtml: '<p>Profile page.</p>', relatedIds: [other.id, hidden.id] });
  await publish(t, main.id);
  const page = await app.request('GET', `/api/v1/help-center/en/articles/${main.id}`);
  t.deepEqual(page.body.related, [{ id: other.id, title: 'Change your email address', slug: 'change-your-email-address' }], 'only published related articles');
  await app.request('GET', `/api/v1/help-center/en/articles/${main.id}`);

  const yes = await app.request('POST', `/api/v1/help-center/articles/${main.id}/feedback`, { body: { language: 'en', helpful: true } });
  t.is(yes.status, 201, JSON.stringify(yes.body));
  const no = await app.request('POST', `/api/v1/help-center/articles/${main.id}/feedback`, { body: { language: 'en', helpful: false, comment: 'Missing the <b>avatar</b> part' } });
  t.is(no.status, 201);
  t.is((await app.request('POST', `/api/v1/help-center/articles/${hidden.id}/feedback`, { body: { language: 'en', helpful: true } })).status, 404, 'not on drafts');
  t.is((await app.request('POST', `/api/v1/help-center/articles/${main.id}/feedback`, { body: { language: 'de', helpful: true } })).status, 404, 'not on a missing translation');

  const summary = await app.request('GET', `/api/v1/kb/articles/${main.id}`, { token: agent.token });
  t.is(summary.body.viewCount, 2);
  t.deepEqual(summary.body.helpful, { yes: 1, no: 1 });
  t.deepEqual(summary.body.relatedIds, [other.id, hidden.id]);
  const feedback = await app.request('GET', `/api/v1/kb/articles/${main.id}/feedback?limit=1`, { token: agent.token });
  t.is(feedback.body.items.length, 1);
  t.is(feedback.body.items[0].comment, 'Missing the <b>avatar</b> part');
  t.is(feedback.body.items[0].helpful, false);
  const next = await app.request('GET', `/api/v1/kb/articles/${main.id}/feedback?limit=1&cursor=${feedback.body.nextCursor}`, { token: agent.token });
  t.is(next.body.items[0].helpful, true);
  t.is(next.body.nextCursor, null);
  t.is((await app.request('GET', `/api/v1/kb/articles/${main.id}/feedback`, { token: t.context.customer.token })).status, 403);

  const self = await app.request('PATCH', `/api/v1/kb/articles/${main.id}`, { token: t.context.supervisor.token, body: { relatedIds: [main.id] } });
  t.is(self.status, 422);
});

test.serial('tutorials carry steps with checks; files are public only inside published public articles', async (t) => {
  const { app, supervisor, agent } = t.context;
  const upload = async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'step one.png');
    const res = await fetch(`${app.url}/api/v1/kb/files`, { method: 'POST', headers: { authorization: `Bearer ${supervisor.token}` }, body: form });
    t.is(res.status, 201);
    return (await res.json()) as { id: number; url: string; fileName: string; contentType: string; size: number };
  };
  const file = await upload();
  t.is(file.url, `/api/v1/help-center/files/${file.id}/step%20one.png`);
  t.is(file.contentType, 'image/png');
  t.is(file.size, PNG.length);
  t.is((await app.request('GET', file.url)).status, 404, 'unused files are not public');
  t.is((await app.request('GET', file.url, { token: agent.token })).status, 200, 'staff read any KB file');

  const steps = [
    { title: 'Open the app', bodyHtml: '<p>Tap the icon.</p>', imageUrl: file.url, check: { question: 'Do you see the home screen?', options: ['Yes', 'No'], correctIndex: 0 } },
    { title: 'Sign in', bodyHtml: '<p>Enter your email.</p>' },
  ];
  const tutorial = await article(t, { kind: 'tutorial', title: 'First login tutorial', bodyHtml: '<p>Two steps.</p>', steps });
  t.is((await app.request('GET', file.url)).status, 404, 'a draft does not publish its files');
  await publish(t, tutorial.id);
  const bytes = await fetch(app.url + file.url);
  t.is(bytes.status, 200);
  t.is(bytes.headers.get('content-type'), 'image/png');
  t.is(bytes.headers.get('x-content-type-options'), 'nosniff');
  t.deepEqual(Buffer.from(await bytes.arrayBuffer()), PNG);
  t.is((await app.request('GET', `/api/v1/help-center/files/${file.id}/other.png`)).status, 404, 'the name must match');

  const page = await app.request('GET', `/api/v1/help-center/en/articles/${tutorial.id}`);
  t.is(page.body.kind, 'tutorial');
  t.is(page.body.steps.length, 2);
  t.deepEqual(page.body.steps[0].check, steps[0]!.check);
  t.is(page.body.steps[1].imageUrl, null);
  t.is(page.body.steps[1].check, null);
  await indexed(t, 'en', 'icon', tutorial.id); // step text is searchable

  const secret = await upload();
  const internal = await article(t, { visibility: 'internal', title: 'Internal diagram', bodyHtml: `<p>See <img src="${secret.url}" alt="diagram"></p>` });
  await publish(t, internal.id);
  t.is((await app.request('GET', secret.url)).status, 404, 'files of internal articles stay private');
  t.is((await app.request('GET', secret.url, { token: agent.token })).status, 200);
});

test.serial('bad input is a 422 problem document; deleting non-empty containers is a 409', async (t) => {
  const { app, supervisor, sectionId, categoryId } = t.context;
  const post = (path: string, body: unknown) => app.request('POST', `/api/v1${path}`, { token: supervisor.token, body });
  const translation = { language: 'en', title: 'T', bodyHtml: '<p>x</p>' };
  const cases: [string, unknown][] = [
    ['/kb/articles', { sectionId, kind: 'article', visibility: 'public', translation: { ...translation, language: 'fr' } }],
    ['/kb/articles', { sectionId, kind: 'article', visibility: 'public', translation: { ...translation, language: 'EN_us' } }],
    ['/kb/articles', { sectionId, kind: 'article', visibility: 'public' }],
    ['/kb/articles', { sectionId, kind: 'tutorial', visibility: 'public', translation }],
    ['/kb/articles', { sectionId, kind: 'article', visibility: 'public', translation: { ...translation, steps: [{ title: 's', bodyHtml: 'b' }] } }],
    ['/kb/articles', { sectionId, kind: 'article', visibility: 'secret', translation }],
    ['/kb/articles', { sectionId: 999_999, kind: 'article', visibility: 'public', translation }],
    ['/kb/articles', { sectionId, kind: 'article', visibility: 'public', translation: { ...translation, bodyHtml: '<script>x</script>' } }],
    ['/kb/articles', { sectionId, kind: 'article', visibility: 'public', translation, bogus: 1 }],
    ['/kb/articles', { sectionId, kind: 'tutorial', visibility: 'public', translation: { ...translation, steps: [{ title: 's', bodyHtml: 'b', check: { question: 'q', options: ['a', 'b'], correctIndex: 5 } }] } }],
    ['/kb/categories', { translations: {} }],
    ['/kb/categories', { translations: { fr: { name: 'x' } } }],
    ['/kb/categories', { slug: 'Bad Slug', translations: { en: { name: 'x' } } }],
    ['/kb/sections', { categoryId: 999_999, translations: { en: { name: 'x' } } }],
    ['/help-center/articles/1/feedback', { language: 'en', helpful: true, comment: 'x'.repeat(2001) }],
    ['/help-center/articles/1/feedback', { language: 'en' }],
  ];
  for (const [path, body] of cases) {
    const res = await post(path, body);
    t.is(res.status, 422, `${path} ${JSON.stringify(body).slice(0, 120)}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    t.is(res.headers.get('content-type'), 'application/problem+json');
  }
  const fr = await post('/kb/articles', { sectionId, kind: 'article', visibility: 'public', translation: { ...translation, language: 'fr' } });
  t.regex(JSON.stringify(fr.body.errors ?? fr.body), /supported: en, de/);
  const frName = await post('/kb/categories', { translations: { fr: { name: 'x' } } });
  t.deepEqual(frName.body.errors?.map((e: { path: string }) => e.path), ['translations.fr']);
  for (const path of ['/help-center/fr/categories', '/help-center/en/search', '/help-center/en/search?q=x&limit=0', '/kb/search?q=x', '/kb/articles?state=gone', '/kb/articles?cursor=nope']) {
    const res = await app.request('GET', `/api/v1${path}`, { token: supervisor.token });
    t.is(res.status, 422, `${path}: ${res.status}`);
  }
  t.is((await app.request('DELETE', `/api/v1/kb/categories/${categoryId}`, { token: supervisor.token })).status, 409);
  t.is((await app.request('DELETE', `/api/v1/kb/sections/${sectionId}`, { token: supervisor.token })).status, 409);
  t.is((await app.request('POST', '/api/v1/kb/categories', { token: t.context.agent.token, body: { translations: { en: { name: 'x' } } } })).status, 403, 'agents read, supervisors write');
  // An empty section and category can go.
  const cat = await post('/kb/categories', { translations: { en: { name: 'Temporary' } } });
  const sec = await post('/kb/sections', { categoryId: cat.body.id, translations: { en: { name: 'Temporary section' } } });
  t.is(sec.status, 201);
  t.is((await app.request('DELETE', `/api/v1/kb/sections/${sec.body.id}`, { token: supervisor.token })).status, 204);
  t.is((await app.request('DELETE', `/api/v1/kb/categories/${cat.body.id}`, { token: supervisor.token })).status, 204);
});

test.serial('category names merge per language; moving a section re-indexes its articles under the new category', async (t) => {
  const { app, supervisor } = t.context;
  const cat = await app.request('POST', '/api/v1/kb/categories', { token: supervisor.token, body: { translations: { en: { name: 'Billing' }, de: { name: 'Abrechnung' } } } });
  t.is(cat.body.slug, 'billing');
  const renamed = await app.request('PATCH', `/api/v1/kb/categories/${cat.body.id}`, {
    token: supervisor.token, headers: { 'if-match': `"v${cat.body.version}"` }, body: { translations: { de: null, en: { name: 'Billing and plans' } } },
  });
  t.is(renamed.status, 200, JSON.stringify(renamed.body));
  t.deepEqual(renamed.body.translations, { en: { name: 'Billing and plans', description: '' } });
  t.is(renamed.headers.get('etag'), `"v${cat.body.version + 1}"`);
  const stale = await app.request('PATCH', `/api/v1/kb/categories/${cat.body.id}`, { token: supervisor.token, body: { position: 3, version: cat.body.version } });
  t.is(stale.status, 409);
  const empty = await app.request('PATCH', `/api/v1/kb/categories/${cat.body.id}`, { token: supervisor.token, body: { translations: { en: null } } });
  t.is(empty.status, 422, 'a category keeps at least one language');

  const sec = await app.request('POST', '/api/v1/kb/sections', { token: supervisor.token, body: { categoryId: t.context.categoryId, translations: { en: { name: 'Invoices' } } } });
  const created = await app.request('POST', '/api/v1/kb/articles', {
    token: supervisor.token, body: { sectionId: sec.body.id, kind: 'article', visibility: 'public', translation: { language: 'en', title: 'Download a pelicaninvoice', bodyHtml: '<p>PDF.</p>' } },
  });
  await publish(t, created.body.id);
  await indexed(t, 'en', 'pelicaninvoice', created.body.id);
  const moved = await app.request('PATCH', `/api/v1/kb/sections/${sec.body.id}`, { token: supervisor.token, body: { categoryId: cat.body.id } });
  t.is(moved.status, 200, JSON.stringify(moved.body));
  await waitFor('the document under the new category', async () => {
    const res = await app.search!.engine.search(KB_INDEX, { q: 'pelicaninvoice', filter: `categoryId = ${cat.body.id}`, limit: 5, offset: 0 });
    return res.hits.some((h) => h.document.articleId === created.body.id);
  });
  const tree = await app.request('GET', '/api/v1/help-center/de/categories');
  const billing = tree.body.categories.find((c: { id: number }) => c.id === cat.body.id);
  t.is(billing.name, 'Billing and plans', 'falls back to English');
  t.deepEqual(billing.sections.map((s: { id: number; articleCount: number }) => [s.id, s.articleCount]), [[sec.body.id, 0]], 'no German translation published');
});

test.serial('index settings are applied at start: per-language attributes and the vector embedder', async (t) => {
  const { embedded } = t.context.app.search!;
  const engine = createMeiliSearchEngine({ host: embedded!.host, apiKey: embedded!.apiKey });
  const settings = await engine.client.index(KB_INDEX).getSettings();
  t.deepEqual(settings.searchableAttributes, KB_INDEX_SETTINGS.searchableAttributes);
  t.deepEqual(settings.localizedAttributes, [{ attributePatterns: ['*_en'], locales: ['eng'] }]);
  t.like(settings.embedders?.use, { source: 'userProvided', dimensions: 512 });
  t.deepEqual(settings.synonyms?.passwort, ['kennwort']);
});

test.serial('publishing while Meilisearch is down reaches the index once it is back; searches meanwhile get 503', async (t) => {
  t.timeout(120_000);
  const { app } = t.context;
  const created = await article(t, { title: 'Narwhal shipping times', bodyHtml: '<p>Narwhal parcels take three days.</p>' });
  const embedded = app.search!.embedded!;
  await embedded.stop();
  const down = await publicSearch(t, 'en', 'narwhal');
  t.is(down.status, 503);
  t.is(down.headers.get('content-type'), 'application/problem+json');

  await publish(t, created.id);
  const put = await app.request('PUT', `/api/v1/kb/articles/${created.id}/translations/en`, {
    token: t.context.supervisor.token, body: { title: 'Narwhal shipping times', bodyHtml: '<p>Narwhal parcels take three days via ostrichexpress.</p>' },
  });
  t.is(put.status, 200);
  await waitFor('a failed kb_index attempt', async () =>
    app.db('graphile_worker.jobs').where('task_identifier', 'kb_index').where('attempts', '>', 0).whereNotNull('last_error').first());

  const back = await startEmbeddedMeili({ dataDir: app.dataDir, logger: pino({ level: 'silent' }), port: embedded.port });
  t.context.restarted.push(back);
  await waitFor('the article published during the outage in the public search', async () => {
    const res = await publicSearch(t, 'en', 'ostrichexpress');
    return res.status === 200 && hitIds(res).includes(created.id);
  }, 60_000);
});

test.serial('a full reindex rebuilds kb_articles from the database; deleting an article removes it', async (t) => {
  const { app, supervisor } = t.context;
  const created = await article(t, { title: 'Axolotl aquarium heater', bodyHtml: '<p>Set it to 18 degrees.</p>' });
  await publish(t, created.id);
  await indexed(t, 'en', 'axolotl', created.id);
  const engine = app.search!.engine;
  await engine.remove(KB_INDEX, [`${created.id}-en`]);
  t.deepEqual(hitIds(await staffSearch(t, 'en', 'axolotl')), []);
  const progress: number[] = [];
  const result = await reindexKbArticles({ db: app.db, engine, batchSize: 2, onProgress: (p) => progress.push(p.done) });
  const published = Number((await app.db('kb_article_translations').where({ state: 'published' }).count<{ n: string }[]>('* as n').first())!.n);
  t.is(result.indexed, published);
  t.is(await engine.documentCount(KB_INDEX), published);
  t.true(progress.length > 2, 'progress per batch');
  t.deepEqual(hitIds(await staffSearch(t, 'en', 'axolotl')), [created.id]);

  t.is((await app.request('DELETE', `/api/v1/kb/articles/${created.id}`, { token: supervisor.token })).status, 204);
  await notIndexed(t, 'en', 'axolotl', created.id);
  t.is((await app.request('GET', `/api/v1/kb/articles/${created.id}`, { token: supervisor.token })).status, 404);
});
