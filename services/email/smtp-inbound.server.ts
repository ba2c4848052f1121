import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Db } from '../../db/knex';
import { activeAddresses } from './address.service';
import type { EmailInbound } from './inbound.service';
import { stripPlus } from './loop-guard';

/** An SMTP reply with a code: smtp-server sends `responseCode` to the client. */
const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export type SmtpInbound = { port: number; close(): Promise<void> };

/**
 * The built-in receiving server: accepts mail only for active support addresses that take SMTP (plus-addresses
 * included), enforces the size limit during DATA (552), and answers 250 only after the message is committed
 * (inbound.service.ts). A failure before commit answers 451, so the sending server retries: nothing is lost.
 * No AUTH, no STARTTLS: it is meant to sit behind the organisation's MX on a private address (127.0.0.1 default).
 */
export async function startSmtpInbound(deps: {
  db: Db; logger: Logger; inbound: EmailInbound; host: string; port: number; maxBytes: number;
}): Promise<SmtpInbound> {
  const { db, logger, inbound } = deps;
  const server = new SMTPServer({
    name: 'lantern',
    banner: 'Lantern support mail',
    size: deps.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      activeAddresses(db)
        .then((rows) => {
          const target = stripPlus(address.address);
          const ok = rows.some((a) => a.inbound_smtp && a.address.toLowerCase() === target);
          callback(ok ? null : smtpError(550, `5.1.1 <${address.address}>: no such support address here`));
        })
        .catch((err: unknown) => {
          logger.error({ err }, 'smtp: recipient check failed');
          callback(smtpError(451, '4.3.0 temporary failure, try again later'));
        });
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 message exceeds the size limit of ${deps.maxBytes} bytes`));
          return;
        }
        const envelope = session.envelope;
        inbound
          .ingest({
            raw: Buffer.concat(chunks), source: 'smtp',
            mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
            rcptTo: envelope.rcptTo.map((r) => r.address),
          })
          .then((result) => callback(null, result.outcome === 'quarantined' ? `2.0.0 queued for review (${result.quarantineId})` : `2.0.0 queued as ticket ${result.ticketId}`))
          .catch((err: unknown) => {
            logger.error({ err }, 'smtp: inbound message not stored; asking the sender to retry');
            callback(smtpError(451, '4.3.0 temporary failure, try again later'));
          });
      });
    },
  });
  server.on('error', (err) => logger.warn({ err }, 'smtp server error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info({ host: deps.host, port }, 'built-in SMTP server listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
