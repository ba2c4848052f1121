/**
 * The conformance suite every channel plugin passes ("answer exactly or throw"): it drives a running plugin
 * process over real gRPC exactly as the host does, against a provider stand-in, and checks the contract's
 * promises — identity, authentication, configuration, idempotent delivery, error codes, webhook signatures.
 * A plugin-specific adapter says how to configure it and what a good/bad request looks like for its provider.
 */
import * as grpc from '@grpc/grpc-js';
import type { ExecutionContext, TestFn } from 'ava';
import {
  loadPluginProto,
  type ConfigureRequest,
  type DeliverMessageRequest,
  type DeliverMessageResponse__Output,
  type HandleWebhookRequest,
  type PluginClient,
} from '../../proto/load';

export type ConformanceAdapter = {
  /** The plugin's manifest.json, as parsed. */
  manifest: { id: string; version: string; channels: string[]; kinds: string[] };
  /** Where the running plugin listens and the token the host presents. */
  target: () => { address: string; hostCallToken: string };
  /** A configuration that works against the stand-in (what the host would send). */
  validConfig: () => ConfigureRequest;
  /** Settings the plugin must refuse (e.g. a required secret missing). */
  invalidConfig: () => ConfigureRequest;
  /** A delivery the stand-in accepts (a fresh idempotency key each call). */
  deliverable: (idempotencyKey: string) => DeliverMessageRequest;
  /** A delivery to an address that can never be valid on this channel. */
  badRecipient: (idempotencyKey: string) => DeliverMessageRequest;
  /** Messages the stand-in has accepted so far. */
  providerSent: () => number;
  /** Make the stand-in throttle every call (true) or behave again (false). */
  throttle: (on: boolean) => void;
  /** The inbound webhook as the host forwards it, with a signature/secret that is wrong. */
  forgedWebhook: () => HandleWebhookRequest;
  /** Inbound messages the host has accepted so far (e.g. rows in plugin_inbound_messages). */
  hostInboundCount: () => Promise<number>;
};

type Call = <Res>(method: keyof PluginClient & string, req: object, token?: string | null) => Promise<Res>;

function caller(adapter: ConformanceAdapter): { call: Call; close: () => void } {
  const { address, hostCallToken } = adapter.target();
  const client = new (loadPluginProto().Plugin)(address, grpc.credentials.createInsecure());
  const call: Call = (method, req, token = hostCallToken) => {
    const md = new grpc.Metadata();
    if (token !== null) md.set('authorization', `Bearer ${token}`);
    const fn = client[method] as unknown as (r: object, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, res?: unknown) => void) => void;
    return new Promise((resolve, reject) => fn.call(client, req, md, { deadline: Date.now() + 10_000 }, (e, res) => (e ? reject(e) : resolve(res as never))));
  };
  return { call, close: () => client.close() };
}

async function rejectsWith(t: ExecutionContext, p: Promise<unknown>, code: grpc.status, what: string): Promise<grpc.ServiceError> {
  const err = await t.throwsAsync(p, undefined, what);
  t.is((err as grpc.ServiceError | undefined)?.code, code, `${what}: expected ${grpc.status[code]}, got ${(err as grpc.ServiceError | undefined)?.code} ${(err as Error | undefined)?.message ?? ''}`);
  return err as grpc.ServiceError;
}

let keySeq = 0;
const freshKey = (name: string) => `conformance-${name}-${process.pid}-${Date.now()}-${++keySeq}`;

