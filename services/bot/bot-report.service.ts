import { normalizeQuestion } from '../../core/bot/bot-scoring';
import type { BotReport } from '../../core/schemas/bot.schema';
import type { Queryable } from '../../db/knex';
import { ABANDONED_AFTER_MS } from './bot-conversation.service';

const TOP = 20;

/**
 * Conversations started in [from, to): outcomes, deflection rate, most matched intents and the questions the bot
 * could not answer. Abandoned = no outcome and idle longer than 30 minutes at `now`; still-active conversations
 * count in `conversations` but not in the deflection rate, which is resolved / (resolved + handed over + abandoned).
 */
export async function botReport(db: Queryable, q: { from: Date; to: Date }, now = new Date()): Promise<BotReport> {
  const idleBefore = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const inRange = db('bot_conversations').where('created_at', '>=', q.from).where('created_at', '<', q.to);
  const counts = (await inRange.clone().first(
    db.raw('count(*)::int AS conversations'),
    db.raw("count(*) FILTER (WHERE outcome = 'resolved')::int AS resolved"),
    db.raw("count(*) FILTER (WHERE outcome = 'handed_over')::int AS handed_over"),
    db.raw('count(*) FILTER (WHERE outcome IS NULL AND last_activity_at < ?)::int AS abandoned', [idleBefore]),
  )) as { conversations: number; resolved: number; handed_over: number; abandoned: number };
  const ids = inRange.clone().select('id');
  const topIntents = (await db('bot_messages')
    .join('bot_intents', 'bot_intents.id', 'bot_messages.intent_id')
    .whereIn('bot_messages.conversation_id', ids)
    .groupBy('bot_intents.id', 'bot_intents.name')
    .orderBy([{ column: 'count', order: 'desc' }, { column: 'bot_intents.id', order: 'asc' }])
    .limit(TOP)
    .select('bot_intents.id', 'bot_intents.name', db.raw('count(*)::int AS count'))) as Array<{ id: number; name: string; count: number }>;
  // The customer message right before each "no answer" reply is an unanswered question.
  const { rows } = await db.raw<{ rows: Array<{ text: string }> }>(
    `SELECT q.text FROM bot_messages a
       JOIN LATERAL (SELECT text FROM bot_messages c WHERE c.conversation_id = a.conversation_id AND c.id < a.id AND c.sender = 'customer' ORDER BY c.id DESC LIMIT 1) q ON true
      WHERE a.reply_kind = 'no_answer' AND a.conversation_id IN (SELECT id FROM bot_conversations WHERE created_at >= ? AND created_at < ?)`,
    [q.from, q.to],
  );
  const grouped = new Map<string, { text: string; count: number }>();
  for (const r of rows) {
    const key = normalizeQuestion(r.text);
    const g = grouped.get(key) ?? { text: r.text, count: 0 };
    g.count++;
    grouped.set(key, g);
  }
  const unanswered = [...grouped.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)).slice(0, TOP);
  const decided = counts.resolved + counts.handed_over + counts.abandoned;
  return {
    from: q.from.toISOString(), to: q.to.toISOString(),
    conversations: counts.conversations, resolved: counts.resolved, handedOver: counts.handed_over, abandoned: counts.abandoned,
    active: counts.conversations - decided,
    deflectionRate: decided ? Math.round((counts.resolved / decided) * 1000) / 1000 : null,
    topIntents: topIntents.map((i) => ({ intentId: Number(i.id), name: i.name, count: i.count })),
    unanswered,
  };
}
