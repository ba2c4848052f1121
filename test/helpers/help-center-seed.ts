/**
 * A small knowledge base for the help-center tests, created through KB-core's staff API (as an editor would):
 * public articles in English and German, a tutorial, an internal article and a draft.
 */
import type { TestApp } from './app';

export type SeededKb = {
  categoryId: number;
  sectionId: number;
  /** Public, published in en + de, related to the tutorial. */
  password: { id: number; slugEn: string; slugDe: string };
  /** Public tutorial (3 steps, a check question on step 2), published in en. */
  tutorial: { id: number; slug: string };
  /** Public, published in en, title with markup characters. */
  printer: { id: number; slug: string };
  /** Internal, published in en. */
  internal: { id: number; slug: string };
  /** Public, draft only. */
  draft: { id: number; slug: string };
};

export const TUTORIAL_STEPS = [
  { title: 'Open your profile', bodyHtml: '<p>Click your avatar, then <strong>Profile</strong>.</p>', imageUrl: null, check: null },
  {
    title: 'Scan the QR code',
    bodyHtml: '<p>Scan the code with your authenticator app.</p><div data-callout="tip">Any TOTP app works.</div>',
    imageUrl: null,
    check: { question: 'What do you scan the code with?', options: ['A web browser', 'An authenticator app', 'A printer'], correctIndex: 1 },
  },
  { title: 'Enter the code', bodyHtml: '<p>Type the six digits and press <strong>Confirm</strong>.</p>', imageUrl: null, check: null },
];

export async function seedHelpCenter(app: TestApp, token: string): Promise<SeededKb> {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(method, `/api/v1${path}`, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const category = await call('POST', '/kb/categories', {
    translations: { en: { name: 'Getting started', description: 'First steps with your account' }, de: { name: 'Erste Schritte', description: 'Die ersten Schritte mit Ihrem Konto' } },
  });
  const section = await call('POST', '/kb/sections', {
    categoryId: category.id, translations: { en: { name: 'Account and security', description: 'Passwords and sign-in' }, de: { name: 'Konto und Sicherheit', description: 'Passwörter und Anmeldung' } },
  });
  const article = async (input: { kind?: 'article' | 'tutorial'; visibility?: 'public' | 'internal'; relatedIds?: number[]; title: string; bodyHtml: string; steps?: unknown; publish: boolean }) => {
    const created = await call('POST', '/kb/articles', {
      sectionId: section.id, kind: input.kind ?? 'article', visibility: input.visibility ?? 'public', ...(input.relatedIds && { relatedIds: input.relatedIds }),
      translation: { language: 'en', title: input.title, bodyHtml: input.bodyHtml, ...(input.steps ? { steps: input.steps } : {}) },
    });
    if (input.publish) await call('POST', `/kb/articles/${created.id}/translations/en/state`, { state: 'published' });
    return { id: created.id as number, slug: created.translations[0].slug as string };
  };
  const tutorial = await article({ kind: 'tutorial', title: 'Set up two-factor authentication', bodyHtml: '<p>Protect your account in three steps.</p>', steps: TUTORIAL_STEPS, publish: true });
  const password = await article({
    title: 'Reset your password', relatedIds: [tutorial.id], publish: true,
    bodyHtml: '<p>Open <strong>Settings</strong> and choose <em>Reset password</em>. We email you a link that works for one hour.</p>',
  });
  const de = await call('PUT', `/kb/articles/${password.id}/translations/de`, {
    title: 'Passwort zurücksetzen', bodyHtml: '<p>Öffnen Sie <strong>Einstellungen</strong> und wählen Sie <em>Passwort zurücksetzen</em>. Sie erhalten einen Link per E-Mail.</p>',
  });
  await call('POST', `/kb/articles/${password.id}/translations/de/state`, { state: 'published' });
  const printer = await article({ title: 'Printer <b>tips</b> & tricks', bodyHtml: '<p>Keep the paper tray closed.</p>', publish: true });
  const internal = await article({ visibility: 'internal', title: 'Escalation playbook for supervisors', bodyHtml: '<p>Call the on-duty supervisor for password emergencies.</p>', publish: true });
  const draft = await article({ title: 'Upcoming password policy', bodyHtml: '<p>Not yet announced.</p>', publish: false });
  return { categoryId: category.id, sectionId: section.id, password: { id: password.id, slugEn: password.slug, slugDe: de.slug }, tutorial, printer, internal, draft };
}

/** Wait until the index has caught up (outbox → kb_index job) with the seeded article in both languages. */
export async function waitUntilSearchable(app: TestApp, kb: SeededKb): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [en, de] = await Promise.all([['en', 'password'], ['de', 'passwort']].map(([l, q]) => app.request('GET', `/api/v1/help-center/${l}/search?q=${q}`)));
    const ids = (r: typeof en) => (r?.status === 200 ? (r.body.hits as { articleId: number }[]).map((h) => h.articleId) : []);
    if (ids(en).includes(kb.password.id) && ids(de).includes(kb.password.id)) return;
    if (Date.now() > deadline) throw new Error(`the seeded articles never became searchable: ${JSON.stringify([en?.body, de?.body]).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
