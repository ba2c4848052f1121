import type { Policy } from './policy.schema';

const OFFICE = [{ start: '09:00', end: '17:00' }];

/**
 * A sensible starting point for a new workspace: office hours Monday–Friday in UTC, tighter targets for
 * urgent and high tickets (urgent measured around the clock), a catch-all, and escalation to the assignee
 * on warning and to the team lead on breach. Admins copy and edit it; it passes `policySchema` unchanged.
 */
export const DEFAULT_POLICY: Policy = {
  version: 1,
  calendar: {
    timeZone: 'UTC',
    weeklyHours: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE },
    holidays: [],
  },
  priorities: ['low', 'normal', 'high', 'urgent'],
  sla: {
    warningPercent: 75,
    policies: [
      {
        id: 'urgent',
        name: 'Urgent, around the clock',
        when: { priorities: ['urgent'] },
        hours: 'calendar',
        targets: { first_response: 60, next_response: 120, periodic_update: 240, resolution: 8 * 60 },
        escalations: [
          { on: 'warning', actions: [{ type: 'notify_assignee' }] },
          { on: 'breach', actions: [{ type: 'notify_team_lead' }, { type: 'notify_assignee' }] },
        ],
      },
      {
        id: 'high',
        name: 'High priority',
        when: { priorities: ['high'] },
        hours: 'business',
        targets: { first_response: 2 * 60, next_response: 4 * 60, resolution: 2 * 8 * 60 },
        escalations: [
          { on: 'warning', actions: [{ type: 'notify_assignee' }] },
          { on: 'breach', actions: [{ type: 'notify_team_lead' }] },
        ],
      },
      {
        id: 'standard',
        name: 'Everything else',
        when: {},
        hours: 'business',
        targets: { first_response: 8 * 60, next_response: 16 * 60, resolution: 5 * 8 * 60 },
        escalations: [
          { on: 'warning', actions: [{ type: 'notify_assignee' }] },
          { on: 'breach', metrics: ['first_response', 'resolution'], actions: [{ type: 'notify_team_lead' }] },
        ],
      },
    ],
  },
  pending: { reminderAfterHours: 48, maxReminders: 2, reminderTemplate: 'pending_reminder', autoSolveAfterDays: 7 },
  solved: { autoCloseAfterDays: 4, reopenWindowDays: 4 },
  survey: { enabled: true, delayHours: 24 },
  customerNotifications: {
    new: { template: 'ticket_received' },
    solved: { template: 'ticket_solved' },
  },
  agentAlerts: { onCustomerReply: true, onAssignment: true, onReopen: true, lowCsatAtOrBelow: 2 },
};
