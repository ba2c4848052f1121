/**
 * `npm run bench:chat`: live chat over real WebSockets against the real app (createApp on a loopback port, its own
 * embedded PostgreSQL). N connections = N/2 chats, each with a visitor socket and its agent's socket; chats are
 * started through the API (visitor token, POST /chat/sessions, routing to one team of agents).
 *
 * Load: every chat exchanges M messages, alternating visitor → agent and agent → visitor, one in flight per chat
 * (the next is sent once the previous arrived), all chats at once. A message's delivery latency is from `send` on
 * one socket to its `message` event on the other side, which includes the entry's commit, the outbox NOTIFY, the
 * hub's LISTEN and the fan-out. Exits 1 when a message was not delivered within the timeout.
 * Options: --connections 2000 --messages 10 --agents 40 --timeout 30 --note "..." --no-readme
 * Smoke run: npm run bench:chat -- --connections 100 --messages 3 --no-readme
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import WebSocket from 'ws';
import { loadConfig } from '../config/config';
import { createApp } from '../gateway/app';
import { createLifecycleEngine } from '../services/lifecycle/engine-factory';
import { createPolicySource } from '../services/lifecycle/policy-source';
import { localStorage } from '../services/storage/local-storage';
import { COMMON_OPTIONS, positiveInt } from './bench-args';
import { cleanupOnSignal, exitCodeOf, openBenchDatabase } from './bench-database';
import { sessionPrincipal } from './bench-principals';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize } from './report';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '10' },
    agents: { type: 'string', default: '40' },
    timeout: { type: 'string', default: '30' },
    ...COMMON_OPTIONS,
  },
});
const CONNECTIONS = positiveInt('connections', args.connections);
const CHATS = Math.max(1, Math.floor(CONNECTIONS / 2));
const MESSAGES = positiveInt('messages', args.messages);
const AGENTS = Math.min(positiveInt('agents', args.agents), CHATS);
const TIMEOUT_MS = positiveInt('timeout', args.timeout) * 1000;
const SETUP_CONCURRENCY = 16;
const log = (msg: string) => console.log(msg);

type Side = { ws: WebSocket; pending: Map<string, (at: number) => void> };

/** Open a chat socket; resolves on its `ready` event. Incoming messages resolve the waiter registered for their text. */
function open(url: string, ticketId: number, token: string): Promise<Side> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/chat/ws?ticketId=${ticketId}`, { headers: { authorization: `Bearer ${token}` } });
  const side: Side = { ws, pending: new Map() };
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(new Error(`chat ${ticketId}: refused ${res.statusCode}`)));
    ws.once('error', reject);
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as { type: string; entry?: { bodyText: string } };
      if (e.type === 'ready') resolve(side);
      else if (e.type === 'message' && e.entry) {
        const done = side.pending.get(e.entry.bodyText);
        if (done) { side.pending.delete(e.entry.bodyText); done(performance.now()); }
      }
    });
  });
}

async function inLanes<T>(count: number, lanes: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, async () => {
    for (let i = next++; i < count; i = next++) out[i] = await task(i);
  }));
  return out;
}

async function main(): Promise<number> {
  const loadBefore = loadAverage();
  const bench = await openBenchDatabase({ serverUrl: loadConfig().databaseUrl, poolMax: 40, log });
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-bench-chat-'));
  const sockets: WebSocket[] = [];
  const stops: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    await bench.close();
  };
  const release = cleanupOnSignal(closeAll);
  try {
    const config = loadConfig({
      DATABASE_URL: bench.url, LANTERN_DATA_DIR: dataDir, LANTERN_LOG_LEVEL: 'silent', LANTERN_RATE_LIMIT_PER_IP: '100000000', LANTERN_RATE_LIMIT_PER_KEY: '100000000',
    });
    const engine = await createLifecycleEngine(config, { db: bench.db, policies: createPolicySource(bench.db) });
    const server = createApp({ db: bench.db, config, logger: pino({ level: 'silent' }), storage: localStorage(join(dataDir, 'attachments')), engine }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    stops.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const api = async (token: string | null, method: string, path: string, body?: unknown) => {
      const res = await fetch(url + path, { method, headers: { ...(token && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    };

    // One team, AGENTS online agents with room for every chat, one routing rule for the chat channel.
    const [team] = await bench.db('teams').insert({ name: 'Bench chat' }).returning<{ id: number }[]>('id');
    const [admin] = await bench.db('workers').insert({ name: 'Bench admin', email: 'bench-admin@bench.local', role: 'admin', all_tickets: true }).returning<{ id: number }[]>('id');
    const adminToken = (await sessionPrincipal(bench.db, 'worker', admin!.id)).token;
    const agentTokens = new Map<number, string>();
    for (let i = 0; i < AGENTS; i++) {
      const [w] = await bench.db('workers').insert({ name: `Agent ${i}`, email: `agent-${i}@bench.local`, role: 'agent' }).returning<{ id: number }[]>('id');
      await bench.db('team_members').insert({ team_id: team!.id, worker_id: w!.id });
      await api(adminToken, 'PUT', `/api/v1/workers/${w!.id}/routing-profile`, { availability: 'online', capacity: Math.ceil(CHATS / AGENTS) + 1 });
      agentTokens.set(w!.id, (await sessionPrincipal(bench.db, 'worker', w!.id)).token);
    }
    await api(adminToken, 'POST', '/api/v1/routing-rules', { name: 'chats', conditions: [{ field: 'channel', op: 'in', values: ['chat'] }], actions: { routeToTeam: team!.id } });

    log(`\nstarting ${formatInt(CHATS)} chats (${formatInt(CHATS * 2)} connections), ${AGENTS} agents`);
    const setupStarted = performance.now();
    const chats = await inLanes(CHATS, SETUP_CONCURRENCY, async (i) => {
      const visitor = await api(null, 'POST', '/api/v1/chat/visitor-token', { name: `Visitor ${i}` });
      const chat = await api(String(visitor.token), 'POST', '/api/v1/chat/sessions', { message: `Bench chat ${i}` });
      if (chat.state !== 'active') throw new Error(`chat ${i} was not assigned (state ${String(chat.state)})`);
      const customer = await open(url, Number(chat.ticketId), String(visitor.token));
      const agent = await open(url, Number(chat.ticketId), agentTokens.get(Number(chat.assigneeId))!);
      sockets.push(customer.ws, agent.ws);
      return { customer, agent };
    });
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    log(`  ${formatInt(sockets.length)} connections open after ${setupSeconds.toFixed(1)} s`);

    const latencies: number[] = [];
    let lost = 0;
    const started = performance.now();
    await Promise.all(chats.map(async ({ customer, agent }, c) => {
      for (let m = 0; m < MESSAGES; m++) {
        const [from, to] = m % 2 === 0 ? [customer, agent] : [agent, customer];
        const text = `c${c} m${m}`;
        const sentAt = performance.now();
        const arrived = new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => { to.pending.delete(text); resolve(null); }, TIMEOUT_MS);
          to.pending.set(text, (at) => { clearTimeout(timer); resolve(at); });
        });
        from.ws.send(JSON.stringify({ type: 'message', text }));
        const at = await arrived;
        if (at === null) lost += 1;
        else latencies.push(at - sentAt);
      }
    }));
    const wallMs = performance.now() - started;
    const stats = summarize(latencies);
    const perSecond = (latencies.length / wallMs) * 1000;
    log(`  ${formatInt(latencies.length)} messages delivered in ${(wallMs / 1000).toFixed(1)} s: ${formatInt(perSecond)}/s, p99 ${formatMs(stats.p99)} ms`);

    const section = [
      '## Live chat (bench:chat)',
      '',
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- ${formatInt(CHATS * 2)} concurrent WebSocket connections (${formatInt(CHATS)} chats × visitor + agent, ${AGENTS} agents), one process; `
        + `${MESSAGES} messages per chat alternating sides, one in flight per chat; setup (visitor token, start + routing, 2 sockets) took ${setupSeconds.toFixed(1)} s`,
      '',
      markdownTable(['What', 'Delivered', 'Messages/s', 'p50 / p95 / p99 ms', 'max ms'], [[
        'send → other side\'s `message` event (commit, NOTIFY, fan-out)', formatInt(stats.n), formatInt(perSecond),
        `${formatMs(stats.p50)} / ${formatMs(stats.p95)} / **${formatMs(stats.p99)}**`, formatMs(stats.max),
      ]]),
      '',
      lost ? `**Problems:** ${lost} messages not delivered within ${TIMEOUT_MS / 1000} s` : 'Every message was delivered.',
    ].join('\n');
    console.log(`\n${section}`);
    if (!args['no-readme']) log(`\nwrote ${updateReadmeSection('chat', section)}`);
    return lost ? 1 : 0;
  } finally {
    release();
    await closeAll();
  }
}

const code = await exitCodeOf(main());
if (code !== undefined) process.exit(code);
