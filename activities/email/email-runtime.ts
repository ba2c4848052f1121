import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import type { BlobStorage } from '../../services/storage/blob-storage';
import { createEmailSender } from './email-sender';
import { createImapPoller } from '../../services/email/imap-poller';
import { createEmailInbound } from '../../services/email/inbound.service';
import { startSmtpInbound, type SmtpInbound } from '../../services/email/smtp-inbound.server';

/**
 * The email channel of one process (bin/start.ts): the sender the job runner and lifecycle activities deliver
 * through, and the inbound side (built-in SMTP server when enabled, IMAP polling) started once the app is up.
 */
export function createEmailChannel(deps: { db: Db; config: Config; logger: Logger; storage: BlobStorage }) {
  const logger = deps.logger.child({ component: 'email' });
  const sender = createEmailSender({ ...deps, logger });
  const inbound = createEmailInbound({ ...deps, logger });
  let smtp: SmtpInbound | null = null;
  let imap: { stop(): Promise<void> } | null = null;
  return {
    sender,
    inbound,
    async startInbound(): Promise<void> {
      const { inbound: cfg, maxBytes } = deps.config.email;
      if (cfg.enabled) {
        smtp = await startSmtpInbound({ db: deps.db, logger, inbound, host: cfg.host, port: cfg.port, maxBytes }).catch((err: unknown) => {
          // Fail start with the variable to change, not a bare EADDRINUSE stack.
          throw new Error(`Built-in SMTP server cannot listen on ${cfg.host}:${cfg.port} (${String(err)}): set LANTERN_SMTP_INBOUND_PORT / _HOST, or LANTERN_SMTP_INBOUND_ENABLED=false`);
        });
      }
      imap = createImapPoller({ db: deps.db, config: deps.config, logger, inbound }).start();
    },
    async stop(): Promise<void> {
      await smtp?.close();
      await imap?.stop();
      sender.close();
    },
  };
}
