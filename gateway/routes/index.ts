import type { RouteDef } from '../http/route';
import { apiKeyRoutes } from './api-keys.routes';
import { auditLogRoutes } from './audit-log.routes';
import { customFieldRoutes } from './custom-fields.routes';
import { customerRoutes } from './customers.routes';
import { organizationRoutes } from './organizations.routes';
import { priorityRoutes } from './priorities.routes';
import { statusRoutes } from './statuses.routes';
import { tagRoutes } from './tags.routes';
import { teamRoutes } from './teams.routes';
import { workerRoutes } from './workers.routes';
import { attachmentRoutes } from './attachments.routes';
import { authRoutes } from './auth.routes';
import { ticketRoutes } from './tickets.routes';
import { webhookRoutes } from './webhooks.routes';
import { lifecycleRoutes } from './lifecycle.routes';
import { notificationRoutes } from './notifications.routes';
import { surveyRoutes } from './surveys.routes';
import { routingRoutes } from './routing.routes';
import { reportRoutes } from './reports.routes';
import { responseTemplateRoutes } from './response-templates.routes';

/** Every /api/v1 route, in one table: mounted by the app, documented by the OpenAPI builder, walked by the RBAC test. */
export const allRoutes: RouteDef[] = [...authRoutes, ...ticketRoutes, ...attachmentRoutes, ...webhookRoutes, ...apiKeyRoutes, ...auditLogRoutes, ...customFieldRoutes, ...customerRoutes, ...organizationRoutes, ...priorityRoutes, ...statusRoutes, ...tagRoutes, ...teamRoutes, ...workerRoutes, ...lifecycleRoutes, ...notificationRoutes, ...surveyRoutes, ...reportRoutes, ...responseTemplateRoutes, ...routingRoutes];
