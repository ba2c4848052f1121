import type { Queryable } from '../../db/knex';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A chat transcript for email: every customer-visible entry up to `untilEntryId`, with author names and UTC times. */
export async function chatTranscript(db: Queryable, ticketId: number, untilEntryId: number): Promise<{ html: string; text: string }> {
  const rows = (await db('conversation_entries as e')
    .leftJoin('customers as c', function joinCustomer() { this.on('c.id', '=', 'e.author_id').andOnVal('e.author_type', '=', 'customer'); })
    .leftJoin('workers as w', function joinWorker() { this.on('w.id', '=', 'e.author_id').andOnVal('e.author_type', '=', 'worker'); })
    .where('e.ticket_id', ticketId).where('e.id', '<=', untilEntryId).whereIn('e.kind', ['customer_message', 'public_reply'])
    .orderBy('e.id').select('e.body_text', 'e.created_at', 'c.name as customer_name', 'w.name as worker_name')) as Array<{ body_text: string; created_at: Date; customer_name: string | null; worker_name: string | null }>;
  const lines = rows.map((r) => ({ at: r.created_at.toISOString().slice(0, 16).replace('T', ' '), who: r.worker_name ?? r.customer_name ?? 'Support', text: r.body_text }));
  return {
    text: lines.map((l) => `[${l.at} UTC] ${l.who}: ${l.text}`).join('\n'),
    html: lines.map((l) => `<p><small>${l.at} UTC</small> <strong>${escapeHtml(l.who)}</strong>: ${escapeHtml(l.text).replace(/\n/g, '<br>')}</p>`).join('\n'),
  };
}
