/** "My conversations" for identified users: their tickets, one opened with its messages and a reply box. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Entry, type Page, type TicketSummary } from '../api';
import { lang, t } from '../i18n';
import { Composer, ErrorLine } from '../ui';

const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
const closed = (c: string) => c === 'solved' || c === 'closed';

function Conversation({ ticket }: { ticket: TicketSummary }) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api<Page<Entry>>('GET', `/tickets/${ticket.id}/entries?limit=200`).then((p) => setEntries(p.data)).catch(() => setError(t('errorGeneric')));
  useEffect(() => { void load(); }, [ticket.id]);
  const reply = (text: string) => api('POST', `/tickets/${ticket.id}/entries`, { kind: 'customer_message', bodyText: text }).then(load).catch(() => setError(t('errorGeneric')));
  return (
    <div class="chat">
      <h2 class="subtitle">{ticket.subject}</h2>
      <div class="messages" role="log" aria-label={ticket.subject}>
        {entries === null ? <p class="muted">{t('loading')}</p> : entries.filter((e) => e.kind !== 'system_event').map((e) => (
          <div key={e.id} class={`msg ${e.author.type === 'customer' ? 'own' : 'agent'}`}>
            <div class="bubble">{e.bodyText}</div>
            <div class="muted small">{when(e.createdAt)}</div>
          </div>
        ))}
      </div>
      <ErrorLine>{error}</ErrorLine>
      <Composer label={t('replyLabel')} placeholder={t('chatPlaceholder')} onSend={(text) => void reply(text)} />
    </div>
  );
}

export function Conversations() {
  const [tickets, setTickets] = useState<TicketSummary[] | null>(null);
  const [open, setOpen] = useState<TicketSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Page<TicketSummary>>('GET', '/tickets?limit=50').then((p) => setTickets(p.data)).catch(() => setError(t('errorGeneric')));
  }, []);
  if (open) return <Conversation ticket={open} />;
  if (error) return <ErrorLine>{error}</ErrorLine>;
  if (!tickets) return <p class="muted pad">{t('loading')}</p>;
  if (!tickets.length) return <p class="muted pad">{t('conversationsEmpty')}</p>;
  return (
    <ul class="menu" data-testid="widget-conversations">
      {tickets.map((x) => (
        <li key={x.id}>
          <button type="button" class="menu-item" onClick={() => setOpen(x)} aria-label={`${t('conversationOpen')}: ${x.subject}`}>
            <span>{x.subject}</span>
            <span class="muted small">#{x.number} · {t(closed(x.status.category) ? 'status_closed' : 'status_open')} · {when(x.updatedAt)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
