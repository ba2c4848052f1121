/**
 * The help center's data from KB-core's services (services/kb/): the same functions the public JSON routes
 * call, always as an anonymous reader (public, published content only).
 */
import { LanternError } from '../../../core/errors';
import type { KbLanguage } from '../../../core/kb';
import { SYSTEM_ACTOR, type Actor } from '../../../core/principal';
import { hasPublishedPublicTranslation, publishedPublicTranslations } from '../../../services/help-center/published-translations.service';
import { addKbFeedback } from '../../../services/kb/kb-feedback.service';
import { helpCenterArticle, helpCenterCategories, helpCenterSection } from '../../../services/kb/kb-public.service';
import { searchKnowledgeBaseWithTotal } from '../../../services/kb/kb-search.service';
import type { AppDeps } from '../../deps';
import type { HelpCenterSource } from './help-center-source';

const PUBLIC_ONLY = false;

/** A missing, unpublished or internal item is simply absent for the pages (404), not an error. */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof LanternError && err.code === 'not_found') return null;
    throw err;
  }
}

export function kbHelpCenterSource(deps: AppDeps): HelpCenterSource {
  return {
    categories: async (language) => (await helpCenterCategories(deps.db, language, PUBLIC_ONLY)).categories,
    section: (language, id) => orNull(helpCenterSection(deps.db, language, id, PUBLIC_ONLY)),
    article: (language, id) => orNull(helpCenterArticle(deps.db, language, id, PUBLIC_ONLY)),
    search: async (language, text, limit, offset) => {
      // Nothing published in this language: nothing to find (and the engine rejects searching attributes that no
      // document has yet). Without an engine the answer stays "unavailable", whatever the content.
      if (deps.search && !(await hasPublishedPublicTranslation(deps.db, language))) return { hits: [], estimatedTotal: 0 };
      const { hits, estimatedTotal } = await searchKnowledgeBaseWithTotal(deps.search, { text, language, includeInternal: PUBLIC_ONLY, limit, offset });
      return { hits: hits.map(({ text: _text, score: _score, ...hit }) => hit), estimatedTotal };
    },
    feedback: async (articleId, input, request) => {
      // Anonymous visitors: a customer without id, as the public feedback route records them.
      const actor: Actor = { ...SYSTEM_ACTOR, type: 'customer', ...request };
      await addKbFeedback(deps.db, actor, articleId, { ...input, language: input.language as KbLanguage }, PUBLIC_ONLY);
    },
    published: (articleId) => publishedPublicTranslations(deps.db, articleId),
  };
}
