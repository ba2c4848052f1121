/** The knowledge-base API shapes the UI uses (section 1 of the session contract; gateway/routes/kb.routes.ts). */
/** Where the console's knowledge-base section lives (links are absolute: the section has nested routes). */
export const KB_ROOT = '/admin/knowledge-base';
export type KbLanguage = 'en' | 'de';
export const KB_LANGUAGES: KbLanguage[] = ['en', 'de'];
export type KbState = 'draft' | 'published' | 'archived';
export type KbKind = 'article' | 'tutorial';
export type KbVisibility = 'public' | 'internal';
export type KbNames = { [lang: string]: { name: string; description: string | null } | undefined };

export type KbCategory = { id: number; slug: string; position: number; translations: KbNames; version: number; createdAt: string; updatedAt: string };
export type KbSection = KbCategory & { categoryId: number };

export type KbTranslationSummary = { language: string; title: string; slug: string; state: KbState; revision: number; publishedAt: string | null; updatedAt: string };
export type KbArticleSummary = {
  id: number; sectionId: number; kind: KbKind; visibility: KbVisibility; relatedIds: number[]; viewCount: number;
  helpful: { yes: number; no: number }; version: number; createdAt: string; updatedAt: string; translations: KbTranslationSummary[];
};
export type TutorialCheck = { question: string; options: string[]; correctIndex: number };
export type TutorialStep = { title: string; bodyHtml: string; imageUrl: string | null; check: TutorialCheck | null };
export type KbTranslation = {
  articleId: number; language: string; title: string; slug: string; bodyHtml: string; steps: TutorialStep[] | null;
  state: KbState; revision: number; publishedAt: string | null; updatedAt: string; authorId: number | null;
};
export type KbRevisionSummary = { revision: number; title: string; authorId: number | null; createdAt: string };
export type KbRevision = KbRevisionSummary & { bodyHtml: string; steps: TutorialStep[] | null };
/** One piece of a text diff (core/diff.ts); read tolerantly: `op`/`type` and `text`/`value`. */
export type DiffOp = { op?: string; type?: string; kind?: string; text?: string; value?: string };
export type KbDiff = { from: number; to: number; title: DiffOp[]; body: DiffOp[] };
export type KbFeedback = { id: number; language: string; helpful: boolean; comment: string | null; createdAt: string };
export type KbSearchHit = {
  articleId: number; language: string; title: string; titleHtml: string; snippetHtml: string; kind: KbKind;
  visibility: KbVisibility; url: string; score?: number;
};
export type KbFile = { id: number; url: string; fileName: string; contentType: string; size: number };

/** The name of a category or section in a language, falling back to any language it has. */
export function nameIn(names: KbNames, lang: string): string {
  return names[lang]?.name ?? Object.values(names).find((n) => n?.name)?.name ?? '';
}

/** The best translation of an article for a language (that one, else English, else the first). */
export function pickTranslation(a: KbArticleSummary, lang: string): KbTranslationSummary | undefined {
  return a.translations.find((t) => t.language === lang) ?? a.translations.find((t) => t.language === 'en') ?? a.translations[0];
}
