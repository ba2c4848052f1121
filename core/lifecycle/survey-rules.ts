import { type Draft, runActivity } from './draft';
import type { ActivityResult, SurveyAnswered } from './events';
import { FAILED_ACTIVITIES_LIMIT } from './state';

const HOUR_MS = 3_600_000;

/** On solve: plan one survey for this resolution (the resolution count was just incremented). */
export function scheduleSurvey(draft: Draft): void {
  const { state, policy, now } = draft;
  if (!policy.survey.enabled) return;
  state.survey = {
    resolution: state.resolution.count,
    status: 'scheduled',
    dueAt: now + policy.survey.delayHours * HOUR_MS,
    deliveryKey: null,
    sentAt: null,
    rating: null,
    comment: null,
    answeredAt: null,
  };
  if (state.survey.dueAt !== null && state.survey.dueAt <= now) deliverSurvey(draft);
}

/** A reopen means the resolution was not final: its survey is dropped before it goes out. */
export function cancelScheduledSurvey(draft: Draft): void {
  const survey = draft.state.survey;
  if (survey?.status === 'scheduled') Object.assign(survey, { status: 'cancelled', dueAt: null });
}

/** Sends the scheduled survey now, on the ticket's channel. Only a scheduled survey can go out, so once per resolution. */
export function deliverSurvey(draft: Draft): void {
  const { state } = draft;
  const survey = state.survey;
  if (!state.ticket || survey?.status !== 'scheduled') return;
  survey.deliveryKey = runActivity(
    draft,
    'deliver_survey',
    { ticketId: state.ticket.id, channel: state.ticket.channel, resolution: survey.resolution },
    `deliver_survey.r${survey.resolution}`,
  );
  survey.status = 'sending';
  survey.dueAt = null;
}

export function onSurveyAnswered(draft: Draft, event: SurveyAnswered): void {
  const { state, policy, now } = draft;
  const ticket = state.ticket;
  if (!ticket) return;
  // Answers can arrive through links that outlive our bookkeeping; record them against the latest resolution.
  state.survey ??= {
    resolution: state.resolution.count,
    status: 'answered',
    dueAt: null,
    deliveryKey: null,
    sentAt: null,
    rating: null,
    comment: null,
    answeredAt: null,
  };
  Object.assign(state.survey, { status: 'answered', dueAt: null, rating: event.rating, comment: event.comment, answeredAt: now });
  const threshold = policy.agentAlerts.lowCsatAtOrBelow;
  if (threshold !== null && event.rating <= threshold) {
    runActivity(
      draft,
      'alert_agent',
      { ticketId: ticket.id, assigneeId: ticket.assigneeId, teamId: ticket.teamId, reason: 'low_csat', rating: event.rating },
      'alert_agent.low_csat',
    );
  }
}

export function onActivityResult(draft: Draft, event: ActivityResult): void {
  const { state, now } = draft;
  const survey = state.survey;
  if (event.name === 'deliver_survey' && survey?.status === 'sending' && survey.deliveryKey === event.idempotencyKey) {
    survey.status = event.ok ? 'sent' : 'failed';
    survey.sentAt = event.ok ? now : null;
  }
  if (!event.ok) {
    state.failedActivities.push({ name: event.name, idempotencyKey: event.idempotencyKey, at: now, error: event.error ?? null });
    state.failedActivities = state.failedActivities.slice(-FAILED_ACTIVITIES_LIMIT);
  }
}
