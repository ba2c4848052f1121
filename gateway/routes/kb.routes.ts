import { z } from 'zod';
import { validationError } from '../../core/errors';
import { idParam } from '../../core/schemas/common.schema';
import {
  articleLanguageParams, createKbArticleInput, createKbCategoryInput, createKbSectionInput, diffQuery, feedbackListQuery, kbArticleSummaryResponse,
  kbCategoryResponse, kbDiffResponse, kbFileResponse, kbRevisionResponse, kbSearchHitResponse, kbSearchQuery, kbSectionResponse, kbTranslationResponse,
  listKbArticlesQuery, listKbSectionsQuery, revisionParams, setStateInput, translationContent, updateKbArticleInput, updateKbCategoryInput,
  updateKbSectionInput,
} from '../../core/schemas/kb.schema';
import { discardUpload, storeUpload } from '../../services/attachments/attachment.service';
import { createKbArticle, deleteKbArticle, getKbArticle, listKbArticles, updateKbArticle } from '../../services/kb/kb-article.service';
import { createKbCategory, deleteKbCategory, listKbCategories, updateKbCategory } from '../../services/kb/kb-category.service';
import { listKbFeedback } from '../../services/kb/kb-feedback.service';
import { recordKbFile } from '../../services/kb/kb-file.service';
import { searchKnowledgeBaseWithTotal } from '../../services/kb/kb-search.service';
import { createKbSection, deleteKbSection, listKbSections, updateKbSection } from '../../services/kb/kb-section.service';
import {
  diffKbRevisions, getKbRevision, getKbTranslation, listKbRevisions, putKbTranslation, restoreKbRevision, setKbTranslationState,
} from '../../services/kb/kb-translation.service';
import { receiveSingleFile } from '../http/multipart';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Knowledge base';
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const stale = { 409: { description: 'Changed by someone else (version), or still in use' } };
const unavailable = { 503: { description: 'The search engine cannot be reached' } };

