import { idParam, page, pageQuery } from '../../core/schemas/common.schema';
import {
  createWebhookInput, deliveryDetailResponse, deliveryParams, deliveryResponse, listDeliveriesQuery, updateWebhookInput,
  webhookResponse, webhookWithSecretResponse,
} from '../../core/schemas/webhook.schema';
import { getDelivery, listDeliveries, pingWebhook, replayDelivery } from '../../services/webhooks/webhook-deliveries.service';
import {
  createWebhook, deleteWebhook, findWebhook, listWebhooks, rotateWebhookSecret, updateWebhook,
} from '../../services/webhooks/webhook.service';
import { webhookView } from '../../services/webhooks/webhook.view';
import { defineRoute } from '../http/route';

const tag = 'Webhooks';
const permission = 'webhooks:manage';

// Create is deliberately not idempotent-replayable: the stored response would keep the signing secret.
export const webhookRoutes = [
  defineRoute({
    method: 'get', path: '/webhooks', operationId: 'listWebhooks', summary: 'List webhook subscriptions', tag, permission,
    query: pageQuery,
    responses: { 200: { description: 'A page of webhooks, oldest first', schema: page(webhookResponse) } },
    handler: async ({ query }, { db }) => ({ body: await listWebhooks(db, query) }),
  }),
  defineRoute({
    method: 'post', path: '/webhooks', operationId: 'createWebhook', summary: 'Subscribe a URL to event types', tag, permission,
    body: createWebhookInput,
    responses: { 201: { description: 'Created; the signing secret is shown only now', schema: webhookWithSecretResponse } },
    handler: async ({ body }, { db, actor }) => {
      const { webhook, secret } = await createWebhook(db, actor, body);
      return { status: 201, body: { ...webhook, secret }, headers: { Location: `/api/v1/webhooks/${webhook.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/webhooks/:id', operationId: 'getWebhook', summary: 'Get a webhook (without its secret)', tag, permission,
    params: idParam,
    responses: { 200: { description: 'The webhook', schema: webhookResponse }, 404: { description: 'No such webhook' } },
    handler: async ({ params }, { db }) => ({ body: webhookView(await findWebhook(db, params.id)) }),
  }),
  defineRoute({
    method: 'patch', path: '/webhooks/:id', operationId: 'updateWebhook', summary: 'Change URL, event types, description or active', tag, permission,
    params: idParam, body: updateWebhookInput,
    responses: { 200: { description: 'Updated', schema: webhookResponse }, 409: { description: 'version does not match' } },
    handler: async ({ params, body }, { db, actor }) => ({ body: await updateWebhook(db, actor, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/webhooks/:id', operationId: 'deleteWebhook', summary: 'Delete a webhook and its delivery log', tag, permission,
    params: idParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }, { db, actor }) => {
      await deleteWebhook(db, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/webhooks/:id/rotate-secret', operationId: 'rotateWebhookSecret', summary: 'Replace the signing secret', tag, permission,
    params: idParam,
    responses: { 200: { description: 'The new secret, shown only now; the old one stops signing at once', schema: webhookWithSecretResponse } },
    handler: async ({ params }, { db, actor }) => {
      const { webhook, secret } = await rotateWebhookSecret(db, actor, params.id);
      return { body: { ...webhook, secret } };
    },
  }),
  defineRoute({
    method: 'post', path: '/webhooks/:id/ping', operationId: 'pingWebhook', summary: 'Send a signed webhook.ping test event', tag, permission,
    params: idParam,
    responses: { 202: { description: 'Queued', schema: deliveryResponse }, 409: { description: 'Webhook is disabled' } },
    handler: async ({ params }, { db, actor }) => ({ status: 202, body: await pingWebhook(db, actor, params.id) }),
  }),
  defineRoute({
    method: 'get', path: '/webhooks/:id/deliveries', operationId: 'listWebhookDeliveries', summary: 'Delivery log, newest first', tag, permission,
    params: idParam, query: listDeliveriesQuery,
    responses: { 200: { description: 'A page of deliveries', schema: page(deliveryResponse) } },
    handler: async ({ params, query }, { db }) => ({ body: await listDeliveries(db, params.id, query) }),
  }),
  defineRoute({
    method: 'get', path: '/webhooks/:id/deliveries/:deliveryId', operationId: 'getWebhookDelivery', summary: 'One delivery with its body and every attempt', tag, permission,
    params: deliveryParams,
    responses: { 200: { description: 'The delivery', schema: deliveryDetailResponse }, 404: { description: 'No such delivery for this webhook' } },
    handler: async ({ params }, { db }) => ({ body: await getDelivery(db, params.id, params.deliveryId) }),
  }),
  defineRoute({
    method: 'post', path: '/webhooks/:id/deliveries/:deliveryId/replay', operationId: 'replayWebhookDelivery', summary: 'Send the event again as a new delivery', tag, permission,
    params: deliveryParams,
    responses: { 202: { description: 'Queued', schema: deliveryResponse }, 409: { description: 'Webhook is disabled' } },
    handler: async ({ params }, { db, actor }) => ({ status: 202, body: await replayDelivery(db, actor, params.id, params.deliveryId) }),
  }),
];
