/** A running chat: messages, agent typing, read receipts, queue position, offline → leave an email. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { t } from '../i18n';
import { Composer, ErrorLine, Field, emailOk } from '../ui';
import { useChat } from '../use-chat';

function OfflineContact({ ticketId, reason }: { ticketId: number; reason: string | null }) {
  const [email, setEmail] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  async function submit(e: Event) {
    e.preventDefault();
    if (!emailOk(email.trim())) return setError(t('invalidEmail'));
    try {
      await api('POST', `/chat/${ticketId}/contact`, { email: email.trim() });
      setSaved(email.trim());
    } catch (err) {
      setError(err instanceof ApiError ? (err.errors[0]?.message ?? err.message) : t('errorGeneric'));
    }
  }
  if (saved) return <p class="notice" role="status">{t('chatContactSaved', { email: saved })}</p>;
  return (
    <form class="form notice" onSubmit={submit} noValidate>
      <p>{t(reason === 'outside_hours' ? 'chatOfflineHours' : 'chatOffline')}</p>
      <Field name="email" type="email" label={t('emailLabel')} value={email} onInput={setEmail} required error={error} />
      <button type="submit" class="primary block" data-testid="widget-leave-email">{t('send')}</button>
    </form>
  );
}

export function ChatRoom({ ticketId, onNew }: { ticketId: number; onNew: () => void }) {
  const { model, send } = useChat(ticketId);
  const list = useRef<HTMLDivElement>(null);
  const lastTyping = useRef(0);
  const [error, setError] = useState<string | null>(null);
  // The `closed` event (with needsEmail) may have come before this socket listened: ask who we are instead.
  const [missingEmail, setMissingEmail] = useState(false);
  useEffect(() => {
    if (model.state === 'offline') void api<{ email: string | null }>('GET', '/me').then((me) => setMissingEmail(!me.email), () => undefined);
  }, [model.state]);

  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
    const lastAgent = [...model.entries].reverse().find((e) => e.author.type === 'worker');
    if (lastAgent && document.visibilityState === 'visible') send({ type: 'read', upToEntryId: lastAgent.id });
  }, [model.entries.length, model.agentTyping]);

  const lastOwn = [...model.entries].reverse().find((e) => e.author.type === 'customer');
  const status = model.state === 'waiting'
    ? (model.queuePosition ? t('chatQueue', { n: model.queuePosition }) : t('chatWaiting'))
    : model.state === 'active' ? (model.agentName ? t('chatActive', { name: model.agentName }) : t('chatActiveAnon'))
      : model.state === 'closed' ? t('chatClosed')
        : model.state === 'offline' && !model.needsEmail && !missingEmail ? t('chatOfflineByEmail') : null;
  const open = model.state !== 'closed' && model.state !== 'offline';

  return (
    <div class="chat">
      <div class="status-row">
        {status && <p class="status" role="status" data-testid="widget-chat-status">{status}</p>}
        {open && <button type="button" class="link" onClick={() => send({ type: 'close' })} data-testid="widget-end-chat">{t('chatEnd')}</button>}
      </div>
      {model.disconnected && <p class="status warn" role="status">{t('offlineNetwork')}</p>}
      <div class="messages" ref={list} role="log" aria-live="polite" aria-label={t('homeChat')} data-testid="widget-messages">
        {model.entries.map((e) => {
          const own = e.author.type === 'customer';
          return (
            <div key={e.id} class={`msg ${own ? 'own' : 'agent'}`} data-testid={own ? 'widget-msg-own' : 'widget-msg-agent'}>
              <span class="sr-only">{own ? t('you') : (model.agentName ?? t('chatAgent'))}: </span>
              <div class="bubble">{e.bodyText}</div>
              {own && e.id === lastOwn?.id && model.agentReadUpTo >= e.id && <div class="receipt" data-testid="widget-read">{t('chatRead')}</div>}
            </div>
          );
        })}
        {model.agentTyping && <p class="typing muted" data-testid="widget-typing">{t('chatTyping', { name: model.agentName ?? t('chatAgent') })}</p>}
      </div>
      {model.state === 'offline' && (model.needsEmail || missingEmail) && <OfflineContact ticketId={ticketId} reason={model.offlineReason} />}
      <ErrorLine>{error}</ErrorLine>
      {!open && <div class="chips"><button type="button" onClick={onNew} data-testid="widget-new-chat">{t('chatNew')}</button></div>}
      {open && (
        <Composer
          label={t('chatLabel')} placeholder={t('chatPlaceholder')} testid="widget-chat-input"
          onSend={(text) => { setError(null); send({ type: 'typing', typing: false }); send({ type: 'message', text }); }}
          onTyping={() => {
            if (Date.now() - lastTyping.current < 3000) return;
            lastTyping.current = Date.now();
            send({ type: 'typing', typing: true });
          }}
        />
      )}
    </div>
  );
}
