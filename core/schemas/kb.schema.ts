import { z } from 'zod';
import { KB_KINDS, KB_STATES, KB_VISIBILITIES, kbLanguageProblem, SLUG_PATTERN } from '../kb';
import { bodyId, cursor, id, limit } from './common.schema';
import { atLeastOneChange, bodyVersion } from './query.schema';

/** A supported KB language (core/kb.ts KB_LANGUAGES); others are refused naming the supported ones. */
export const kbLanguage = z.string().superRefine((s, ctx) => {
  const problem = kbLanguageProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const slug = z.string().min(1).max(80).regex(SLUG_PATTERN, 'must be lowercase letters, digits and single hyphens, like reset-password');
const position = z.number().int().min(0).max(1_000_000);
const title = z.string().trim().min(1).max(300);
/** Sanitized with the article allowlist by the service (core/rich-text.ts). */
const bodyHtml = z.string().max(500_000);

const nameEntry = z.strictObject({ name: z.string().trim().min(1).max(200), description: z.string().trim().max(2000).default('') });
/** A map keyed by KB language; an unsupported key is reported at its own path with the supported languages. */
const languageMap = <T extends z.ZodType>(value: T) =>
  z.record(z.string(), value).superRefine((m, ctx) => {
    for (const key of Object.keys(m)) {
      const problem = kbLanguageProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [key] });
    }
  });
/** `{ en: { name, description } }`; languages checked like everywhere in the KB. */
const nameTranslations = languageMap(nameEntry).refine((m) => Object.keys(m).length > 0, 'give at least one language');
/** PATCH merges per language; `null` removes that language. */
const nameTranslationsPatch = languageMap(nameEntry.nullable());

export const createKbCategoryInput = z.strictObject({ slug: slug.optional(), position: position.optional(), translations: nameTranslations });
export type CreateKbCategoryInput = z.infer<typeof createKbCategoryInput>;
export const updateKbCategoryInput = z
  .strictObject({ slug: slug.optional(), position: position.optional(), translations: nameTranslationsPatch.optional(), version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateKbCategoryInput = z.infer<typeof updateKbCategoryInput>;

export const createKbSectionInput = z.strictObject({
  categoryId: bodyId, slug: slug.optional(), position: position.optional(), translations: nameTranslations,
});
export type CreateKbSectionInput = z.infer<typeof createKbSectionInput>;
export const updateKbSectionInput = z
  .strictObject({
    categoryId: bodyId.optional(), slug: slug.optional(), position: position.optional(), translations: nameTranslationsPatch.optional(), version: bodyVersion,
  })
  .refine(...atLeastOneChange);
export type UpdateKbSectionInput = z.infer<typeof updateKbSectionInput>;
export const listKbSectionsQuery = z.strictObject({ categoryId: id.optional() });

/** A step image: an uploaded KB file (its /api/v1/help-center/files URL) or any https image. */
const imageUrl = z.string().max(2000).refine((u) => u.startsWith('/api/v1/help-center/files/') || /^https:\/\/[^\s]+$/.test(u), 'must be a KB file URL or an https URL');
export const tutorialStep = z.strictObject({
  title: z.string().trim().min(1).max(300),
  bodyHtml,
  imageUrl: imageUrl.nullable().default(null),
  check: z
    .strictObject({
      question: z.string().trim().min(1).max(500),
      options: z.array(z.string().trim().min(1).max(300)).min(2).max(10),
      correctIndex: z.number().int().min(0),
    })
    .refine((c) => c.correctIndex < c.options.length, { message: 'must point at one of the options', path: ['correctIndex'] })
    .nullable()
    .default(null),
});
export type TutorialStep = z.infer<typeof tutorialStep>;
const steps = z.array(tutorialStep).min(1).max(100);

const relatedIds = z.array(bodyId).max(20).refine((ids) => new Set(ids).size === ids.length, 'must not repeat an article');

export const translationContent = z.strictObject({
  title, bodyHtml, steps: steps.nullable().optional(), slug: slug.optional(),
  /** Optional guard: the revision the editor started from; another save meanwhile is a 409. */
  baseRevision: z.number().int().positive().optional(),
});
export type TranslationContent = z.infer<typeof translationContent>;

export const createKbArticleInput = z.strictObject({
  sectionId: bodyId,
  kind: z.enum(KB_KINDS),
  visibility: z.enum(KB_VISIBILITIES),
  relatedIds: relatedIds.optional(),
  translation: z.strictObject({ language: kbLanguage, title, bodyHtml, steps: steps.nullable().optional(), slug: slug.optional() }),
});
export type CreateKbArticleInput = z.infer<typeof createKbArticleInput>;

export const updateKbArticleInput = z
  .strictObject({ sectionId: bodyId.optional(), visibility: z.enum(KB_VISIBILITIES).optional(), relatedIds: relatedIds.optional(), version: bodyVersion })
  .refine(...atLeastOneChange);
export type UpdateKbArticleInput = z.infer<typeof updateKbArticleInput>;

export const listKbArticlesQuery = z.strictObject({
  sectionId: id.optional(),
  state: z.enum(KB_STATES).optional(),
  visibility: z.enum(KB_VISIBILITIES).optional(),
  kind: z.enum(KB_KINDS).optional(),
  language: kbLanguage.optional(),
  /** Title contains, case-insensitive (any translation). */
  q: z.string().trim().min(1).max(200).optional(),
  cursor,
  limit,
});
export type ListKbArticlesQuery = z.infer<typeof listKbArticlesQuery>;

export const articleLanguageParams = z.strictObject({ id, language: kbLanguage });
export const revisionParams = z.strictObject({ id, language: kbLanguage, revision: id });
export const diffQuery = z.strictObject({ against: id.optional() });
export const setStateInput = z.strictObject({ state: z.enum(KB_STATES) });
export const feedbackListQuery = z.strictObject({ cursor, limit });

export const kbSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  language: kbLanguage,
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const publicLanguageParams = z.strictObject({ language: kbLanguage });
export const publicIdParams = z.strictObject({ language: kbLanguage, id });
export const publicSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(950).default(0),
});
export const publicFeedbackInput = z.strictObject({ language: kbLanguage, helpful: z.boolean(), comment: z.string().trim().max(2000).optional() });
export type PublicFeedbackInput = z.infer<typeof publicFeedbackInput>;
export const fileParams = z.strictObject({ id, fileName: z.string().min(1).max(300) });

