import { page } from '../../core/schemas/common.schema';
import { auditEntryResponse, listAuditLogQuery } from '../../core/schemas/audit-log.schema';
import { listAuditLog } from '../../services/audit-query.service';
import { defineRoute } from '../http/route';

export const auditLogRoutes = [
  defineRoute({
    method: 'get', path: '/audit-log', operationId: 'listAuditLog', summary: 'Who changed what, newest first', tag: 'Audit log',
    permission: 'audit:read', query: listAuditLogQuery,
    responses: { 200: { description: 'A page of audit entries', schema: page(auditEntryResponse) } },
    handler: async ({ query }, { db }) => {
      const { rows, nextCursor } = await listAuditLog(db, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
];