/** Staff routes of the knowledge base (docs/knowledge-base.md): reads need kb:read_internal, writes kb:write. */
export const kbRoutes = [
  // Categories
  defineRoute({
    method: 'get', path: '/kb/categories', operationId: 'listKbCategories', summary: 'All knowledge base categories, by position', tag,
    permission: 'kb:read_internal', responses: { 200: { description: 'Categories', schema: list(kbCategoryResponse) } },
    handler: async (_input, { db }) => ({ body: { items: await listKbCategories(db) } }),
  }),
  defineRoute({
    method: 'post', path: '/kb/categories', operationId: 'createKbCategory', summary: 'Create a category (names per language)', tag,
    permission: 'kb:write', body: createKbCategoryInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: kbCategoryResponse }, 409: { description: 'Slug in use' } },
    handler: async ({ body }, { db, actor }) => {
      const created = await createKbCategory(db, actor, body);
      return { status: 201, body: created, headers: { ETag: etag(created.version), Location: `/api/v1/kb/categories/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/kb/categories/:id', operationId: 'updateKbCategory', summary: 'Rename, reorder or re-slug a category (names merged per language; null removes one)', tag,
    permission: 'kb:write', params: idParam, body: updateKbCategoryInput,
    responses: { 200: { description: 'Updated', schema: kbCategoryResponse }, ...stale },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const updated = await updateKbCategory(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: updated, headers: { ETag: etag(updated.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/kb/categories/:id', operationId: 'deleteKbCategory', summary: 'Delete an empty category', tag,
    permission: 'kb:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'The category still has sections' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteKbCategory(db, actor, params.id);
      return {};
    },
  }),
  // Sections
  defineRoute({
    method: 'get', path: '/kb/sections', operationId: 'listKbSections', summary: 'Knowledge base sections (optionally of one category), by position', tag,
    permission: 'kb:read_internal', query: listKbSectionsQuery, responses: { 200: { description: 'Sections', schema: list(kbSectionResponse) } },
    handler: async ({ query }, { db }) => ({ body: { items: await listKbSections(db, query) } }),
  }),
  defineRoute({
    method: 'post', path: '/kb/sections', operationId: 'createKbSection', summary: 'Create a section in a category', tag,
    permission: 'kb:write', body: createKbSectionInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: kbSectionResponse }, 409: { description: 'Slug in use in this category' } },
    handler: async ({ body }, { db, actor }) => {
      const created = await createKbSection(db, actor, body);
      return { status: 201, body: created, headers: { ETag: etag(created.version), Location: `/api/v1/kb/sections/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/kb/sections/:id', operationId: 'updateKbSection', summary: 'Rename, reorder or move a section', tag,
    permission: 'kb:write', params: idParam, body: updateKbSectionInput,
    responses: { 200: { description: 'Updated', schema: kbSectionResponse }, ...stale },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const updated = await updateKbSection(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: updated, headers: { ETag: etag(updated.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/kb/sections/:id', operationId: 'deleteKbSection', summary: 'Delete an empty section', tag,
    permission: 'kb:write', params: idParam,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'The section still has articles' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteKbSection(db, actor, params.id);
      return {};
    },
  }),
  // Articles
  defineRoute({
    method: 'get', path: '/kb/articles', operationId: 'listKbArticles', summary: 'Articles, newest first, with their translations (filters match any translation)', tag,
    permission: 'kb:read_internal', query: listKbArticlesQuery, responses: { 200: { description: 'A page of articles', schema: pageOf(kbArticleSummaryResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listKbArticles(db, query);
      return { body: { items: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/kb/articles', operationId: 'createKbArticle', summary: 'Create an article or tutorial with its first translation (a draft, revision 1)', tag,
    permission: 'kb:write', body: createKbArticleInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: kbArticleSummaryResponse } },
    handler: async ({ body }, { db, actor }) => {
      const created = await createKbArticle(db, actor, body);
      return { status: 201, body: created, headers: { ETag: etag(created.version), Location: `/api/v1/kb/articles/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/kb/articles/:id', operationId: 'getKbArticle', summary: 'One article with its translations', tag,
    permission: 'kb:read_internal', params: idParam, responses: { 200: { description: 'The article', schema: kbArticleSummaryResponse } },
    handler: async ({ params }, { db }) => {
      const article = await getKbArticle(db, params.id);
      return { body: article, headers: { ETag: etag(article.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/kb/articles/:id', operationId: 'updateKbArticle', summary: 'Move an article, change its visibility or related articles', tag,
    permission: 'kb:write', params: idParam, body: updateKbArticleInput,
    responses: { 200: { description: 'Updated', schema: kbArticleSummaryResponse }, ...stale },
    handler: async ({ params, body }, { db, actor, koa }) => {
      const updated = await updateKbArticle(db, actor, params.id, body, optionalVersion(koa.get('If-Match'), body.version));
      return { body: updated, headers: { ETag: etag(updated.version) } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/kb/articles/:id', operationId: 'deleteKbArticle', summary: 'Delete an article with all its translations, revisions and feedback', tag,
    permission: 'kb:write', params: idParam, responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteKbArticle(db, actor, params.id);
      return {};
    },
  }),
  // Translations and revisions
  defineRoute({
    method: 'get', path: '/kb/articles/:id/translations/:language', operationId: 'getKbTranslation', summary: 'One translation with its current content', tag,
    permission: 'kb:read_internal', params: articleLanguageParams, responses: { 200: { description: 'The translation', schema: kbTranslationResponse } },
    handler: async ({ params }, { db }) => ({ body: await getKbTranslation(db, params.id, params.language) }),
  }),
  defineRoute({
    method: 'put', path: '/kb/articles/:id/translations/:language', operationId: 'putKbTranslation',
    summary: 'Create a translation (draft) or save its next revision (a published one stays published with the new content)', tag,
    permission: 'kb:write', params: articleLanguageParams, body: translationContent,
    responses: { 200: { description: 'Saved', schema: kbTranslationResponse }, 409: { description: 'baseRevision is stale' } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await putKbTranslation(db, actor, params.id, params.language, body) }),
  }),
  defineRoute({
    method: 'post', path: '/kb/articles/:id/translations/:language/state', operationId: 'setKbTranslationState', summary: 'Publish, unpublish (draft) or archive a translation', tag,
    permission: 'kb:write', params: articleLanguageParams, body: setStateInput,
    responses: { 200: { description: 'The translation in its new state', schema: kbTranslationResponse } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await setKbTranslationState(db, actor, params.id, params.language, body.state) }),
  }),
  defineRoute({
    method: 'get', path: '/kb/articles/:id/translations/:language/revisions', operationId: 'listKbRevisions', summary: 'Revisions of a translation, newest first', tag,
    permission: 'kb:read_internal', params: articleLanguageParams,
    responses: { 200: { description: 'Revisions', schema: list(kbRevisionResponse.omit({ bodyHtml: true, steps: true })) } },
    handler: async ({ params }, { db }) => ({ body: await listKbRevisions(db, params.id, params.language) }),
  }),
  defineRoute({
    method: 'get', path: '/kb/articles/:id/translations/:language/revisions/:revision', operationId: 'getKbRevision', summary: 'The content of one revision', tag,
    permission: 'kb:read_internal', params: revisionParams, responses: { 200: { description: 'The revision', schema: kbRevisionResponse } },
    handler: async ({ params }, { db }) => ({ body: await getKbRevision(db, params.id, params.language, params.revision) }),
  }),
  defineRoute({
    method: 'get', path: '/kb/articles/:id/translations/:language/revisions/:revision/diff', operationId: 'diffKbRevisions',
    summary: 'Word diff of title and plain text from revision `against` (default: the previous one) to this one', tag,
    permission: 'kb:read_internal', params: revisionParams, query: diffQuery, responses: { 200: { description: 'The diff', schema: kbDiffResponse } },
    handler: async ({ params, query }, { db }) => ({ body: await diffKbRevisions(db, params.id, params.language, params.revision, query.against) }),
  }),
  defineRoute({
    method: 'post', path: '/kb/articles/:id/translations/:language/revisions/:revision/restore', operationId: 'restoreKbRevision',
    summary: 'Restore a revision: saved as a new revision with that content', tag,
    permission: 'kb:write', params: revisionParams, responses: { 200: { description: 'The translation', schema: kbTranslationResponse } },
    handler: async ({ params }, { db, actor }) => ({ body: await restoreKbRevision(db, actor, params.id, params.language, params.revision) }),
  }),
  defineRoute({
    method: 'get', path: '/kb/articles/:id/feedback', operationId: 'listKbFeedback', summary: '"Was this helpful?" answers, newest first', tag,
    permission: 'kb:read_internal', params: idParam, query: feedbackListQuery,
    responses: { 200: { description: 'A page of feedback', schema: pageOf(z.object({ id: z.number(), language: z.string(), helpful: z.boolean(), comment: z.string().nullable(), createdAt: z.string() })) } },
    handler: async ({ params, query }, { db }) => {
      const { rows, nextCursor } = await listKbFeedback(db, params.id, query);
      return { body: { items: rows, nextCursor } };
    },
  }),
  // Files and search
  defineRoute({
    method: 'post', path: '/kb/files', operationId: 'uploadKbFile', summary: 'Upload an image or attachment for articles (multipart field `file`); its url is public once a published public article uses it', tag,
    permission: 'kb:write',
    rawBody: { contentType: 'multipart/form-data', description: 'One part named `file`; its Content-Type must match its content' },
    responses: {
      201: { description: 'Stored', schema: kbFileResponse }, 413: { description: 'The file is larger than allowed' },
      415: { description: 'Not multipart, or a file type that is not accepted or does not match its content' },
    },
    handler: async (_input, { db, actor, deps, koa }) => {
      const { storage, config } = deps;
      const stored = await receiveSingleFile(koa, {
        field: 'file', maxBytes: config.attachments.maxBytes,
        store: (file) => storeUpload(storage, config.attachments, file), discard: (upload) => discardUpload(storage, upload),
      });
      if (!stored) throw validationError('No file was sent', [{ path: 'file', message: 'is required' }]);
      return { status: 201, body: await recordKbFile(db, storage, actor, stored) };
    },
  }),
  defineRoute({
    method: 'get', path: '/kb/search', operationId: 'searchKbStaff', summary: 'Search published articles incl. internal ones (ticket composer: insert or link)', tag,
    permission: 'kb:read_internal', query: kbSearchQuery,
    responses: { 200: { description: 'Hits, best first', schema: z.object({ hits: z.array(kbSearchHitResponse) }) }, ...unavailable },
    handler: async ({ query }, { deps }) => {
      const { hits } = await searchKnowledgeBaseWithTotal(deps.search, { text: query.q, language: query.language, includeInternal: true, limit: query.limit });
      return { body: { hits: hits.map(({ text: _text, ...hit }) => hit) } };
    },
  }),
];
