import type { Queryable } from '../../db/knex';
import type { DeliveryReport } from './bounce';

/**
 * Apply a delivery status notification: permanently failed recipients are marked bouncing (the sender then stops
 * mailing them), and the message that bounced is marked failed, in `email_messages` and in `outbound_messages`.
 * Returns a one-line summary for the quarantine entry that keeps the DSN itself.
 */
export async function recordBounce(db: Queryable, report: DeliveryReport): Promise<string> {
  return db.transaction(async (trx) => {
    const notes: string[] = [];
    for (const b of report.bounces) {
      if (b.permanent) {
        await trx.raw(
          `INSERT INTO email_recipient_status (address, bouncing, bounce_count, last_status, last_diagnostic, last_bounced_at, updated_at)
           VALUES (?, true, 1, ?, ?, now(), now())
           ON CONFLICT (address) DO UPDATE SET bouncing = true, bounce_count = email_recipient_status.bounce_count + 1,
             last_status = EXCLUDED.last_status, last_diagnostic = EXCLUDED.last_diagnostic, last_bounced_at = now(), updated_at = now()`,
          [b.recipient, b.status, b.diagnostic],
        );
      }
      notes.push(`${b.recipient}: ${b.action} ${b.status}${b.permanent ? ' (marked bouncing)' : ''}`);
    }
    if (report.originalMessageId) {
      const error = `bounced: ${report.bounces.map((b) => `${b.recipient} ${b.status} ${b.diagnostic}`.trim()).join('; ')}`.slice(0, 1000);
      const permanent = report.bounces.some((b) => b.permanent);
      const out = await trx('email_messages').where({ direction: 'out', message_id: report.originalMessageId })
        .first<{ id: number; outbound_message_id: number | null } | undefined>('id', 'outbound_message_id');
      if (out && permanent) {
        await trx('email_messages').where({ id: out.id }).update({ status: 'failed', error });
        if (out.outbound_message_id) await trx('outbound_messages').where({ id: out.outbound_message_id }).update({ status: 'failed', error });
        notes.push(`outbound message ${report.originalMessageId} marked failed`);
      } else if (!out) {
        notes.push(`original ${report.originalMessageId} is not one of ours`);
      }
    }
    return notes.join('; ') || 'delivery report without recipients';
  });
}
