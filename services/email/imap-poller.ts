import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import { imapAccess, type EmailAddressRow, type ImapAccess } from './address.service';
import type { EmailInbound } from './inbound.service';

export type PollResult = { fetched: number; stored: number; duplicates: number; quarantined: number; failed: number };

/** The subset of the inbound pipeline the poller needs (a test may hand in a failing one). */
type Ingest = Pick<EmailInbound, 'ingest'>;

const connect = async (access: ImapAccess, logger: Logger) => {
  const client = new ImapFlow({
    host: access.host, port: access.port, secure: access.secure, auth: { user: access.user, pass: access.password },
    // Without implicit TLS imapflow still upgrades with STARTTLS whenever the server offers it.
    logger: false,
  });
  client.on('error', (err: unknown) => logger.warn({ err, host: access.host }, 'imap connection error'));
  await client.connect();
  return client;
};

/**
 * Fetch every UNSEEN message of the open mailbox, hand it to the inbound pipeline and only then flag it \Seen.
 * A crash between commit and flag leaves it unseen: the next poll fetches it again and the Message-ID dedupe
 * answers "duplicate", so it is flagged and nothing is created twice. A message that fails stays unseen.
 */
async function processUnseen(client: ImapFlow, address: EmailAddressRow, inbound: Ingest, logger: Logger): Promise<PollResult> {
  const result: PollResult = { fetched: 0, stored: 0, duplicates: 0, quarantined: 0, failed: 0 };
  const uids = (await client.search({ seen: false }, { uid: true })) || [];
  for (const uid of uids) {
    // source is fetched with BODY.PEEK[]: reading alone does not set \Seen.
    const msg = await client.fetchOne(String(uid), { source: true, envelope: true }, { uid: true });
    if (!msg || !msg.source) continue;
    result.fetched++;
    try {
      const r = await inbound.ingest({ raw: msg.source, source: 'imap', mailFrom: '', rcptTo: [address.address], addressId: address.id });
      if (r.outcome === 'duplicate') result.duplicates++;
      else if (r.outcome === 'quarantined') result.quarantined++;
      else result.stored++;
    } catch (err) {
      result.failed++;
      logger.error({ err, uid, address: address.address }, 'imap: message not stored; it stays unseen and is retried next poll');
      continue;
    }
    await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
  }
  return result;
}

/**
 * IMAP polling for every active support address with mailbox settings. `pollOnce` does one pass (tests, the
 * bench); `start` keeps one connection per address, waits in IDLE when the server supports it and wakes on new
 * mail (EXISTS) or every LANTERN_IMAP_POLL_SECONDS (servers without IDLE are simply polled).
 */
export function createImapPoller(deps: { db: Db; config: Config; logger: Logger; inbound: Ingest }) {
  const { db, config, logger, inbound } = deps;

  const mailboxes = async (): Promise<Array<{ row: EmailAddressRow; access: ImapAccess }>> => {
    const rows = await db('email_addresses').where({ active: true }).whereNotNull('imap').orderBy('id').select<EmailAddressRow[]>('*');
    return rows.flatMap((row) => {
      const access = imapAccess(config, row);
      return access ? [{ row, access }] : [];
    });
  };

  async function pollAddress(row: EmailAddressRow, access: ImapAccess): Promise<PollResult> {
    const client = await connect(access, logger);
    try {
      const lock = await client.getMailboxLock(access.mailbox);
      try {
        return await processUnseen(client, row, inbound, logger);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
  }

  async function pollOnce(): Promise<PollResult> {
    const total: PollResult = { fetched: 0, stored: 0, duplicates: 0, quarantined: 0, failed: 0 };
    for (const { row, access } of await mailboxes()) {
      const r = await pollAddress(row, access);
      for (const k of Object.keys(total) as (keyof PollResult)[]) total[k] += r[k];
    }
    return total;
  }

  /** One long-lived loop per mailbox; the set of mailboxes is re-read every poll interval. */
  function start(): { stop(): Promise<void> } {
    let stopped = false;
    const loops = new Map<number, { key: string; stop: () => Promise<void> }>();
    const intervalMs = config.email.imapPollSeconds * 1000;

    const runLoop = (row: EmailAddressRow, access: ImapAccess) => {
      let client: ImapFlow | null = null;
      let wake: (() => void) | null = null;
      let ended = false;
      const done = (async () => {
        let backoff = 1000;
        while (!ended && !stopped) {
          try {
            client = await connect(access, logger);
            client.on('exists', () => wake?.());
            await client.mailboxOpen(access.mailbox);
            backoff = 1000;
            while (!ended && !stopped && client.usable) {
              const lock = await client.getMailboxLock(access.mailbox);
              try {
                const r = await processUnseen(client, row, inbound, logger);
                if (r.fetched) logger.info({ address: row.address, ...r }, 'imap poll');
              } finally {
                lock.release();
              }
              const waiting = new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, intervalMs);
                wake = () => { clearTimeout(timer); resolve(); };
              });
              // IDLE now (imapflow's own auto-IDLE starts after 15 s): the server pushes EXISTS for new mail. The
              // next command ends it by itself.
              if (client.capabilities.has('IDLE')) client.idle().catch((err: unknown) => logger.debug({ err }, 'imap idle ended'));
              await waiting;
              wake = null;
            }
          } catch (err) {
            if (ended || stopped) break;
            logger.warn({ err, address: row.address, retryInMs: backoff }, 'imap poll failed; reconnecting');
            await new Promise((r) => setTimeout(r, backoff));
            backoff = Math.min(backoff * 2, 60_000);
          } finally {
            await (client as ImapFlow | null)?.logout().catch(() => undefined);
            client = null;
          }
        }
      })();
      return async () => {
        ended = true;
        wake?.();
        await (client as ImapFlow | null)?.logout().catch(() => undefined);
        await done;
      };
    };

    const reconcile = async () => {
      const wanted = await mailboxes();
      const ids = new Set(wanted.map((w) => w.row.id));
      for (const [id, loop] of loops) {
        if (!ids.has(id) || wanted.find((w) => w.row.id === id)!.row.version.toString() !== loop.key) {
          loops.delete(id);
          await loop.stop();
        }
      }
      for (const { row, access } of wanted) {
        if (!loops.has(row.id)) loops.set(row.id, { key: row.version.toString(), stop: runLoop(row, access) });
      }
    };

    let timer: NodeJS.Timeout | null = null;
    const tick = () => {
      reconcile()
        .catch((err: unknown) => logger.warn({ err }, 'imap: reading mailbox settings failed'))
        .finally(() => { if (!stopped) timer = setTimeout(tick, intervalMs); });
    };
    tick();
    return {
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await Promise.all([...loops.values()].map((l) => l.stop()));
        loops.clear();
      },
    };
  }

  return { pollOnce, start };
}
