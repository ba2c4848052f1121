import type { DeliverMessageRequest__Output } from '../../../proto/load';
import { grpcCodeOf } from '../../sdk/host-client';
import { IDEMPOTENCY_TTL_MS } from '../../sdk/data-store';
import { failedPrecondition, invalidArgument } from '../../sdk/plugin-error';
import type { Health, PluginContext, PluginDefinition, WebhookRequest, WebhookResponse } from '../../sdk/plugin-types';
import { parsePluginSettings } from '../../sdk/settings';
import { splitText } from '../../sdk/text-split';
import { safeEqual, textResponse } from '../../sdk/webhook-util';
import manifest from '../manifest.json' with { type: 'json' };
import { GraphApi } from './graph-api';
import { attachmentContentType, parseMetaWebhook, type MetaEvent, type MetaWebhookBody } from './meta-events';
import { metaSettingsSchema, type MetaSettings } from './meta-settings';
import { validHubSignature } from './meta-signature';
import { messagingTypeFor } from './messaging-window';

/** Send API text limit. */
export const MESSENGER_MAX_TEXT = 2000;

type Configured = { settings: MetaSettings; graph: GraphApi };
/** Our sent messages per recipient not yet read, so watermark receipts can name them. */
type Unread = Array<{ mid: string; at: number; deliveryId: number; delivered: boolean }>;

