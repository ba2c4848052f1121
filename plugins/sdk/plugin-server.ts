import { createHash, timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import pino, { type Logger } from 'pino';
import { loadPluginProto, type PluginHandlers } from '../../proto/load';
import { DataStore, IDEMPOTENCY_TTL_MS } from './data-store';
import { HostClient } from './host-client';
import { readPluginEnv, type PluginEnv } from './plugin-env';
import { invalidArgument, PluginError, toGrpcError } from './plugin-error';
import type { DeliveryResult, PluginContext, PluginDefinition } from './plugin-types';
import { resolveProtoPath } from './proto-path';

export type PluginFactory = PluginDefinition | ((ctx: PluginContext) => PluginDefinition);

export type RunningPlugin = { port: number; close: () => Promise<void> };

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time check of `authorization: Bearer <token>`. */
function authorized(metadata: grpc.Metadata, token: string): boolean {
  const value = metadata.get('authorization')[0];
  if (typeof value !== 'string' || !value.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(value.slice(7)), digest(token));
}

function parseSettings(json: string): Record<string, unknown> {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalidArgument('settings_json is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument('settings_json must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * Bind the `Plugin` service on env.listen. Every call must carry the host's bearer token; thrown PluginErrors
 * become their gRPC status. DeliverMessage and PerformAction are made idempotent here, once for all plugins:
 * the result of each idempotency key is kept in the data dir, and a concurrent retry of a key in flight waits
 * for the first attempt instead of sending twice.
 */
export async function startPlugin(opts: { env: PluginEnv; factory: PluginFactory; protoPath?: string; log?: Logger }): Promise<RunningPlugin> {
  const { env } = opts;
  const protoPath = opts.protoPath ?? resolveProtoPath();
  const log = opts.log ?? pino({ base: { plugin: env.pluginId } });
  const host = new HostClient({ address: env.hostAddress, pluginToken: env.pluginToken, protoPath });
  const ctx: PluginContext = { env, host, log, store: <V>(name: string, o?: { ttlMs?: number }) => DataStore.open<V>(env.dataDir, name, o) };
  const plugin = typeof opts.factory === 'function' ? opts.factory(ctx) : opts.factory;

  const results = ctx.store<DeliveryResult | { resultJson: string }>('idempotency', { ttlMs: IDEMPOTENCY_TTL_MS });
  const inFlight = new Map<string, Promise<unknown>>();
  const once = async <T>(kind: string, key: string, run: () => Promise<T>): Promise<T> => {
    if (!key) throw invalidArgument('idempotency_key is required');
    const k = `${kind}:${key}`;
    const done = results.get(k);
    if (done) return done as T;
    const running = inFlight.get(k);
    if (running) return running as Promise<T>;
    const p = run().then((res) => {
      results.set(k, res as DeliveryResult);
      return res;
    }).finally(() => inFlight.delete(k));
    inFlight.set(k, p);
    return p;
  };

  // One wrapper for every RPC: authenticate, run, map errors.
  const unary = <Req, Res>(name: string, fn: (req: Req) => Promise<Res> | Res): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      if (!authorized(call.metadata, env.hostCallToken)) {
        callback({ code: grpc.status.UNAUTHENTICATED, details: 'missing or wrong host token' });
        return;
      }
      Promise.resolve()
        .then(() => fn(call.request))
        .then((res) => callback(null, res))
        .catch((err: unknown) => {
          const mapped = toGrpcError(err);
          if (err instanceof PluginError) log.warn({ rpc: name, code: err.code, providerCode: err.providerCode }, err.message);
          else log.error({ rpc: name, err }, 'unexpected error');
          callback(mapped);
        });
    };

  const handlers: PluginHandlers = {
    Describe: unary('Describe', () => ({ ...plugin.describe, contractVersion: 'v1' })),
    CheckHealth: unary('CheckHealth', async () => {
      const h = await plugin.checkHealth();
      return { status: h.status, detail: h.detail ?? '' };
    }),
    Configure: unary('Configure', async (req) => {
      await plugin.configure({ settings: parseSettings(req.settingsJson), secrets: { ...req.secrets }, publicWebhookUrl: req.publicWebhookUrl });
      return {};
    }),
    DeliverMessage: unary('DeliverMessage', async (req) => {
      const res = await once('deliver', req.idempotencyKey, () => plugin.deliverMessage(req));
      return { state: res.state, externalIds: res.externalIds };
    }),
    PerformAction: unary('PerformAction', async (req) => {
      const perform = plugin.performAction;
      if (!perform) throw new PluginError('unimplemented', 'this plugin performs no actions');
      return once('action', req.idempotencyKey, () => perform(req));
    }),
    HandleWebhook: unary('HandleWebhook', async (req) => {
      const res = await plugin.handleWebhook(req);
      const body = res.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.body, 'utf8');
      return { status: res.status, headers: res.headers ?? {}, body };
    }),
  };

  const server = new grpc.Server({ 'grpc.max_receive_message_length': 32 * 1024 * 1024 });
  server.addService(loadPluginProto(protoPath).Plugin.service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(env.listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  log.info({ listen: env.listen }, 'plugin listening');

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    await plugin.close?.();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 2000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    host.close();
  })());
  return { port, close };
}

/** Entry point of a plugin process: read the environment, serve, and exit cleanly on SIGTERM/SIGINT (within 5 s). */
export function runPlugin(factory: PluginFactory): void {
  let env: PluginEnv;
  try {
    env = readPluginEnv();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = pino({ base: { plugin: env.pluginId } });
  startPlugin({ env, factory, log }).then((running) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      setTimeout(() => process.exit(0), 4000).unref();
      void running.close().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  }, (err: unknown) => {
    log.fatal({ err }, 'plugin failed to start');
    process.exit(1);
  });
}
