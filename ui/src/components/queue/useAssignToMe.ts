import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { QueueTicket } from './queue-query';

/** "a": assign the ticket to the signed-in worker, guarded by the version the row shows (If-Match). */
export function useAssignToMe(meId: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ticket: QueueTicket) => {
      if (meId === null) throw new Error('not signed in');
      return (await api<QueueTicket>(`/tickets/${ticket.id}`, { method: 'PATCH', body: { assigneeId: meId }, headers: { 'If-Match': `"v${ticket.version}"` } })).body;
    },
    // A 409 means the row was stale: refreshing shows the current state either way.
    onSettled: (_data, _err, ticket) => {
      void client.invalidateQueries({ queryKey: ['tickets'] });
      void client.invalidateQueries({ queryKey: ['ticket', ticket.id] });
    },
  });
}
