import { z } from 'zod';
import {
  widgetConfigQuery, widgetConfigView, widgetIdentifyInput, widgetSettingsInput, widgetSettingsView,
} from '../../core/schemas/widget.schema';
import { issueVisitorToken } from '../../services/chat/visitor-token';
import { chatContactInput } from '../../core/schemas/chat.schema';
import { setVisitorContact } from '../../services/widget/widget-contact.service';
import { identifyWidgetUser, rotateWidgetSecret } from '../../services/widget/widget-identity.service';
import { getWidgetConfig, getWidgetSettings, updateWidgetSettings } from '../../services/widget/widget-settings.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Widget';

/** The embeddable web widget (docs/widget.md): admin settings, the public config, identity verification. */
export const widgetRoutes = [
  defineRoute({
    method: 'get', path: '/widget/settings', operationId: 'getWidgetSettings', tag, summary: 'Widget settings (appearance, features, pre-chat form, allowed origins)',
    permission: 'settings:read', responses: { 200: { description: 'The settings', schema: widgetSettingsView } },
    handler: async (_input, { db }) => {
      const settings = await getWidgetSettings(db);
      return { body: settings, headers: { ETag: etag(settings.version) } };
    },
  }),
  defineRoute({
    method: 'put', path: '/widget/settings', operationId: 'updateWidgetSettings', tag, summary: 'Replace the widget settings (If-Match or version for optimistic concurrency)',
    permission: 'settings:write', body: widgetSettingsInput,
    responses: { 200: { description: 'Saved', schema: widgetSettingsView }, 409: { description: 'Changed meanwhile' } },
    handler: async ({ body }, { db, actor, koa }) => {
      const { version, ...values } = body;
      const settings = await updateWidgetSettings(db, actor, values, optionalVersion(koa.get('If-Match'), version));
      return { body: settings, headers: { ETag: etag(settings.version) } };
    },
  }),
  defineRoute({
    method: 'get', path: '/widget/config', operationId: 'getWidgetConfig', tag,
    summary: 'What the embedded widget needs to render (public, readable cross-origin by the loader script; never the identity secret); chat is off when nobody is online',
    permission: 'public', query: widgetConfigQuery, responses: { 200: { description: 'The public configuration', schema: widgetConfigView } },
    handler: async ({ query }, { db }) => ({ body: await getWidgetConfig(db, query.language), headers: { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' } }),
  }),
  defineRoute({
    method: 'post', path: '/widget/identity-secret', operationId: 'rotateWidgetIdentitySecret', tag,
    summary: 'Create or rotate the identity-verification secret; the answer is the only time it is shown',
    permission: 'settings:write', responses: { 201: { description: 'The new secret', schema: z.object({ secret: z.string(), rotatedAt: z.string() }) } },
    handler: async (_input, { db, actor, deps }) => ({ status: 201, body: await rotateWidgetSecret(db, deps.config, actor), headers: { 'Cache-Control': 'no-store' } }),
  }),
  defineRoute({
    method: 'post', path: '/widget/identify', operationId: 'identifyWidgetUser', tag,
    summary: "A host site's signed-in user (userHash = hex HMAC-SHA256 of userId with the identity secret) gets a visitor token for their own customer row",
    permission: 'public', body: widgetIdentifyInput,
    responses: { 200: { description: 'Identified', schema: z.object({ token: z.string(), customerId: z.number(), expiresAt: z.string() }) }, 401: { description: 'Hash does not match, or identity verification is not set up' } },
    handler: async ({ body }, { db, deps, koa }) => {
      const customerId = await identifyWidgetUser(db, deps.config, { requestId: koa.state.requestId as string, ip: koa.ip }, body);
      const { token, expiresAt } = issueVisitorToken(deps.config, customerId);
      return { body: { token, customerId, expiresAt: expiresAt.toISOString() } };
    },
  }),
  defineRoute({
    method: 'post', path: '/widget/contact', operationId: 'setWidgetVisitorContact', tag,
    summary: 'An anonymous visitor leaves an email address (the ticket form), so replies reach them by email',
    permission: 'entries:create_customer', body: chatContactInput,
    responses: { 200: { description: 'Saved', schema: z.object({ customerId: z.number(), email: z.string(), name: z.string() }) }, 409: { description: 'Address already set, or belongs to an account' } },
    handler: async ({ body }, { db, principal, actor }) => ({ body: await setVisitorContact(db, principal, actor, body) }),
  }),
];