// Responses (OpenAPI; the services build these shapes).
const names = z.record(z.string(), z.object({ name: z.string(), description: z.string() }));
export const kbCategoryResponse = z.object({
  id: z.number(), slug: z.string(), position: z.number(), translations: names, version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export type KbCategory = z.infer<typeof kbCategoryResponse>;
export const kbSectionResponse = kbCategoryResponse.extend({ categoryId: z.number() });
export type KbSection = z.infer<typeof kbSectionResponse>;

export const kbArticleSummaryResponse = z.object({
  id: z.number(), sectionId: z.number(), kind: z.enum(KB_KINDS), visibility: z.enum(KB_VISIBILITIES), relatedIds: z.array(z.number()),
  viewCount: z.number(), helpful: z.object({ yes: z.number(), no: z.number() }), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
  translations: z.array(z.object({
    language: z.string(), title: z.string(), slug: z.string(), state: z.enum(KB_STATES), revision: z.number(), publishedAt: z.string().nullable(), updatedAt: z.string(),
  })),
});
export type KbArticleSummary = z.infer<typeof kbArticleSummaryResponse>;

const stepResponse = z.object({
  title: z.string(), bodyHtml: z.string(), imageUrl: z.string().nullable(),
  check: z.object({ question: z.string(), options: z.array(z.string()), correctIndex: z.number() }).nullable(),
});
export const kbTranslationResponse = z.object({
  articleId: z.number(), language: z.string(), title: z.string(), slug: z.string(), bodyHtml: z.string(), steps: z.array(stepResponse).nullable(),
  state: z.enum(KB_STATES), revision: z.number(), publishedAt: z.string().nullable(), updatedAt: z.string(), authorId: z.number().nullable(),
});
export type KbTranslation = z.infer<typeof kbTranslationResponse>;

export const kbRevisionResponse = z.object({
  revision: z.number(), title: z.string(), bodyHtml: z.string(), steps: z.array(stepResponse).nullable(), authorId: z.number().nullable(), createdAt: z.string(),
});
export type KbRevision = z.infer<typeof kbRevisionResponse>;
const diffOp = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export const kbDiffResponse = z.object({ from: z.number(), to: z.number(), title: z.array(diffOp), body: z.array(diffOp) });

export const kbSearchHitResponse = z.object({
  articleId: z.number(), language: z.string(), title: z.string(), titleHtml: z.string(), snippetHtml: z.string(), kind: z.enum(KB_KINDS),
  visibility: z.enum(KB_VISIBILITIES), url: z.string(), score: z.number().optional(),
});
export type KbSearchHit = z.infer<typeof kbSearchHitResponse>;

export const publicArticleResponse = z.object({
  id: z.number(), language: z.string(), title: z.string(), slug: z.string(), kind: z.enum(KB_KINDS), bodyHtml: z.string(),
  steps: z.array(stepResponse).nullable(), section: z.object({ id: z.number(), name: z.string() }), category: z.object({ id: z.number(), name: z.string() }),
  related: z.array(z.object({ id: z.number(), title: z.string(), slug: z.string() })), languages: z.array(z.string()), updatedAt: z.string(), url: z.string(),
});
export type PublicArticle = z.infer<typeof publicArticleResponse>;

export const kbFileResponse = z.object({ id: z.number(), url: z.string(), fileName: z.string(), contentType: z.string(), size: z.number() });
