/**
 * `npm run bench:plugins`: the SMS channel plugin end to end, in one process — the real app (createApp) on a
 * loopback port, the real plugin runtime (supervisor + Host gRPC server) running the sms-twilio plugin installed
 * through the marketplace API as a child process, the lifecycle job runner for outbound deliveries, and the
 * Twilio stand-in (test/fakes/twilio.fake.ts).
 *
 * - Inbound: N signed Twilio webhooks (each from a new number, so each makes a ticket) with C in flight; a
 *   webhook is answered after the host stored the ticket, so its round trip is the end-to-end latency
 *   (provider → gateway → HandleWebhook → plugin → SubmitInboundMessage → PostgreSQL). Baseline in the same run:
 *   the same number of tickets created directly through POST /api/v1/tickets.
 * - Outbound: R agent replies on those tickets with C in flight; latency from the reply POST to the Twilio
 *   stand-in receiving the SMS (outbox → plugin_deliver job → DeliverMessage → Twilio API). Baseline: the same
 *   reply POSTs on tickets of a non-plugin channel (the API write alone).
 * Exits 1 when a message was lost or duplicated. Options: --messages 2000 --replies 500 --concurrency 8
 * --note "..." --no-readme
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger, run } from 'graphile-worker';
import pino from 'pino';
import { createTaskList } from '../activities/tasks';
import { loadConfig } from '../config/config';
import { createApp } from '../gateway/app';
import { createLifecycleEngine } from '../services/lifecycle/engine-factory';
import { createPolicySource } from '../services/lifecycle/policy-source';
import { startPluginRuntime } from '../services/plugins/plugin-runtime';
import { localStorage } from '../services/storage/local-storage';
import { startTwilioFake } from '../test/fakes/twilio.fake';
import { COMMON_OPTIONS, positiveInt } from './bench-args';
import { exitCodeOf, openBenchWorkspace } from './bench-database';
import { sessionPrincipal } from './bench-principals';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize, type LatencySummary } from './report';
import { timedLanes } from './lanes';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    replies: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
    ...COMMON_OPTIONS,
  },
});
const MESSAGES = positiveInt('messages', args.messages);
const REPLIES = Math.min(positiveInt('replies', args.replies), MESSAGES);
const CONCURRENCY = positiveInt('concurrency', args.concurrency);
const log = (msg: string) => console.log(msg);

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

type Row = { what: string; stats: LatencySummary; perSecond: number };

async function main(): Promise<number> {
  const loadBefore = loadAverage();
  const { bench, dataDir, onClose, close } = await openBenchWorkspace({ serverUrl: loadConfig().databaseUrl, poolMax: CONCURRENCY * 2 + 10, prefix: 'plugins', log });
  try {
    const config = loadConfig({
      DATABASE_URL: bench.url, LANTERN_DATA_DIR: dataDir, LANTERN_LOG_LEVEL: 'silent', LANTERN_RATE_LIMIT_PER_IP: '100000000',
      LANTERN_RATE_LIMIT_PER_KEY: '100000000', LANTERN_PLUGIN_RATE_LIMIT_PER_SECOND: '100000',
    });
    const logger = pino({ level: 'silent' });
    const engine = await createLifecycleEngine(config, { db: bench.db, policies: createPolicySource(bench.db) });
    const server = createApp({ db: bench.db, config, logger, storage: localStorage(join(dataDir, 'attachments')), engine }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    onClose(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config.http.publicUrl = url; // the random port is the public URL providers call
    const runner = await run({
      connectionString: bench.url, taskList: createTaskList({ db: bench.db, config, logger }), concurrency: CONCURRENCY,
      noHandleSignals: true, crontab: '', pollInterval: 50, logger: new Logger(() => () => {}),
    });
    onClose(() => runner.stop());
    const runtime = startPluginRuntime({ db: bench.db, connectionString: bench.url, config, logger });
    onClose(() => runtime.stop());
    await runtime.ready;
    const twilio = await startTwilioFake({ ratePerSecond: 1_000_000 });
    onClose(() => twilio.close());

    const [admin] = await bench.db('workers').insert({ name: 'Bench admin', email: 'bench-admin@bench.local', role: 'admin', all_tickets: true }).returning<{ id: number }[]>('id');
    const { token } = await sessionPrincipal(bench.db, 'worker', admin!.id);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    };
    log('installing sms-twilio from the built-in catalog');
    await api('POST', '/api/v1/plugins', {
      pluginId: 'sms-twilio', source: 'builtin', approvedPermissions: ['inbound:submit', 'customers:write', 'deliveries:update'],
      config: { accountSid: twilio.accountSid, authToken: twilio.authToken, fromNumber: twilio.number, apiBaseUrl: twilio.url },
    });
    await waitFor('sms-twilio serving', async () => (await bench.db('plugin_installations').where({ plugin_id: 'sms-twilio' }).first())?.health === 'serving', 120_000);

    // Warm-up: JIT, pools, the plugin's gRPC channel.
    for (let i = 0; i < 20; i++) await twilio.sendInbound(`${url}/api/v1/plugin-webhooks/sms-twilio/inbound`, { from: `+1999555${String(i).padStart(4, '0')}`, body: 'warm-up' });

    log(`\ninbound: ${formatInt(MESSAGES)} tickets, ${CONCURRENCY} in flight`);
    const baseTickets: number[] = [];
    const base = await timedLanes(MESSAGES, CONCURRENCY, async (i) => {
      const t = await api('POST', '/api/v1/tickets', {
        subject: `Where is my parcel ${i}`, channel: 'api', requester: { email: `bench-${i}@customers.local`, name: `Customer ${i}` },
        message: { kind: 'customer_message', bodyText: `Where is my parcel ${i}?` },
      });
      baseTickets[i] = Number(t.id);
    });
    log(`  baseline POST /api/v1/tickets: ${formatInt((MESSAGES / base.wallMs) * 1000)}/s, p99 ${formatMs(summarize(base.samples).p99)} ms`);

    const sids: string[] = [];
    let failedWebhooks = 0;
    const inbound = await timedLanes(MESSAGES, CONCURRENCY, async (i) => {
      const res = await twilio.sendInbound(`${url}/api/v1/plugin-webhooks/sms-twilio/inbound`, { from: `+1415${String(1_000_000 + i).slice(-7)}`, body: `Where is my parcel ${i}?` });
      if (res.status !== 200) failedWebhooks += 1;
      sids[i] = res.sid;
    });
    log(`  via the SMS plugin: ${formatInt((MESSAGES / inbound.wallMs) * 1000)}/s, p99 ${formatMs(summarize(inbound.samples).p99)} ms`);
    const stored = await bench.db('plugin_inbound_messages').whereIn('external_id', sids).select<{ external_id: string; ticket_id: number }[]>('external_id', 'ticket_id');
    const lostOrDuplicated = MESSAGES - new Set(stored.map((r) => r.external_id)).size + (stored.length - new Set(stored.map((r) => r.external_id)).size);
    const bySid = new Map(stored.map((r) => [r.external_id, Number(r.ticket_id)]));

    log(`\noutbound: ${formatInt(REPLIES)} agent replies, ${CONCURRENCY} in flight`);
    const replyBase = await timedLanes(REPLIES, CONCURRENCY, async (i) => {
      await api('POST', `/api/v1/tickets/${baseTickets[i]}/entries`, { kind: 'public_reply', bodyText: `baseline reply ${i}` });
    });
    log(`  baseline reply POST (no plugin channel): ${formatInt((REPLIES / replyBase.wallMs) * 1000)}/s`);
    // The phases before left lifecycle, metrics and routing jobs queued for every ticket and reply; without this the
    // replies below would wait behind that backlog and the figure would measure the queue, not the plugin path.
    const dueJobs = async () => Number((await bench.db.raw(`SELECT count(*) AS n FROM graphile_worker.jobs WHERE run_at <= now() AND attempts < max_attempts`)).rows[0].n);
    const drainStarted = Date.now();
    await waitFor('the job queue to drain', async () => (await dueJobs()) === 0, 600_000);
    log(`  job backlog drained in ${formatInt(Date.now() - drainStarted)} ms`);
    const postedAt = new Map<string, number>();
    const sentBefore = twilio.sent.length;
    const outStarted = Date.now();
    await timedLanes(REPLIES, CONCURRENCY, async (i) => {
      const body = `It ships today (${i})`;
      postedAt.set(body, Date.now());
      await api('POST', `/api/v1/tickets/${bySid.get(sids[i]!)}/entries`, { kind: 'public_reply', bodyText: body });
    });
    await waitFor(`${REPLIES} SMS at Twilio`, () => twilio.sent.length - sentBefore >= REPLIES, 300_000);
    await new Promise((r) => setTimeout(r, 500)); // let a duplicate show up if there is one
    const outbound = twilio.sent.slice(sentBefore).filter((m) => postedAt.has(m.body));
    const outSamples = outbound.map((m) => m.receivedAt - postedAt.get(m.body)!);
    const outWall = Math.max(...outbound.map((m) => m.receivedAt)) - outStarted;
    const duplicateSends = outbound.length - new Set(outbound.map((m) => m.body)).size;
    log(`  via the SMS plugin: ${formatInt((REPLIES / outWall) * 1000)}/s, p99 ${formatMs(summarize(outSamples).p99)} ms`);

    const rows: Row[] = [
      { what: 'inbound baseline: POST /api/v1/tickets', stats: summarize(base.samples), perSecond: (MESSAGES / base.wallMs) * 1000 },
      { what: 'inbound SMS → ticket (webhook round trip)', stats: summarize(inbound.samples), perSecond: (MESSAGES / inbound.wallMs) * 1000 },
      { what: 'reply baseline: POST entries (no plugin)', stats: summarize(replyBase.samples), perSecond: (REPLIES / replyBase.wallMs) * 1000 },
      { what: 'reply → SMS at Twilio (end to end)', stats: summarize(outSamples), perSecond: (REPLIES / outWall) * 1000 },
    ];
    const table = markdownTable(['What', 'Count', 'Per second', 'p50 / p95 / p99 ms', 'max ms'], rows.map((r) => [
      r.what, formatInt(r.stats.n), formatInt(r.perSecond), `${formatMs(r.stats.p50)} / ${formatMs(r.stats.p95)} / **${formatMs(r.stats.p99)}**`, formatMs(r.stats.max),
    ]));
    const problems = [
      ...(failedWebhooks ? [`${failedWebhooks} inbound webhooks not answered 200`] : []),
      ...(lostOrDuplicated ? [`${lostOrDuplicated} inbound messages lost or duplicated`] : []),
      ...(duplicateSends ? [`${duplicateSends} replies sent twice`] : []),
    ];
    const section = [
      '## Channel plugins (bench:plugins)',
      '',
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- ${formatInt(MESSAGES)} inbound messages and ${formatInt(REPLIES)} replies, ${CONCURRENCY} in flight; sms-twilio as a supervised child process over gRPC`,
      '',
      table,
      '',
      problems.length ? `**Problems:** ${problems.join('; ')}` : 'No message lost or duplicated (every MessageSid stored once, every reply sent once).',
    ].join('\n');
    console.log(`\n${section}`);
    if (!args['no-readme']) log(`\nwrote ${updateReadmeSection('plugins', section)}`);
    return problems.length ? 1 : 0;
  } finally {
    await close();
  }
}

const code = await exitCodeOf(main());
if (code !== undefined) process.exit(code);
