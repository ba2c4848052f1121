import type { Queryable } from '../../db/knex';
import { CHAT_CHANNEL } from '../realtime/ticket-events.hub';

/** Transient chat signals fanned out to every gateway process through NOTIFY (delivered on commit inside a transaction). */
export type ChatSignal =
  | { t: number; kind: 'typing'; by: { type: 'customer' | 'worker'; id: number }; typing: boolean }
  | { t: number; kind: 'read'; by: { type: 'customer' | 'worker'; id: number }; upToEntryId: number }
  | { t: number; kind: 'transferred'; to: { workerId: number | null; teamId: number | null }; by: number }
  | { t: number; kind: 'closed'; reason: 'no_agent' | 'outside_hours'; emailTicket: boolean; needsEmail: boolean }
  | { t: number; kind: 'queue' };

export async function sendChatSignal(db: Queryable, signal: ChatSignal): Promise<void> {
  // NOTIFY payloads are limited to 8000 bytes; signals carry ids only, never message bodies.
  await db.raw('SELECT pg_notify(?, ?)', [CHAT_CHANNEL, JSON.stringify(signal)]);
}
