import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Config } from '../../config/config';
import { LanternError, type ErrorCode } from '../../core/errors';
import type { PluginPermission } from '../../core/plugins/manifest.schema';
import type { Db } from '../../db/knex';
import {
  loadPluginProto, type FindOrCreateCustomerRequest__Output, type FindOrCreateCustomerResponse, type GetConfigRequest__Output,
  type GetConfigResponse, type HostHandlers, type SubmitInboundMessageRequest__Output, type SubmitInboundMessageResponse,
  type SubscribeTicketEventsRequest__Output, type TicketEvent, type UpdateDeliveryStatusRequest__Output, type UpdateDeliveryStatusResponse,
} from '../../proto/load';
import { updateDeliveryStatus } from './delivery.service';
import { findOrCreateCustomer, submitInboundMessage } from './inbound.service';
import { publicWebhookUrl, type InstallationRow } from './installation.repository';
import { decryptJson, hashToken } from './plugin-secrets';

export type HostServer = { port: number; address: string; stop: () => Promise<void> };

/** LanternError codes as gRPC status codes (docs/plugins.md "Error codes"). */
const GRPC_STATUS: Record<ErrorCode, grpc.status> = {
  validation: grpc.status.INVALID_ARGUMENT,
  bad_request: grpc.status.INVALID_ARGUMENT,
  unsupported_media_type: grpc.status.INVALID_ARGUMENT,
  payload_too_large: grpc.status.INVALID_ARGUMENT,
  idempotency_mismatch: grpc.status.INVALID_ARGUMENT,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  forbidden: grpc.status.PERMISSION_DENIED,
  not_found: grpc.status.NOT_FOUND,
  gone: grpc.status.NOT_FOUND,
  conflict: grpc.status.FAILED_PRECONDITION,
  precondition_failed: grpc.status.FAILED_PRECONDITION,
  precondition_required: grpc.status.FAILED_PRECONDITION,
  method_not_allowed: grpc.status.UNIMPLEMENTED,
  rate_limited: grpc.status.RESOURCE_EXHAUSTED,
  unavailable: grpc.status.UNAVAILABLE,
};

class HostError extends Error {
  constructor(readonly code: grpc.status, message: string) { super(message); }
}

function toStatus(err: unknown, logger: Logger, rpc: string, pluginId: string | undefined): Partial<grpc.StatusObject> {
  if (err instanceof HostError) return { code: err.code, details: err.message };
  if (err instanceof LanternError) {
    const fields = err.details.fields?.map((f) => `${f.path}: ${f.message}`).join('; ');
    return { code: GRPC_STATUS[err.code], details: fields ? `${err.message} (${fields})` : err.message };
  }
  // Never leak internals to a plugin; log once here.
  logger.error({ err, rpc, plugin: pluginId }, 'host RPC failed');
  return { code: grpc.status.INTERNAL, details: 'internal error' };
}

const MAX_TEXT = 200_000;
function checkSizes(fields: Record<string, string>): void {
  const tooLong = Object.entries(fields).filter(([, v]) => v.length > MAX_TEXT);
  if (tooLong.length) throw new HostError(grpc.status.INVALID_ARGUMENT, `${tooLong.map(([k]) => k).join(', ')} longer than ${MAX_TEXT} characters`);
}

/**
 * The Host gRPC service on loopback (or the configured bind address for external plugins). Every call: bearer
 * token -> installed, enabled plugin; per-plugin rate limit (RESOURCE_EXHAUSTED); the RPC's permission
 * (PERMISSION_DENIED); input checks (INVALID_ARGUMENT). A handler's failure becomes a status, never a crash.
 */
