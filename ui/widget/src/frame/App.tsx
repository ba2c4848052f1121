/** The widget app inside the frame: a header (back, title, close) and one view at a time. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WidgetConfig } from './api';
import { toParent } from './host';
import { t, type Key } from './i18n';
import { isIdentified } from './session';
import { BotView } from './views/BotView';
import { ChatRoom } from './views/ChatRoom';
import { ChatStart, forgetChat, rememberChat, storedChat } from './views/ChatStart';
import { Conversations } from './views/Conversations';
import { HelpSearch } from './views/HelpSearch';
import { Home, type Availability, type View } from './views/Home';
import { TicketForm } from './views/TicketForm';

const TITLES: Record<View, Key> = { home: 'title', chat: 'homeChat', ticket: 'homeTicket', conversations: 'homeConversations', help: 'homeHelp', bot: 'botTitle' };

export function App({ config, available, preview }: { config: WidgetConfig; available: Availability; preview: boolean }) {
  const [view, setView] = useState<View>(() => (storedChat() ? 'chat' : 'home'));
  const [chatId, setChatId] = useState<number | null>(() => storedChat());
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus follows the view for screen readers; the admin preview never takes focus from the form.
  useEffect(() => { if (!preview) heading.current?.focus(); }, [view]);
  // Escape closes the panel, like the × button (the loader gives focus back to the launcher).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !preview) toParent('close'); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const go = (v: View) => { if (!preview) setView(v); };
  const conv = { ...available, conversations: available.conversations && isIdentified() };

  return (
    <div class="widget" style={{ '--primary': config.colors.primary, '--primary-text': config.colors.primaryText }}>
      <header class="bar">
        {view !== 'home' && <button type="button" class="icon" aria-label={t('back')} onClick={() => setView('home')}>‹</button>}
        <h1 tabIndex={-1} ref={heading}>{t(TITLES[view])}</h1>
        <button type="button" class="icon close" aria-label={t('close')} data-testid="widget-close" onClick={() => toParent('close')}>×</button>
      </header>
      <main class="body">
        {view === 'home' && <Home config={config} available={conv} go={go} />}
        {view === 'chat' && (chatId ? <ChatRoom ticketId={chatId} onNew={() => { forgetChat(); setChatId(null); }} /> : <ChatStart config={config} onStarted={setChatId} />)}
        {view === 'ticket' && <TicketForm />}
        {view === 'conversations' && <Conversations />}
        {view === 'help' && <HelpSearch />}
        {view === 'bot' && (
          <BotView chatAvailable={config.features.chat} onHandover={(mode, ticketId) => { if (mode === 'chat') { rememberChat(ticketId); setChatId(ticketId); setView('chat'); } else setView('conversations'); }} />
        )}
      </main>
    </div>
  );
}
