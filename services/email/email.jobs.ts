import type { Queryable } from '../../db/knex';

/** graphile-worker task that hands one queued email `outbound_messages` row to the email sender. */
export const EMAIL_SEND_TASK = 'email_send';
const MAX_ATTEMPTS = 25;

/** Enqueue in the caller's transaction; the job key makes a second enqueue of the same message a no-op replace. */
export async function enqueueEmailSend(trx: Queryable, outboundMessageId: number): Promise<void> {
  await trx.raw(`SELECT graphile_worker.add_job(?, json_build_object('messageId', ?::bigint), max_attempts => ?, job_key => ?)`,
    [EMAIL_SEND_TASK, outboundMessageId, MAX_ATTEMPTS, `email-send:${outboundMessageId}`]);
}
