import { idParam, page } from '../../core/schemas/common.schema';
import { createTagInput, listTagsQuery, tagResponse, updateTagInput } from '../../core/schemas/tag.schema';
import { createTag, deleteTag, getTag, listTags, updateTag } from '../../services/settings/tag.service';
import { defineRoute } from '../http/route';

const tag = 'Tags';

export const tagRoutes = [
  defineRoute({
    method: 'get', path: '/tags', operationId: 'listTags', summary: 'List tags by name with how many tickets use each', tag,
    permission: 'settings:read', query: listTagsQuery,
    responses: { 200: { description: 'A page of tags', schema: page(tagResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listTags(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/tags', operationId: 'createTag', summary: 'Create a tag', tag,
    permission: 'settings:write', body: createTagInput, idempotent: true,
    responses: { 201: { description: 'Created', schema: tagResponse }, 409: { description: 'Name already used' } },
    handler: async ({ body }, { db, actor }) => {
      const created = await createTag(db, actor, body);
      return { status: 201, body: created, headers: { Location: `/api/v1/tags/${created.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/tags/:id', operationId: 'getTag', summary: 'Get a tag', tag,
    permission: 'settings:read', params: idParam,
    responses: { 200: { description: 'The tag', schema: tagResponse } },
    handler: async ({ params }, { db }) => ({ body: await getTag(db, params.id) }),
  }),
  defineRoute({
    method: 'patch', path: '/tags/:id', operationId: 'updateTag', summary: 'Rename or recolour a tag (renames every ticket\'s tag too)', tag,
    permission: 'settings:write', params: idParam, body: updateTagInput,
    responses: { 200: { description: 'Updated', schema: tagResponse }, 409: { description: 'Name already used' } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await updateTag(db, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/tags/:id', operationId: 'deleteTag', summary: 'Delete a tag and remove it from every ticket', tag,
    permission: 'settings:write', params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteTag(db, actor, params.id);
      return {};
    },
  }),
];
