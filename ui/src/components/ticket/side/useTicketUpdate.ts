import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api';
import { ifMatch, ticketKey } from '../queries';
import type { TicketDetail } from '../types';

export type UpdateFeedback = { kind: 'saved' | 'conflict' | 'error'; text: string } | null;
export type TicketChanges = Partial<{
  statusId: number; priorityId: number; assigneeId: number | null; teamId: number | null; tags: string[]; customFields: Record<string, unknown>;
}>;

/**
 * PATCH /tickets/:id with If-Match. A 409 means someone else changed the ticket: say so and offer a reload
 * (the agent's edit is not silently re-applied). Field errors come back keyed by their path.
 */
export function useTicketUpdate(ticket: TicketDetail) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [feedback, setFeedback] = useState<UpdateFeedback>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (changes: TicketChanges) =>
      api<TicketDetail>(`/tickets/${ticket.id}`, { method: 'PATCH', body: changes, headers: ifMatch(ticket.version) }),
    onSuccess: ({ body }) => {
      client.setQueryData(ticketKey(ticket.id), body);
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: [...ticketKey(ticket.id), 'entries'] });
      setFieldErrors({});
      setFeedback({ kind: 'saved', text: t('ticket.saved') });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        setFeedback({ kind: 'conflict', text: t('ticket.conflict') });
        return;
      }
      const errors = err instanceof ApiError ? err.problem.errors ?? [] : [];
      setFieldErrors(Object.fromEntries(errors.map((e) => [e.path, e.message])));
      setFeedback({ kind: 'error', text: t('ticket.saveFailed', { message: err.message }) });
    },
  });
  const reload = () => {
    setFeedback(null);
    void client.invalidateQueries({ queryKey: ticketKey(ticket.id) });
  };
  return { save: (c: TicketChanges) => mutation.mutate(c), pending: mutation.isPending, feedback, fieldErrors, reload, dismiss: () => setFeedback(null) };
}
