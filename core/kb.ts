/**
 * Knowledge base rules that need no I/O (docs/knowledge-base.md): languages, states, slugs, public URLs and which
 * KB files a piece of content links to.
 */

/** The UI languages articles may be written in. */
export const KB_LANGUAGES = ['en', 'de'] as const;
export type KbLanguage = (typeof KB_LANGUAGES)[number];
/**
 * The engine locale each language's attributes are tokenized with (and queries in that language), or null for the
 * engine's default. German is deliberately null: Meilisearch 1.21's German segmenter splits a misspelled query into
 * compound parts ("Drucer" → pieces), so typos stopped matching ("Drucer" no longer found "Drucker");
 * the default tokenizer keeps German typo tolerance (docs/knowledge-base.md, measured in test/integration/kb.test.ts).
 */
export const KB_ENGINE_LOCALES: Record<KbLanguage, string | null> = { en: 'eng', de: null };

export const KB_STATES = ['draft', 'published', 'archived'] as const;
export type KbState = (typeof KB_STATES)[number];
export const KB_KINDS = ['article', 'tutorial'] as const;
export type KbKind = (typeof KB_KINDS)[number];
export const KB_VISIBILITIES = ['public', 'internal'] as const;
export type KbVisibility = (typeof KB_VISIBILITIES)[number];

/** Domain events of articles (outbox → webhooks and the kb_articles index). */
export const KB_ARTICLE_EVENTS = {
  created: 'kb.article.created',
  updated: 'kb.article.updated',
  published: 'kb.article.published',
  unpublished: 'kb.article.unpublished',
  deleted: 'kb.article.deleted',
} as const;
export const KB_ARTICLE_ENTITY = 'kb_article';

export const isKbLanguage = (s: string): s is KbLanguage => (KB_LANGUAGES as readonly string[]).includes(s);

const LANGUAGE_TAG = /^[a-z]{2}(-[A-Z]{2})?$/;
/** Why a language cannot be used, or null when it can. */
export function kbLanguageProblem(s: string): string | null {
  if (!LANGUAGE_TAG.test(s)) return `must be a language tag like en or pt-BR; supported: ${KB_LANGUAGES.join(', ')}`;
  if (!isKbLanguage(s)) return `is not a supported knowledge base language; supported: ${KB_LANGUAGES.join(', ')}`;
  return null;
}

/** `Reset your password (2FA)!` → `reset-your-password-2fa`; accents folded, at most 80 characters. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug || 'article';
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The help-center page of one article translation (KB-UI renders it). */
export const articleUrl = (language: string, id: number, slug: string) => `/help/${language}/articles/${id}-${slug}`;

/** The public URL of a KB file (images and attachments in articles). */
export const kbFileUrl = (id: number, fileName: string) => `/api/v1/help-center/files/${id}/${encodeURIComponent(fileName)}`;

const FILE_REF = /\/api\/v1\/help-center\/files\/(\d{1,15})\//g;

/** Ids of KB files linked from these strings (HTML bodies, step image URLs), distinct and sorted. */
export function referencedFileIds(texts: readonly (string | null | undefined)[]): number[] {
  const ids = new Set<number>();
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(FILE_REF)) ids.add(Number(m[1]));
  }
  return [...ids].sort((a, b) => a - b);
}

/** The first `maxWords` words of a text (what the sentence embedder sees; it truncates long input anyway). */
export function firstWords(text: string, maxWords: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(0, maxWords).join(' ');
}
