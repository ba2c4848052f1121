import { Select, Stack, TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../../Badges';
import { useTags, useTeams, useWorkers } from '../queries';
import type { TicketDetail } from '../types';
import { UpdateFeedback } from './UpdateFeedback';
import { useTicketUpdate } from './useTicketUpdate';

const NONE = 'none';

/** Status, priority, assignee, team and tags; each change is saved at once with If-Match. */
export function FieldsPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const { statuses, priorities } = useSettings();
  const workers = useWorkers();
  const teams = useTeams();
  const tags = useTags();
  const update = useTicketUpdate(ticket);
  const idOrNull = (v: string | null) => (v === null || v === NONE ? null : Number(v));
  return (
    <Stack gap="xs" data-testid="fields-panel">
      <Select
        label={t('ticket.status')}
        data-testid="status-select"
        allowDeselect={false}
        value={String(ticket.status.id)}
        data={statuses.map((s) => ({ value: String(s.id), label: s.name }))}
        onChange={(v) => { if (v && Number(v) !== ticket.status.id) update.save({ statusId: Number(v) }); }}
        disabled={update.pending}
      />
      <Select
        label={t('ticket.priority')}
        data-testid="priority-select"
        allowDeselect={false}
        value={String(ticket.priority.id)}
        data={priorities.map((p) => ({ value: String(p.id), label: p.name }))}
        onChange={(v) => { if (v && Number(v) !== ticket.priority.id) update.save({ priorityId: Number(v) }); }}
        disabled={update.pending}
      />
      <Select
        label={t('ticket.assignee')}
        data-testid="assignee-select"
        searchable
        allowDeselect={false}
        value={ticket.assigneeId === null ? NONE : String(ticket.assigneeId)}
        data={[{ value: NONE, label: t('ticket.unassigned') }, ...workers.filter((w) => w.active || w.id === ticket.assigneeId).map((w) => ({ value: String(w.id), label: w.name }))]}
        onChange={(v) => { if (v && idOrNull(v) !== ticket.assigneeId) update.save({ assigneeId: idOrNull(v) }); }}
        disabled={update.pending}
        error={update.fieldErrors.assigneeId}
      />
      <Select
        label={t('ticket.team')}
        data-testid="team-select"
        searchable
        allowDeselect={false}
        value={ticket.teamId === null ? NONE : String(ticket.teamId)}
        data={[{ value: NONE, label: t('ticket.noTeam') }, ...teams.map((tm) => ({ value: String(tm.id), label: tm.name }))]}
        onChange={(v) => { if (v && idOrNull(v) !== ticket.teamId) update.save({ teamId: idOrNull(v) }); }}
        disabled={update.pending}
        error={update.fieldErrors.teamId}
      />
      <TagsInput
        label={t('ticket.tags')}
        data-testid="tags-input"
        value={ticket.tags}
        data={tags.map((tg) => tg.name)}
        onChange={(next) => update.save({ tags: next })}
        disabled={update.pending}
        clearable
        error={update.fieldErrors.tags}
      />
      <UpdateFeedback testId="ticket-feedback" feedback={update.feedback} onReload={update.reload} onClose={update.dismiss} />
    </Stack>
  );
}
