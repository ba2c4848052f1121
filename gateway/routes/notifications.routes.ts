import { z } from 'zod';
import { idParam, page } from '../../core/schemas/common.schema';
import { listNotificationsQuery, notificationResponse } from '../../core/schemas/lifecycle.schema';
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadNotificationCount } from '../../services/lifecycle/notification.service';
import { defineRoute } from '../http/route';

const tag = 'Notifications';

/** A worker's in-app alerts (SLA warnings and breaches, assignments, customer replies, low CSAT). */
export const notificationRoutes = [
  defineRoute({
    method: 'get', path: '/notifications', operationId: 'listNotifications', summary: 'My notifications, newest first', tag,
    permission: 'self', query: listNotificationsQuery,
    responses: { 200: { description: 'A page of notifications', schema: page(notificationResponse) } },
    handler: async ({ query }, { db, principal }) => {
      const { rows, nextCursor } = await listNotifications(db, principal, query);
      return { body: { data: rows, nextCursor } };
    },
  }),
  defineRoute({
    method: 'post', path: '/notifications/:id/read', operationId: 'markNotificationRead', summary: 'Mark one of my notifications read', tag,
    permission: 'self', params: idParam,
    responses: { 200: { description: 'The notification', schema: notificationResponse } },
    handler: async ({ params }, { db, principal, actor }) => ({ body: await markNotificationRead(db, principal, actor, params.id) }),
  }),
  defineRoute({
    method: 'post', path: '/notifications/read-all', operationId: 'markAllNotificationsRead', summary: 'Mark all my notifications read', tag,
    permission: 'self',
    responses: { 204: { description: 'Done' } },
    handler: async (_input, { db, principal, actor }) => {
      await markAllNotificationsRead(db, principal, actor);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/notifications/unread-count', operationId: 'getUnreadNotificationCount', summary: 'How many of my notifications are unread', tag,
    permission: 'self',
    responses: { 200: { description: 'The count', schema: z.object({ count: z.number() }) } },
    handler: async (_input, { db, principal }) => ({ body: { count: await unreadNotificationCount(db, principal) } }),
  }),
];
