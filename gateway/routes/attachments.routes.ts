import { z } from 'zod';
import { validationError } from '../../core/errors';
import { id, idParam } from '../../core/schemas/common.schema';
import {
  attachmentView, discardUpload, getReadableAttachment, openAttachmentContent, recordAttachment, storeUpload,
} from '../../services/attachments/attachment.service';
import { receiveSingleFile } from '../http/multipart';
import { defineRoute } from '../http/route';

const attachmentResponse = z.object({
  id: z.number(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  ticketId: z.number().nullable(),
  entryId: z.number().nullable(),
  uploadedBy: z.object({ type: z.string(), id: z.number().nullable() }).optional(),
  contentUrl: z.string(),
  createdAt: z.string(),
});

export const attachmentRoutes = [
  defineRoute({
    method: 'post', path: '/attachments', operationId: 'uploadAttachment', tag: 'Attachments',
    summary: 'Upload a file (multipart field `file`); attach it to an entry later with attachmentIds, or to a ticket now with ?ticketId',
    permission: 'attachments:create', query: z.strictObject({ ticketId: id.optional() }),
    rawBody: { contentType: 'multipart/form-data', description: 'One part named `file`; its Content-Type must match its content' },
    responses: {
      201: { description: 'Stored', schema: attachmentResponse },
      404: { description: 'No such ticket visible to you' },
      413: { description: 'The file is larger than allowed' },
      415: { description: 'Not multipart, or a file type that is not accepted or does not match its content' },
    },
    handler: async ({ query }, { db, principal, actor, deps, koa }) => {
      const { storage, config } = deps;
      const stored = await receiveSingleFile(koa, {
        field: 'file',
        maxBytes: config.attachments.maxBytes,
        store: (file) => storeUpload(storage, config.attachments, file),
        discard: (upload) => discardUpload(storage, upload),
      });
      if (!stored) throw validationError('No file was sent', [{ path: 'file', message: 'is required' }]);
      const view = await recordAttachment(db, storage, principal, actor, stored, { ticketId: query.ticketId });
      return { status: 201, body: view, headers: { Location: `/api/v1/attachments/${view.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/attachments/:id', operationId: 'getAttachment', summary: 'Attachment metadata', tag: 'Attachments',
    permission: 'attachments:read', params: idParam,
    responses: { 200: { description: 'The attachment', schema: attachmentResponse }, 404: { description: 'No such attachment readable by you' } },
    handler: async ({ params }, { db, principal }) => ({ body: attachmentView(principal, await getReadableAttachment(db, principal, params.id)) }),
  }),
  defineRoute({
    method: 'get', path: '/attachments/:id/content', operationId: 'getAttachmentContent', summary: 'Download the bytes (always as a download, never rendered)', tag: 'Attachments',
    permission: 'attachments:read', params: idParam,
    responses: { 200: { description: 'The file content' }, 404: { description: 'No such attachment readable by you' } },
    handler: async ({ params }, { db, principal, deps }) => {
      const { stream, headers } = await openAttachmentContent(db, deps.storage, principal, params.id);
      return { body: stream, headers };
    },
  }),
];