/** Register the suite for one plugin. Tests are serial: some of them throttle the shared stand-in. */
export function channelConformance<C>(test: TestFn<C>, name: string, adapter: () => ConformanceAdapter): void {
  const title = (s: string) => `conformance ${name}: ${s}`;

  test.serial(title('Describe answers the manifest identity and contract v1, without configuration'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(close);
    const d = await call<{ id: string; version: string; contractVersion: string; kinds: string[]; channels: string[]; capabilities: string[] }>('describe', {});
    t.is(d.id, a.manifest.id);
    t.is(d.version, a.manifest.version);
    t.is(d.contractVersion, 'v1');
    t.deepEqual(d.kinds, a.manifest.kinds);
    t.deepEqual([...d.channels].sort(), [...a.manifest.channels].sort());
    t.true(d.capabilities.includes('deliver.text'), 'a channel plugin delivers text');
  });

  test.serial(title('every RPC refuses a missing or wrong host token with UNAUTHENTICATED'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(close);
    const before = a.providerSent();
    for (const token of [null, 'not-the-token']) {
      await rejectsWith(t, call('describe', {}, token), grpc.status.UNAUTHENTICATED, `Describe with ${token ?? 'no token'}`);
      await rejectsWith(t, call('checkHealth', {}, token), grpc.status.UNAUTHENTICATED, 'CheckHealth');
      await rejectsWith(t, call('configure', a.invalidConfig(), token), grpc.status.UNAUTHENTICATED, 'Configure');
      await rejectsWith(t, call('deliverMessage', a.deliverable(freshKey('unauth')), token), grpc.status.UNAUTHENTICATED, 'DeliverMessage');
      await rejectsWith(t, call('handleWebhook', a.forgedWebhook(), token), grpc.status.UNAUTHENTICATED, 'HandleWebhook');
      await rejectsWith(t, call('performAction', { idempotencyKey: 'x', action: 'x' }, token), grpc.status.UNAUTHENTICATED, 'PerformAction');
    }
    t.is(a.providerSent(), before, 'nothing reached the provider');
  });

  test.serial(title('valid configuration serves; invalid configuration is INVALID_ARGUMENT and keeps the previous one'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(close);
    await call('configure', a.validConfig());
    t.is((await call<{ status: string }>('checkHealth', {})).status, 'SERVING');
    await rejectsWith(t, call('configure', a.invalidConfig()), grpc.status.INVALID_ARGUMENT, 'invalid settings');
    await rejectsWith(t, call('configure', { ...a.validConfig(), settingsJson: '{not json' }), grpc.status.INVALID_ARGUMENT, 'settings that are not JSON');
    t.is((await call<{ status: string }>('checkHealth', {})).status, 'SERVING', 'still serving with the old settings');
    await call('configure', a.validConfig()); // idempotent
  });

  test.serial(title('DeliverMessage is idempotent per key, also for concurrent retries'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(close);
    const before = a.providerSent();
    const key = freshKey('idem');
    const first = await call<DeliverMessageResponse__Output>('deliverMessage', a.deliverable(key));
    t.true(first.state === 'QUEUED' || first.state === 'SENT', `state ${first.state}`);
    t.true(first.externalIds.length >= 1 && first.externalIds.every((id) => id.length > 0));
    const again = await call<DeliverMessageResponse__Output>('deliverMessage', a.deliverable(key));
    t.deepEqual(again, first, 'a retry answers the first result');
    t.is(a.providerSent(), before + first.externalIds.length, 'the retry sent nothing');

    const key2 = freshKey('race');
    const [x, y] = await Promise.all([call<DeliverMessageResponse__Output>('deliverMessage', a.deliverable(key2)), call<DeliverMessageResponse__Output>('deliverMessage', a.deliverable(key2))]);
    t.deepEqual(x, y);
    t.is(a.providerSent(), before + first.externalIds.length + x.externalIds.length, 'two concurrent attempts sent once');
  });

  test.serial(title('DeliverMessage refuses bad requests with INVALID_ARGUMENT and sends nothing'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(close);
    const before = a.providerSent();
    await rejectsWith(t, call('deliverMessage', { ...a.deliverable(''), idempotencyKey: '' }), grpc.status.INVALID_ARGUMENT, 'no idempotency key');
    await rejectsWith(t, call('deliverMessage', a.badRecipient(freshKey('bad'))), grpc.status.INVALID_ARGUMENT, 'bad recipient');
    await rejectsWith(t, call('deliverMessage', { ...a.deliverable(freshKey('empty')), bodyText: '', bodyHtml: '', attachments: [] }), grpc.status.INVALID_ARGUMENT, 'empty message');
    t.is(a.providerSent(), before);
  });

  test.serial(title('a throttling provider is RESOURCE_EXHAUSTED; the same key succeeds once it recovers'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(() => {
      a.throttle(false);
      close();
    });
    const key = freshKey('throttle');
    a.throttle(true);
    await rejectsWith(t, call('deliverMessage', a.deliverable(key)), grpc.status.RESOURCE_EXHAUSTED, 'throttled');
    a.throttle(false);
    const res = await call<DeliverMessageResponse__Output>('deliverMessage', a.deliverable(key));
    t.true(res.externalIds.length >= 1, 'the failed attempt was not remembered as done');
  });

  test.serial(title('a forged webhook is answered 403 and reaches nothing; an unknown path is 404'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(close);
    const before = await a.hostInboundCount();
    const res = await call<{ status: number }>('handleWebhook', a.forgedWebhook());
    t.is(res.status, 403);
    t.is(await a.hostInboundCount(), before, 'no inbound message was submitted');
    const unknown = await call<{ status: number }>('handleWebhook', { ...a.forgedWebhook(), path: '/no-such-path', method: 'POST' });
    t.is(unknown.status, 404);
  });

  test.serial(title('PerformAction on a channel-only plugin is UNIMPLEMENTED'), async (t) => {
    const a = adapter();
    const { call, close } = caller(a);
    t.teardown(close);
    await rejectsWith(t, call('performAction', { idempotencyKey: freshKey('action'), action: 'anything', payloadJson: '{}' }), grpc.status.UNIMPLEMENTED, 'PerformAction');
  });
}
