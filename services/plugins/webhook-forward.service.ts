import * as grpc from '@grpc/grpc-js';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import { findInstallation } from './installation.repository';
import { callPlugin, callTarget, isServiceError } from './plugin-client';

export const WEBHOOK_DEADLINE_MS = 10_000;

export type ForwardedRequest = { method: string; path: string; query: string; headers: Record<string, string>; body: Buffer; publicUrl: string };
export type ForwardResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: 'not_found' }
  | { kind: 'unavailable'; reason: string; timeout: boolean };

/** Headers never passed to a plugin (browser credentials) or back from it (hop-by-hop, framing). */
const DROP_IN = new Set(['cookie']);
const DROP_OUT = new Set(['connection', 'transfer-encoding', 'content-length', 'keep-alive', 'upgrade', 'set-cookie', 'trailer']);

/** A provider's webhook, verbatim, to the plugin's HandleWebhook; unknown, disabled or uninstalled plugins are "not found". */
export async function forwardWebhook(db: Db, config: Pick<Config, 'secretKey' | 'dataDir'>, pluginId: string, req: ForwardedRequest): Promise<ForwardResult> {
  const row = await findInstallation(db, pluginId);
  if (!row || !row.enabled || row.uninstalled_at) return { kind: 'not_found' };
  const target = callTarget(config, row);
  if (!target) return { kind: 'unavailable', reason: 'the plugin is not running', timeout: false };
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !DROP_IN.has(k)));
  try {
    const res = await callPlugin(target, 'handleWebhook', { ...req, headers }, WEBHOOK_DEADLINE_MS);
    const status = res.status >= 100 && res.status <= 599 ? res.status : 200;
    return {
      kind: 'response', status, body: Buffer.from(res.body),
      headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v]).filter(([k]) => !DROP_OUT.has(k!) && /^[\w-]+$/.test(k!))),
    };
  } catch (err) {
    if (!isServiceError(err)) throw err;
    return { kind: 'unavailable', reason: err.details || grpc.status[err.code] || 'error', timeout: err.code === grpc.status.DEADLINE_EXCEEDED };
  }
}
