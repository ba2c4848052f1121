import { z } from 'zod';
import { SYSTEM_ACTOR, type Actor, type Principal } from '../../core/principal';
import {
  fileParams, kbSearchHitResponse, publicArticleResponse, publicFeedbackInput, publicIdParams, publicLanguageParams, publicSearchQuery,
} from '../../core/schemas/kb.schema';
import { idParam } from '../../core/schemas/common.schema';
import { addKbFeedback } from '../../services/kb/kb-feedback.service';
import { openKbFile } from '../../services/kb/kb-file.service';
import { helpCenterArticle, helpCenterCategories, helpCenterSection } from '../../services/kb/kb-public.service';
import { searchKnowledgeBaseWithTotal } from '../../services/kb/kb-search.service';
import { defineRoute } from '../http/route';

const tag = 'Help center';

/** Public routes run without a principal; one with kb:read_internal (staff signed in) also sees internal articles. */
const isStaff = (p: Principal | undefined) => p?.permissions.has('kb:read_internal') ?? false;

/** Who gave feedback: the signed-in caller, else an anonymous visitor (a customer without id) with request id and IP. */
const feedbackActor = (actor: Actor | undefined, requestId: string, ip: string): Actor =>
  actor ?? { ...SYSTEM_ACTOR, type: 'customer', requestId, ip };

const categoriesResponse = z.object({
  categories: z.array(z.object({
    id: z.number(), slug: z.string(), name: z.string(), description: z.string(),
    sections: z.array(z.object({ id: z.number(), slug: z.string(), name: z.string(), description: z.string(), articleCount: z.number() })),
  })),
});
const sectionResponse = z.object({
  section: z.object({ id: z.number(), slug: z.string(), name: z.string(), description: z.string(), categoryId: z.number(), categoryName: z.string() }),
  articles: z.array(z.object({ id: z.number(), title: z.string(), slug: z.string(), kind: z.string(), url: z.string() })),
});

/** The help center's public JSON (docs/knowledge-base.md); KB-UI renders pages from the same services. */
export const helpCenterRoutes = [
  defineRoute({
    method: 'get', path: '/help-center/:language/categories', operationId: 'helpCenterCategories', summary: 'Categories and sections with their published article counts', tag,
    permission: 'public', params: publicLanguageParams, responses: { 200: { description: 'The help center tree', schema: categoriesResponse } },
    handler: async ({ params }, { db, principal }) => ({ body: await helpCenterCategories(db, params.language, isStaff(principal)) }),
  }),
  defineRoute({
    method: 'get', path: '/help-center/:language/sections/:id', operationId: 'helpCenterSection', summary: 'A section and its published articles', tag,
    permission: 'public', params: publicIdParams, responses: { 200: { description: 'The section', schema: sectionResponse }, 404: { description: 'No such section' } },
    handler: async ({ params }, { db, principal }) => ({ body: await helpCenterSection(db, params.language, params.id, isStaff(principal)) }),
  }),
  defineRoute({
    method: 'get', path: '/help-center/:language/articles/:id', operationId: 'helpCenterArticle', summary: 'A published article (counts a view)', tag,
    permission: 'public', params: publicIdParams,
    responses: { 200: { description: 'The article', schema: publicArticleResponse }, 404: { description: 'Not published in this language, or internal' } },
    handler: async ({ params }, { db, principal }) => ({ body: await helpCenterArticle(db, params.language, params.id, isStaff(principal)) }),
  }),
  defineRoute({
    method: 'get', path: '/help-center/:language/search', operationId: 'helpCenterSearch', summary: 'Search published articles (typo tolerant, highlighted)', tag,
    permission: 'public', params: publicLanguageParams, query: publicSearchQuery,
    responses: {
      200: { description: 'Hits, best first', schema: z.object({ hits: z.array(kbSearchHitResponse), estimatedTotal: z.number() }) },
      503: { description: 'The search engine cannot be reached' },
    },
    handler: async ({ params, query }, { deps, principal }) => {
      const { hits, estimatedTotal } = await searchKnowledgeBaseWithTotal(deps.search, {
        text: query.q, language: params.language, includeInternal: isStaff(principal), limit: query.limit, offset: query.offset,
      });
      return { body: { hits: hits.map(({ text: _text, ...hit }) => hit), estimatedTotal } };
    },
  }),
  defineRoute({
    method: 'post', path: '/help-center/articles/:id/feedback', operationId: 'helpCenterFeedback', summary: '"Was this helpful?" with an optional comment', tag,
    permission: 'public', params: idParam, body: publicFeedbackInput,
    responses: { 201: { description: 'Recorded' }, 404: { description: 'Not published in this language, or internal' } },
    handler: async ({ params, body }, { db, principal, actor, koa }) => {
      const saved = await addKbFeedback(db, feedbackActor(principal ? actor : undefined, koa.state.requestId as string, koa.ip), params.id, body, isStaff(principal));
      return { status: 201, body: saved };
    },
  }),
  defineRoute({
    method: 'get', path: '/help-center/files/:id/:fileName', operationId: 'helpCenterFile', summary: 'An image or attachment of a published public article', tag,
    permission: 'public', params: fileParams, responses: { 200: { description: 'The bytes' }, 404: { description: 'No such file in a published public article' } },
    handler: async ({ params }, { db, deps, principal }) => {
      const { stream, headers } = await openKbFile(db, deps.storage, params.id, params.fileName, isStaff(principal));
      return { body: stream, headers };
    },
  }),
];
