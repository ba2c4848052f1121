/**
 * `npm run bench:email`: inbound email to ticket through the built-in SMTP server, in one process — the real app
 * (createApp) on a loopback port for the baseline, the built-in SMTP server (smtp-server) with the real inbound
 * pipeline (parse, dedupe, loop guard, threading, one transaction per message), and nodemailer as the sending
 * MTA (a pooled SMTP client, several connections).
 *
 * - Baseline in the same run: the same number of tickets created through POST /api/v1/tickets.
 * - Email: N messages, each from a new sender (so each opens a ticket), C in flight; a message counts when the
 *   server answered 250, which it does only after the commit. Half of them carry a 20 KB attachment.
 * Exits 1 when a message was lost or duplicated. Options: --messages 1000 --concurrency 8 --note "..." --no-readme
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { loadConfig } from '../config/config';
import { createApp } from '../gateway/app';
import { createEmailInbound } from '../services/email/inbound.service';
import { startSmtpInbound } from '../services/email/smtp-inbound.server';
import { createLifecycleEngine } from '../services/lifecycle/engine-factory';
import { createPolicySource } from '../services/lifecycle/policy-source';
import { localStorage } from '../services/storage/local-storage';
import { COMMON_OPTIONS, positiveInt } from './bench-args';
import { exitCodeOf, openBenchWorkspace } from './bench-database';
import { sessionPrincipal } from './bench-principals';
import { loadAverage, machineInfo, machineLines } from './machine-info';
import { updateReadmeSection } from './readme-file';
import { formatInt, formatMs, markdownTable, summarize, type LatencySummary } from './report';
import { timedLanes } from './lanes';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    ...COMMON_OPTIONS,
  },
});
const MESSAGES = positiveInt('messages', args.messages);
const CONCURRENCY = positiveInt('concurrency', args.concurrency);
const log = (msg: string) => console.log(msg);
const SUPPORT = 'help@bench.local';

type Row = { what: string; stats: LatencySummary; perSecond: number };

async function main(): Promise<number> {
  const loadBefore = loadAverage();
  const { bench, dataDir, onClose, close } = await openBenchWorkspace({ serverUrl: loadConfig().databaseUrl, poolMax: CONCURRENCY * 2 + 10, prefix: 'email', log });
  try {
    const config = loadConfig({
      DATABASE_URL: bench.url, LANTERN_DATA_DIR: dataDir, LANTERN_LOG_LEVEL: 'silent', LANTERN_RATE_LIMIT_PER_IP: '100000000',
      LANTERN_RATE_LIMIT_PER_KEY: '100000000', LANTERN_EMAIL_DOMAIN: 'bench.local', LANTERN_EMAIL_RATE_LIMIT_PER_HOUR: '100000',
    });
    const logger = pino({ level: 'silent' });
    const storage = localStorage(join(dataDir, 'attachments'));
    const engine = await createLifecycleEngine(config, { db: bench.db, policies: createPolicySource(bench.db) });
    const server = createApp({ db: bench.db, config, logger, storage, engine }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    onClose(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const inbound = createEmailInbound({ db: bench.db, config, logger, storage });
    const smtp = await startSmtpInbound({ db: bench.db, logger, inbound, host: '127.0.0.1', port: 0, maxBytes: config.email.maxBytes });
    onClose(() => smtp.close());
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: CONCURRENCY, maxMessages: Infinity });
    onClose(async () => transport.close());

    const [admin] = await bench.db('workers').insert({ name: 'Bench admin', email: 'bench-admin@bench.local', role: 'admin', all_tickets: true }).returning<{ id: number }[]>('id');
    const { token } = await sessionPrincipal(bench.db, 'worker', admin!.id);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    };
    await api('POST', '/api/v1/email/addresses', { address: SUPPORT, displayName: 'Bench help desk' });

    const attachment = Buffer.alloc(20_000, 'x');
    const mail = (i: number, prefix: string) => ({
      from: `"Customer ${i}" <${prefix}-${i}@customers.local>`, to: SUPPORT, subject: `Where is my parcel ${i}`,
      text: `Hello,\n\nwhere is my parcel ${i}?\n\n-- \nCustomer ${i}`,
      html: `<p>Hello,</p><p>where is my parcel <b>${i}</b>?</p>`,
      ...(i % 2 === 0 && { attachments: [{ filename: `receipt-${i}.txt`, content: attachment }] }),
    });
    // Warm-up: JIT, pools, SMTP connections.
    for (let i = 0; i < Math.min(20, MESSAGES); i++) await transport.sendMail(mail(i, 'warm'));

    log(`\ninbound: ${formatInt(MESSAGES)} tickets, ${CONCURRENCY} in flight`);
    const base = await timedLanes(MESSAGES, CONCURRENCY, async (i) => {
      await api('POST', '/api/v1/tickets', {
        subject: `Where is my parcel ${i}`, channel: 'api', requester: { email: `base-${i}@customers.local`, name: `Customer ${i}` },
        message: { kind: 'customer_message', bodyText: `Where is my parcel ${i}?` },
      });
    });
    log(`  baseline POST /api/v1/tickets: ${formatInt((MESSAGES / base.wallMs) * 1000)}/s, p99 ${formatMs(summarize(base.samples).p99)} ms`);

    const ids: string[] = [];
    let refused = 0;
    const email = await timedLanes(MESSAGES, CONCURRENCY, async (i) => {
      try {
        const info = await transport.sendMail(mail(i, 'mail'));
        ids[i] = info.messageId.replace(/^<|>$/g, '');
      } catch {
        refused += 1;
      }
    });
    log(`  email via SMTP: ${formatInt((MESSAGES / email.wallMs) * 1000)}/s, p99 ${formatMs(summarize(email.samples).p99)} ms`);
    const stored = await bench.db('email_messages').where({ direction: 'in' }).whereIn('message_id', ids.filter(Boolean)).select<{ message_id: string; ticket_id: number }[]>('message_id', 'ticket_id');
    const uniqueTickets = new Set(stored.map((r) => Number(r.ticket_id))).size;
    const lost = MESSAGES - stored.length;
    const duplicated = stored.length - uniqueTickets;

    const rows: Row[] = [
      { what: 'baseline: POST /api/v1/tickets', stats: summarize(base.samples), perSecond: (MESSAGES / base.wallMs) * 1000 },
      { what: 'email → ticket (SMTP 250 after commit)', stats: summarize(email.samples), perSecond: (MESSAGES / email.wallMs) * 1000 },
    ];
    const table = markdownTable(['What', 'Count', 'Per second', 'p50 / p95 / p99 ms', 'max ms'], rows.map((r) => [
      r.what, formatInt(r.stats.n), formatInt(r.perSecond), `${formatMs(r.stats.p50)} / ${formatMs(r.stats.p95)} / **${formatMs(r.stats.p99)}**`, formatMs(r.stats.max),
    ]));
    const problems = [
      ...(refused ? [`${refused} messages refused by the SMTP server`] : []),
      ...(lost ? [`${lost} messages not stored`] : []),
      ...(duplicated ? [`${duplicated} messages stored twice`] : []),
    ];
    const section = [
      '## Email inbound (bench:email)',
      '',
      machineLines(machineInfo(bench.serverVersion), { before: loadBefore, after: loadAverage() }, args.note),
      `- ${formatInt(MESSAGES)} messages (HTML + text, every second one with a 20 KB attachment), each from a new sender, ${CONCURRENCY} SMTP connections; raw source and attachments to local storage`,
      '',
      table,
      '',
      problems.length ? `**Problems:** ${problems.join('; ')}` : 'No message lost or duplicated (every Message-ID stored once, one ticket each).',
    ].join('\n');
    console.log(`\n${section}`);
    if (!args['no-readme']) log(`\nwrote ${updateReadmeSection('email', section)}`);
    return problems.length ? 1 : 0;
  } finally {
    await close();
  }
}

const code = await exitCodeOf(main());
if (code !== undefined) process.exit(code);
