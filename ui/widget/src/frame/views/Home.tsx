import type { WidgetConfig } from '../api';
import { t, type Key } from '../i18n';

export type View = 'home' | 'chat' | 'ticket' | 'conversations' | 'help' | 'bot';
export type Availability = { help: boolean; bot: boolean; conversations: boolean };

/** The start screen: the greeting and one button per feature that is on (and whose API answers). */
export function Home({ config, available, go }: { config: WidgetConfig; available: Availability; go: (v: View) => void }) {
  const items: Array<[View, Key, Key | null]> = [];
  if (config.features.chat) items.push(['chat', 'homeChat', 'homeChatHint']);
  if (config.features.bot && available.bot) items.push(['bot', 'homeBot', null]);
  if (config.features.helpCenter && available.help) items.push(['help', 'homeHelp', null]);
  if (config.features.ticketForm) items.push(['ticket', 'homeTicket', 'homeTicketHint']);
  if (config.features.conversations && available.conversations) items.push(['conversations', 'homeConversations', null]);
  return (
    <div class="home">
      <p class="greeting">{config.greeting}</p>
      <ul class="menu">
        {items.map(([view, label, hint]) => (
          <li key={view}>
            <button type="button" class="menu-item" data-testid={`widget-home-${view}`} onClick={() => go(view)}>
              <span>{t(label)}</span>
              {hint && <span class="muted small">{t(hint)}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