export function createMetaPlugin(ctx: PluginContext, clock: () => number = Date.now): PluginDefinition {
  let current: Configured | undefined;
  const sentParts = ctx.store<string>('sent-parts', { ttlMs: IDEMPOTENCY_TTL_MS });
  const unread = ctx.store<Unread>('unread');

  const requireConfig = (): Configured => {
    if (!current) throw failedPrecondition('the Messenger/Instagram plugin is not configured');
    return current;
  };

  async function deliverMessage(req: DeliverMessageRequest__Output) {
    const { settings, graph } = requireConfig();
    if (req.channel && req.channel !== 'messenger' && req.channel !== 'instagram') throw invalidArgument(`channel "${req.channel}" is not served by this plugin`);
    const recipient = req.recipient?.address || req.threadExternalId;
    if (!/^\d{5,}$/.test(recipient)) throw invalidArgument(`"${recipient}" is not a page-scoped id (PSID/IGSID)`);
    if (!req.bodyText.trim() && req.attachments.length === 0) throw invalidArgument('nothing to send: empty body and no attachments');
    const type = messagingTypeFor({ nowMs: clock(), lastInboundAtMs: req.lastInboundAtMs, tag: settings.messageTag });

    const texts = req.bodyText.trim() ? splitText(req.bodyText, MESSENGER_MAX_TEXT) : [];
    const parts = [...texts.map((text) => ({ text })), ...req.attachments.map((file) => ({ file }))];
    const externalIds: string[] = [];
    const list = unread.get(recipient) ?? [];
    for (const [i, part] of parts.entries()) {
      const partKey = `${req.idempotencyKey}#${i}`;
      const done = sentParts.get(partKey);
      if (done) {
        externalIds.push(done);
        continue;
      }
      const res = 'text' in part
        ? await graph.sendText(recipient, part.text, type)
        : await graph.sendFile(recipient, { content: part.file.content, filename: part.file.filename, contentType: part.file.contentType }, type);
      sentParts.set(partKey, res.message_id);
      externalIds.push(res.message_id);
      list.push({ mid: res.message_id, at: clock(), deliveryId: req.deliveryId, delivered: false });
    }
    unread.set(recipient, list.slice(-200));
    return { state: 'SENT' as const, externalIds };
  }

  async function report(deliveryId: number, mid: string, state: 'DELIVERED' | 'READ', at: number) {
    await ctx.host.updateDeliveryStatus({ idempotencyKey: `meta:${mid}:${state}`, deliveryId, externalId: mid, state, occurredAtMs: at });
  }

  async function handleEvent(e: MetaEvent): Promise<void> {
    if (e.kind === 'message') {
      await ctx.host.submitInboundMessage({
        idempotencyKey: `${e.channel}:${e.mid}`,
        channel: e.channel,
        externalId: e.mid,
        sender: { address: e.senderId, displayName: '', externalId: e.senderId },
        threadExternalId: e.senderId,
        bodyText: e.text,
        attachments: e.attachments.map((a, i) => ({ filename: `${a.type}-${i + 1}`, contentType: attachmentContentType(a.type), size: 0, content: Buffer.alloc(0), url: a.url })),
        receivedAtMs: e.timestamp,
        metadata: { page_id: e.pageId, ...(e.replyToMid ? { reply_to: e.replyToMid } : {}) },
      });
      return;
    }
    const list = unread.get(e.senderId) ?? [];
    if (e.kind === 'delivery') {
      // Deliveries name their mids; without them the watermark covers everything sent before it.
      const hit = list.filter((m) => !m.delivered && (e.mids.length ? e.mids.includes(m.mid) : m.at <= e.watermark));
      for (const m of hit) {
        await report(m.deliveryId, m.mid, 'DELIVERED', e.watermark || clock());
        m.delivered = true;
      }
      unread.set(e.senderId, list);
      return;
    }
    // Read: everything up to the watermark (Messenger) or up to the named mid (Instagram) is read.
    const upto = e.mid ? list.findIndex((m) => m.mid === e.mid) : -1;
    const read = e.mid ? (upto >= 0 ? list.slice(0, upto + 1) : []) : list.filter((m) => m.at <= e.watermark);
    for (const m of read) await report(m.deliveryId, m.mid, 'READ', e.watermark || clock());
    unread.set(e.senderId, list.filter((m) => !read.includes(m)));
  }

  async function handleWebhook(req: WebhookRequest): Promise<WebhookResponse> {
    if (req.path !== '' && req.path !== '/' && req.path !== '/webhook') return textResponse(404, 'not found');
    const { settings } = requireConfig();
    if (req.method === 'GET') {
      // Subscription handshake: echo hub.challenge when hub.verify_token is ours.
      const q = new URLSearchParams(req.query);
      if (q.get('hub.mode') === 'subscribe' && safeEqual(q.get('hub.verify_token') ?? '', settings.verifyToken)) return textResponse(200, q.get('hub.challenge') ?? '');
      return textResponse(403, 'verify token mismatch');
    }
    if (req.method !== 'POST') return textResponse(405, 'method not allowed');
    if (!validHubSignature(settings.appSecret, req.body, req.headers['x-hub-signature-256'])) {
      ctx.log.warn('rejected webhook with a bad X-Hub-Signature-256');
      return textResponse(403, 'invalid signature');
    }
    let body: MetaWebhookBody;
    try {
      body = JSON.parse(req.body.toString('utf8')) as MetaWebhookBody;
    } catch {
      return textResponse(400, 'body is not JSON');
    }
    try {
      for (const e of parseMetaWebhook(body)) await handleEvent(e);
    } catch (err) {
      // Meta retries a webhook that did not answer 200; submits are deduplicated by mid, receipts are idempotent.
      ctx.log.warn({ code: grpcCodeOf(err), err: (err as Error).message }, 'webhook event not accepted');
      return textResponse(503, 'try again later');
    }
    return textResponse(200, 'EVENT_RECEIVED');
  }

  return {
    describe: {
      id: manifest.id,
      name: manifest.name,
      version: manifest.version,
      kinds: manifest.kinds,
      channels: manifest.channels,
      capabilities: ['deliver.text', 'deliver.attachments', 'webhook', 'delivery_receipts', 'read_receipts', 'messaging_window'],
    },
    configure(config) {
      const settings = parsePluginSettings(metaSettingsSchema, config);
      current = {
        settings,
        graph: new GraphApi({ baseUrl: settings.graphApiBaseUrl, version: settings.graphApiVersion, pageAccessToken: settings.pageAccessToken, appSecret: settings.appSecret }),
      };
    },
    async checkHealth(): Promise<Health> {
      if (!current) return { status: 'NOT_CONFIGURED', detail: 'set the app secret, page access token and verify token' };
      try {
        await current.graph.me();
        return { status: 'SERVING' };
      } catch (err) {
        return { status: 'DEGRADED', detail: `Graph API check failed: ${(err as Error).message}` };
      }
    },
    deliverMessage,
    handleWebhook,
  };
}
