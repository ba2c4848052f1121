import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/config';
import { LanternError } from '../../core/errors';
import type { Actor } from '../../core/principal';
import type { AnswerSurveyInput } from '../../core/schemas/lifecycle.schema';
import type { Queryable } from '../../db/knex';
import { recordAudit } from '../audit.service';
import { publishEvent } from '../outbox.service';
import { secretKey } from '../secret-key';
import { findTicket } from '../tickets/ticket.repository';
import { workerTicketView } from '../tickets/ticket.view';
import { verifySurveyToken } from './survey-token';

/** How long a survey link can be answered. */
export const SURVEY_LINK_TTL_DAYS = 30;
export const SURVEY_QUESTION = 'How satisfied are you with how we handled your request?';

type SurveyRow = {
  id: number;
  ticket_id: number;
  resolution: number;
  worker_id: number | null;
  token_hash: string;
  expires_at: Date;
  rating: number | null;
  comment: string | null;
  answered_at: Date | null;
};

/** The public link a customer answers through: the API endpoint itself (a UI page can front it later). */
export function surveyLink(config: Pick<Config, 'http'>, token: string): string {
  const base = config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`;
  return `${base.replace(/\/+$/, '')}/api/v1/surveys/${encodeURIComponent(token)}`;
}

const invalid = () => new LanternError('not_found', 'This survey link is not valid; check that the whole link was copied');

/** The survey a token opens, locked when asked; forged, mangled or unknown tokens are a 404, spent or stale ones a 410. */
async function openSurvey(db: Queryable, config: Config, token: string, forUpdate: boolean): Promise<SurveyRow> {
  const verified = verifySurveyToken(secretKey(config), token);
  if (!verified) throw invalid();
  const q = db('surveys').where({ id: verified.surveyId }).first<SurveyRow | undefined>('*');
  const row = await (forUpdate ? q.forUpdate() : q);
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(verified.hash))) throw invalid();
  if (row.answered_at) throw new LanternError('gone', 'This survey has already been answered; thank you!');
  if (row.expires_at.getTime() <= Date.now()) throw new LanternError('gone', 'This survey link has expired');
  return row;
}

export async function getSurveyQuestion(db: Queryable, config: Config, token: string) {
  const survey = await openSurvey(db, config, token, false);
  const ticket = await db('tickets').where({ id: survey.ticket_id }).first('number', 'subject');
  if (!ticket) throw invalid();
  return {
    question: SURVEY_QUESTION,
    ticket: { number: ticket.number as number, subject: ticket.subject as string },
    scale: { min: 1 as const, max: 5 as const },
    expiresAt: survey.expires_at.toISOString(),
  };
}

/** Fold one rating into a worker's CSAT stats in SQL, so concurrent answers never lose a count. */
async function addToWorkerStats(db: Queryable, workerId: number, rating: number): Promise<void> {
  await db.raw(
    `UPDATE workers SET stats = jsonb_set(stats, '{csat}', jsonb_build_object(
       'count', coalesce((stats #>> '{csat,count}')::int, 0) + 1,
       'sum', coalesce((stats #>> '{csat,sum}')::int, 0) + :rating,
       'average', round((coalesce((stats #>> '{csat,sum}')::numeric, 0) + :rating) / (coalesce((stats #>> '{csat,count}')::int, 0) + 1), 2)))
     WHERE id = :workerId`,
    { rating, workerId },
  );
}

/**
 * Record a customer's answer once: the rating on the survey, a system entry in the conversation, the resolving
 * worker's CSAT stats, an audit row and a `survey.answered` event (which the lifecycle feed turns into the
 * survey_answered signal), all in one transaction. A second answer finds the survey answered: 410.
 */
export async function answerSurvey(
  db: Queryable, config: Config, token: string, input: AnswerSurveyInput, request: { requestId?: string; ip?: string },
) {
  return db.transaction(async (trx) => {
    const survey = await openSurvey(trx, config, token, true);
    // Lock the ticket: its events reach the outbox in the order they happened (the lifecycle feed relies on it).
    const ticket = await findTicket(trx, survey.ticket_id, { forUpdate: true });
    if (!ticket) throw invalid();
    const comment = input.comment ? input.comment : null;
    const [answered] = await trx('surveys').where({ id: survey.id })
      .update({ rating: input.rating, comment, answered_at: trx.fn.now() })
      .returning<SurveyRow[]>('*');
    const text = `Customer satisfaction: ${input.rating}/5${comment ? ` — "${comment}"` : ''}`;
    await trx('conversation_entries').insert({
      ticket_id: ticket.id, kind: 'system_event', author_type: 'system', author_id: null, channel: 'internal',
      body_html: `<p>${text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`, body_text: text,
      metadata: JSON.stringify({ survey: { id: survey.id, resolution: survey.resolution, rating: input.rating } }),
    });
    const workerId = survey.worker_id ?? ticket.assignee_id;
    if (workerId !== null) await addToWorkerStats(trx, workerId, input.rating);
    // The answer comes from whoever holds the link sent to the requester; it is recorded as the requester.
    const actor: Actor = { type: 'customer', id: ticket.requester_id, via: 'system', viaId: null, ...request };
    const view = { id: survey.id, ticketId: ticket.id, resolution: survey.resolution, workerId, rating: input.rating, comment };
    await recordAudit(trx, actor, { action: 'survey.answer', entityType: 'survey', entityId: survey.id, after: view });
    await publishEvent(trx, { type: 'survey.answered', entityType: 'ticket', entityId: ticket.id, payload: { survey: view, ticket: workerTicketView(ticket) } });
    return { rating: input.rating, comment, answeredAt: answered!.answered_at!.toISOString() };
  });
}
