/** The chatbot (contract section 3): questions and answers, helpful feedback, hand over to a person or a ticket. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { lang, t } from '../i18n';
import { ensureVisitor } from '../session';
import { Composer, ErrorLine } from '../ui';

type BotReply = {
  kind: string; text: string; passage: string | null; articles: Array<{ articleId: number; title: string; url: string }>;
  options: Array<{ label: string }>; offerHuman: boolean;
};
type Line = { from: 'customer' | 'bot'; text: string; reply?: BotReply };

export function BotView({ chatAvailable, onHandover }: { chatAvailable: boolean; onHandover: (mode: 'chat' | 'ticket', ticketId: number) => void }) {
  const [id, setId] = useState<number | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<'asked' | 'done' | null>(null);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ensureVisitor('', lang)
      .then(() => api<{ id: number; greeting: string }>('POST', '/bot/conversations', { language: lang, channel: 'widget' }))
      .then((c) => { setId(c.id); setLines([{ from: 'bot', text: c.greeting }]); })
      .catch(() => setError(t('errorGeneric')));
  }, []);
  useEffect(() => { list.current?.scrollTo({ top: list.current.scrollHeight }); }, [lines.length]);

  async function ask(text: string) {
    if (id === null) return;
    setLines((l) => [...l, { from: 'customer', text }]);
    try {
      const { reply } = await api<{ reply: BotReply }>('POST', `/bot/conversations/${id}/messages`, { text });
      setLines((l) => [...l, { from: 'bot', text: reply.text, reply }]);
      if (reply.kind === 'answer') setFeedback('asked');
    } catch {
      setError(t('errorGeneric'));
    }
  }
  const rate = (helpful: boolean) => { if (id !== null) void api('POST', `/bot/conversations/${id}/feedback`, { helpful }).catch(() => undefined); setFeedback('done'); };
  const handover = (mode: 'chat' | 'ticket') => id !== null && api<{ ticketId: number }>('POST', `/bot/conversations/${id}/handover`, { mode })
    .then((r) => onHandover(mode, r.ticketId)).catch(() => setError(t('errorGeneric')));
  const last = lines[lines.length - 1]?.reply;

  return (
    <div class="chat">
      <div class="messages" ref={list} role="log" aria-live="polite" aria-label={t('botTitle')}>
        {lines.map((l, i) => (
          <div key={i} class={`msg ${l.from === 'customer' ? 'own' : 'agent'}`}>
            <div class="bubble">{l.text}{l.reply?.passage && <blockquote>{l.reply.passage}</blockquote>}</div>
            {l.reply && l.reply.articles.length > 0 && (
              <ul class="hits small" aria-label={t('botSources')}>
                {l.reply.articles.map((a) => <li key={a.articleId}><a href={a.url} target="_blank" rel="noopener">{a.title}</a></li>)}
              </ul>
            )}
            {l.reply?.options.length ? <div class="chips">{l.reply.options.map((o) => <button type="button" key={o.label} onClick={() => void ask(o.label)}>{o.label}</button>)}</div> : null}
          </div>
        ))}
      </div>
      {feedback === 'asked' && (
        <div class="chips" role="group" aria-label={t('botHelpful')}>
          <span>{t('botHelpful')}</span>
          <button type="button" onClick={() => rate(true)}>{t('yes')}</button>
          <button type="button" onClick={() => rate(false)}>{t('no')}</button>
        </div>
      )}
      {feedback === 'done' && <p class="muted small" role="status">{t('botThanks')}</p>}
      {(last?.offerHuman || last?.kind === 'no_answer') && (
        <div class="chips">
          {chatAvailable && <button type="button" onClick={() => void handover('chat')}>{t('botHuman')}</button>}
          <button type="button" onClick={() => void handover('ticket')}>{t('botTicket')}</button>
        </div>
      )}
      <ErrorLine>{error}</ErrorLine>
      <Composer label={t('chatLabel')} placeholder={t('botPlaceholder')} onSend={(text) => void ask(text)} disabled={id === null} testid="widget-bot-input" />
    </div>
  );
}
