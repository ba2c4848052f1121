import { z } from 'zod';
import { LanternError } from '../../core/errors';
import type { Principal } from '../../core/principal';
import { idParam } from '../../core/schemas/common.schema';
import { disableTwoFactor, enableTwoFactor, resetTwoFactor, setupTwoFactor, twoFactorStatus } from '../../services/auth/two-factor.service';
import { secretKey } from '../../services/secret-key';
import { getSecuritySettings, updateSecuritySettings } from '../../services/settings/security-settings.service';
import { defineRoute } from '../http/route';
import { etag, optionalVersion } from '../http/versioning';

const tag = 'Security';
const code = z.string().trim().min(6).max(64);
const statusResponse = z.object({ enabled: z.boolean(), enforced: z.boolean(), recoveryCodesLeft: z.number() });
const settingsResponse = z.object({ requireTwoFactor: z.boolean(), updatedAt: z.iso.datetime(), version: z.number() });

/**
 * 2FA belongs to a worker's own sign-in, so it is managed from a signed-in session only: an API key (which
 * skips 2FA) must not be able to turn it on or off.
 */
function sessionWorker(p: Principal): Extract<Principal, { kind: 'worker' }> {
  if (p.kind !== 'worker') throw new LanternError('bad_request', 'Only workers have two-factor authentication');
  if (p.via !== 'session') throw new LanternError('bad_request', 'Manage two-factor authentication from a signed-in session, not with an API key');
  return p;
}

export const twoFactorRoutes = [
  defineRoute({
    method: 'get', path: '/me/2fa', operationId: 'getMyTwoFactor', summary: 'Is two-factor authentication on for me, and is it required', tag,
    permission: 'self', responses: { 200: { description: 'My 2FA state', schema: statusResponse }, 400: { description: 'Not a worker' } },
    handler: async (_input, { db, principal }) => {
      if (principal.kind !== 'worker') throw new LanternError('bad_request', 'Only workers have two-factor authentication');
      return { body: await twoFactorStatus(db, principal.id) };
    },
  }),
  defineRoute({
    method: 'post', path: '/me/2fa/setup', operationId: 'setupMyTwoFactor', tag,
    summary: 'Start setting up 2FA: a new secret with its otpauth:// URL and QR code (SVG); confirm with POST /me/2fa/enable',
    permission: 'self',
    responses: {
      200: { description: 'The pending secret', schema: z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() }) },
      409: { description: '2FA is already on' },
    },
    handler: async (_input, { db, principal, actor, deps }) => {
      const worker = sessionWorker(principal);
      const row = await db('workers').where({ id: worker.id }).first('email');
      return { body: await setupTwoFactor(db, actor, { id: worker.id, email: row.email as string }, secretKey(deps.config)) };
    },
  }),
  defineRoute({
    method: 'post', path: '/me/2fa/enable', operationId: 'enableMyTwoFactor', tag,
    summary: 'Confirm the pending secret with a current code: 2FA is on, ten recovery codes are shown once, my other sessions end',
    permission: 'self', body: z.strictObject({ code }),
    responses: { 200: { description: 'Recovery codes (shown once)', schema: z.object({ recoveryCodes: z.array(z.string()) }) }, 422: { description: 'Wrong code' } },
    handler: async ({ body }, { db, principal, actor, deps }) => {
      const worker = sessionWorker(principal);
      return { body: await enableTwoFactor(db, actor, worker.id, body.code, secretKey(deps.config)) };
    },
  }),
  defineRoute({
    method: 'post', path: '/me/2fa/disable', operationId: 'disableMyTwoFactor', tag,
    summary: 'Turn 2FA off with my password and a current or recovery code (refused while the workspace requires 2FA)',
    permission: 'self', body: z.strictObject({ password: z.string().min(1).max(1000), code }),
    responses: { 204: { description: 'Off' }, 403: { description: 'The workspace requires 2FA' }, 422: { description: 'Wrong password or code' } },
    handler: async ({ body }, { db, principal, actor, deps }) => {
      const worker = sessionWorker(principal);
      await disableTwoFactor(db, actor, worker.id, body, secretKey(deps.config));
      return {};
    },
  }),
  defineRoute({
    method: 'delete', path: '/workers/:id/2fa', operationId: 'resetWorkerTwoFactor', tag,
    summary: "Clear another worker's 2FA (lost device and recovery codes); they set it up again at their next sign-in",
    permission: 'workers:write', params: idParam,
    responses: { 204: { description: 'Cleared (or there was none)' }, 409: { description: 'Your own: use POST /me/2fa/disable' } },
    handler: async ({ params }, { db, actor }) => {
      await resetTwoFactor(db, actor, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'get', path: '/security-settings', operationId: 'getSecuritySettings', summary: 'Workspace security settings (2FA enforcement)', tag,
    permission: 'settings:read', responses: { 200: { description: 'The settings', schema: settingsResponse } },
    handler: async (_input, { db }) => {
      const settings = await getSecuritySettings(db);
      return { body: settings, headers: { ETag: etag(settings.version) } };
    },
  }),
  defineRoute({
    method: 'patch', path: '/security-settings', operationId: 'updateSecuritySettings', tag,
    summary: 'Require two-factor authentication for every worker sign-in (API keys are not affected)',
    permission: 'settings:write', body: z.strictObject({ requireTwoFactor: z.boolean(), version: z.number().int().positive().optional() }),
    responses: { 200: { description: 'The settings', schema: settingsResponse }, 409: { description: 'Changed meanwhile, or you have no 2FA yourself' } },
    handler: async ({ body }, { db, principal, actor, koa }) => {
      const settings = await updateSecuritySettings(db, principal, actor, { requireTwoFactor: body.requireTwoFactor }, optionalVersion(koa.get('If-Match'), body.version));
      return { body: settings, headers: { ETag: etag(settings.version) } };
    },
  }),
];