export async function startHostServer(deps: { db: Db; config: Pick<Config, 'plugins' | 'secretKey' | 'dataDir' | 'http'>; logger: Logger; pollMs?: number }): Promise<HostServer> {
  const { db, config, logger } = deps;
  const pollMs = deps.pollMs ?? 500;
  const limiter = new RateLimiterMemory({ points: config.plugins.rateLimitPerSecond, duration: 1, keyPrefix: 'plugin-host' });
  const streams = new Set<grpc.ServerWritableStream<SubscribeTicketEventsRequest__Output, TicketEvent>>();
  let stopping = false;

  async function authenticate(metadata: grpc.Metadata, permission: PluginPermission | PluginPermission[] | null): Promise<InstallationRow> {
    const header = String(metadata.get('authorization')[0] ?? '');
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    if (!token) throw new HostError(grpc.status.UNAUTHENTICATED, 'send authorization: Bearer <LANTERN_PLUGIN_TOKEN>');
    const row = await db('plugin_installations').where({ plugin_token_hash: hashToken(token), enabled: true }).whereNull('uninstalled_at').first<InstallationRow | undefined>();
    if (!row) throw new HostError(grpc.status.UNAUTHENTICATED, 'unknown or revoked plugin token');
    try {
      await limiter.consume(row.plugin_id);
    } catch {
      throw new HostError(grpc.status.RESOURCE_EXHAUSTED, `rate limit of ${config.plugins.rateLimitPerSecond} calls per second exceeded`);
    }
    const needed = permission === null ? [] : Array.isArray(permission) ? permission : [permission];
    if (needed.length && !needed.some((p) => row.granted_permissions.includes(p))) {
      throw new HostError(grpc.status.PERMISSION_DENIED, `this call needs the ${needed.join(' or ')} permission, which ${row.plugin_id} was not granted`);
    }
    return row;
  }

  function unary<Req, Res>(rpc: string, permission: (req: Req) => PluginPermission | PluginPermission[] | null, run: (row: InstallationRow, req: Req) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      let pluginId: string | undefined;
      void (async () => {
        try {
          const row = await authenticate(call.metadata, permission(call.request));
          pluginId = row.plugin_id;
          callback(null, await run(row, call.request));
        } catch (err) {
          callback(toStatus(err, logger, rpc, pluginId));
        }
      })();
    };
  }

  const handlers: HostHandlers = {
    SubmitInboundMessage: unary<SubmitInboundMessageRequest__Output, SubmitInboundMessageResponse>('SubmitInboundMessage', () => 'inbound:submit', async (row, r) => {
      checkSizes({ body_text: r.bodyText, body_html: r.bodyHtml, subject: r.subject, external_id: r.externalId, thread_external_id: r.threadExternalId });
      if (Object.keys(r.metadata).length > 50) throw new HostError(grpc.status.INVALID_ARGUMENT, 'metadata has more than 50 keys');
      const res = await submitInboundMessage(db, row, {
        idempotencyKey: r.idempotencyKey, channel: r.channel, externalId: r.externalId,
        sender: { address: r.sender?.address ?? '', displayName: r.sender?.displayName ?? '', externalId: r.sender?.externalId ?? '' },
        threadExternalId: r.threadExternalId, subject: r.subject, bodyText: r.bodyText, bodyHtml: r.bodyHtml,
        attachments: r.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, url: a.url, hasContent: a.content.length > 0 })),
        receivedAtMs: r.receivedAtMs, language: r.language, metadata: r.metadata,
      });
      return res;
    }),
    FindOrCreateCustomer: unary<FindOrCreateCustomerRequest__Output, FindOrCreateCustomerResponse>('FindOrCreateCustomer',
      (r) => (r.create ? 'customers:write' : ['customers:read', 'customers:write']), async (row, r) => {
        const { customer, created } = await findOrCreateCustomer(db, row, {
          channel: r.channel, identity: { address: r.identity?.address ?? '', displayName: r.identity?.displayName ?? '', externalId: r.identity?.externalId ?? '' },
          email: r.email, create: r.create,
        });
        return { customerId: customer.id, name: customer.name, email: customer.email ?? '', language: customer.language, created };
      }),
    UpdateDeliveryStatus: unary<UpdateDeliveryStatusRequest__Output, UpdateDeliveryStatusResponse>('UpdateDeliveryStatus', () => 'deliveries:update', async (row, r) => {
      await updateDeliveryStatus(db, row, { deliveryId: r.deliveryId, externalId: r.externalId, state: r.state, errorCode: r.errorCode, errorMessage: r.errorMessage });
      return {};
    }),
    GetConfig: unary<GetConfigRequest__Output, GetConfigResponse>('GetConfig', () => null, async (row) => ({
      settingsJson: JSON.stringify(row.settings), secrets: decryptJson(config, row.secrets_encrypted),
      grantedPermissions: row.granted_permissions, publicWebhookUrl: publicWebhookUrl(config, row.plugin_id),
    })),
    SubscribeTicketEvents: (call) => {
      void (async () => {
        let row: InstallationRow;
        try {
          row = await authenticate(call.metadata, 'events:subscribe');
        } catch (err) {
          call.emit('error', toStatus(err, logger, 'SubscribeTicketEvents', undefined));
          return;
        }
        streams.add(call);
        const notes = row.granted_permissions.includes('notes:read');
        const types = call.request.eventTypes.filter((t) => t !== 'note.created' || notes);
        // Asked only for what it may not see: nothing, rather than everything.
        const nothing = call.request.eventTypes.length > 0 && types.length === 0;
        let cursor = call.request.afterEventId;
        try {
          while (!call.cancelled && !stopping && !nothing) {
            const events = await db('outbox as o').leftJoin('tickets as t', (j) => j.on(db.raw('t.id::text = o.entity_id')))
              .where('o.entity_type', 'ticket').where('o.id', '>', cursor)
              .modify((q) => {
                if (types.length) q.whereIn('o.event_type', types);
                if (!notes) q.whereNot('o.event_type', 'note.created');
                if (call.request.channels.length) q.whereIn('t.channel', call.request.channels);
              })
              .orderBy('o.id').limit(100)
              .select<{ id: number; event_type: string; entity_id: string; channel: string | null; payload: unknown; occurred_at: Date }[]>('o.id', 'o.event_type', 'o.entity_id', 't.channel', 'o.payload', 'o.occurred_at');
            for (const e of events) {
              if (call.cancelled) break;
              call.write({ eventId: e.id, type: e.event_type, ticketId: Number(e.entity_id), channel: e.channel ?? '', payloadJson: JSON.stringify(e.payload), occurredAtMs: e.occurred_at.getTime() });
              cursor = e.id;
            }
            if (events.length < 100) await new Promise((r) => setTimeout(r, pollMs));
          }
          if (nothing) await new Promise((r) => setTimeout(r, pollMs)); // then end: nothing will ever match
          if (!call.cancelled) call.end();
        } catch (err) {
          if (!call.cancelled) call.emit('error', toStatus(err, logger, 'SubscribeTicketEvents', row.plugin_id));
        } finally {
          streams.delete(call);
        }
      })();
    },
  };

  const server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1_048_576 });
  server.addService(loadPluginProto().Host.service, handlers);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${config.plugins.hostBind}:${config.plugins.hostPort}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  const address = `${config.plugins.hostBind}:${port}`;
  logger.info({ address }, 'plugin host gRPC server listening');
  return {
    port,
    address,
    stop: async () => {
      stopping = true;
      for (const s of streams) s.end();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => { server.forceShutdown(); resolve(); }, 2000);
        server.tryShutdown(() => { clearTimeout(force); resolve(); });
      });
    },
  };
}
