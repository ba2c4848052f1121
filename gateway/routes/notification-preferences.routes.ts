import { z } from 'zod';
import { LanternError } from '../../core/errors';
import { idParam } from '../../core/schemas/common.schema';
import { alertSettings, notificationPreferences, pushSubscriptionInput } from '../../core/schemas/notification-preferences.schema';
import type { Principal } from '../../core/principal';
import {
  getAlertSettings, getNotificationPreferences, setAlertSettings, setNotificationPreferences,
} from '../../services/notifications/notification-preferences.service';
import { addPushSubscription, removePushSubscription } from '../../services/notifications/push-subscription.service';
import { vapidKeys } from '../../services/notifications/vapid-keys';
import { defineRoute } from '../http/route';

const tag = 'Notifications';

const customerId = (p: Principal) => {
  // A request error, not an authorization one (like the assistant's routes): the caller holds `self`.
  if (p.kind !== 'customer') throw new LanternError('bad_request', 'Notification preferences belong to customers; staff use /customers/:id/notification-preferences');
  return p.id;
};
const workerId = (p: Principal) => {
  if (p.kind !== 'worker') throw new LanternError('bad_request', 'Email alert settings belong to workers');
  return p.id;
};

/** Customers' notice channels and web push, workers' email alerts (docs/notifications.md). */
export const notificationPreferenceRoutes = [
  defineRoute({
    method: 'get', path: '/me/notification-preferences', operationId: 'getMyNotificationPreferences', summary: 'My notification channels (customers)', tag,
    permission: 'self',
    responses: { 200: { description: 'The preferences', schema: notificationPreferences } },
    handler: async (_i, { db, principal }) => ({ body: await getNotificationPreferences(db, customerId(principal)) }),
  }),
  defineRoute({
    method: 'put', path: '/me/notification-preferences', operationId: 'setMyNotificationPreferences', summary: 'Choose my notification channels (customers)', tag,
    permission: 'self', body: notificationPreferences,
    responses: { 200: { description: 'The preferences', schema: notificationPreferences } },
    handler: async ({ body }, { db, principal, actor }) => ({ body: await setNotificationPreferences(db, actor, customerId(principal), body) }),
  }),
  defineRoute({
    method: 'get', path: '/customers/:id/notification-preferences', operationId: 'getCustomerNotificationPreferences', summary: "A customer's notification channels", tag,
    permission: 'customers:read', params: idParam,
    responses: { 200: { description: 'The preferences', schema: notificationPreferences } },
    handler: async ({ params }, { db }) => ({ body: await getNotificationPreferences(db, params.id) }),
  }),
  defineRoute({
    method: 'put', path: '/customers/:id/notification-preferences', operationId: 'setCustomerNotificationPreferences', summary: "Set a customer's notification channels", tag,
    permission: 'customers:write', params: idParam, body: notificationPreferences,
    responses: { 200: { description: 'The preferences', schema: notificationPreferences } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await setNotificationPreferences(db, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'get', path: '/push/public-key', operationId: 'getPushPublicKey', summary: "The install's VAPID public key for web push subscriptions", tag,
    permission: 'public',
    responses: { 200: { description: 'The key (base64url, uncompressed P-256 point)', schema: z.object({ publicKey: z.string() }) } },
    handler: async (_i, { db, deps }) => ({ body: { publicKey: (await vapidKeys(db, deps.config)).publicKey } }),
  }),
  defineRoute({
    method: 'post', path: '/push/subscriptions', operationId: 'createPushSubscription', summary: "Save this browser's push subscription (customers)", tag,
    permission: 'self', body: pushSubscriptionInput,
    responses: { 201: { description: 'Saved', schema: z.object({ id: z.number() }) } },
    handler: async ({ body }, { db, deps, principal, actor, koa }) => ({ status: 201, body: await addPushSubscription(db, deps.config, principal, actor, body, koa.get('user-agent') || undefined) }),
  }),
  defineRoute({
    method: 'delete', path: '/push/subscriptions/:id', operationId: 'deletePushSubscription', summary: 'Remove one of my push subscriptions', tag,
    permission: 'self', params: idParam,
    responses: { 204: { description: 'Removed' } },
    handler: async ({ params }, { db, principal, actor }) => {
      await removePushSubscription(db, principal, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/me/alert-settings', operationId: 'getMyAlertSettings', summary: 'My email alert settings (workers)', tag,
    permission: 'self',
    responses: { 200: { description: 'The settings', schema: alertSettings } },
    handler: async (_i, { db, principal }) => ({ body: await getAlertSettings(db, workerId(principal)) }),
  }),
  defineRoute({
    method: 'put', path: '/me/alert-settings', operationId: 'setMyAlertSettings', summary: 'Choose which notifications I also get by email (workers)', tag,
    permission: 'self', body: alertSettings,
    responses: { 200: { description: 'The settings', schema: alertSettings } },
    handler: async ({ body }, { db, principal, actor }) => ({ body: await setAlertSettings(db, actor, workerId(principal), body) }),
  }),
];
