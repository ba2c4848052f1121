/**
 * The widget's own small catalogue (en is the reference, de typed against it) instead of i18next, to keep the frame
 * bundle small. `t(key, { n })` replaces `{n}`.
 */
const en = {
  title: 'Support', close: 'Close', back: 'Back', send: 'Send', loading: 'Loading…', retry: 'Try again',
  errorGeneric: 'Something went wrong. Please try again.', offlineNetwork: 'Connection lost. Reconnecting…',
  homeChat: 'Chat with us', homeChatHint: 'We usually reply in a few minutes',
  homeTicket: 'Send us a message', homeTicketHint: 'We reply by email',
  homeConversations: 'My conversations', homeHelp: 'Search help articles', homeBot: 'Ask our assistant',
  searchLabel: 'Search the help center', searchPlaceholder: 'How do I…', searchNone: 'No articles found.', searchOpen: 'Open article',
  nameLabel: 'Your name', emailLabel: 'Email address', optional: '(optional)', required: 'Required',
  invalidEmail: 'Enter a valid email address', messageLabel: 'Message', subjectLabel: 'Subject',
  startChat: 'Start chat', chatPlaceholder: 'Type your message…', chatLabel: 'Your message',
  chatWaiting: 'Waiting for an agent…', chatQueue: 'You are number {n} in the queue.', chatActive: 'You are chatting with {name}.', chatActiveAnon: 'An agent is with you.',
  chatAgent: 'Agent', chatTyping: '{name} is typing…', chatRead: 'Read', chatClosed: 'This chat has ended.',
  chatOffline: 'No one is available right now. Leave your email and we will reply there.',
  chatOfflineHours: 'We are outside our business hours. Leave your email and we will reply there.',
  chatOfflineByEmail: 'No one is available right now. We will reply by email.',
  chatContactSaved: 'Thanks! We will reply to {email}.', chatEnd: 'End chat', chatNew: 'Start a new chat', you: 'You',
  ticketSent: 'Thanks! Your message was sent. Ticket #{n}.', ticketSubmit: 'Send message',
  conversationsEmpty: 'No conversations yet.', conversationOpen: 'Open conversation',
  reply: 'Reply', replyLabel: 'Your reply',
  botTitle: 'Assistant', botPlaceholder: 'Ask a question…', botHelpful: 'Did this answer your question?', yes: 'Yes', no: 'No',
  botHuman: 'Talk to a person', botTicket: 'Create a ticket', botThanks: 'Glad we could help!', botSources: 'Related articles',
  status_open: 'Open', status_closed: 'Closed',
};
export type Key = keyof typeof en;
const de: Record<Key, string> = {
  title: 'Support', close: 'Schließen', back: 'Zurück', send: 'Senden', loading: 'Lädt…', retry: 'Erneut versuchen',
  errorGeneric: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.', offlineNetwork: 'Verbindung unterbrochen. Verbinde neu…',
  homeChat: 'Mit uns chatten', homeChatHint: 'Wir antworten meist innerhalb weniger Minuten',
  homeTicket: 'Nachricht senden', homeTicketHint: 'Wir antworten per E-Mail',
  homeConversations: 'Meine Gespräche', homeHelp: 'Hilfeartikel durchsuchen', homeBot: 'Unseren Assistenten fragen',
  searchLabel: 'Hilfe-Center durchsuchen', searchPlaceholder: 'Wie kann ich…', searchNone: 'Keine Artikel gefunden.', searchOpen: 'Artikel öffnen',
  nameLabel: 'Ihr Name', emailLabel: 'E-Mail-Adresse', optional: '(optional)', required: 'Pflichtfeld',
  invalidEmail: 'Geben Sie eine gültige E-Mail-Adresse ein', messageLabel: 'Nachricht', subjectLabel: 'Betreff',
  startChat: 'Chat starten', chatPlaceholder: 'Nachricht eingeben…', chatLabel: 'Ihre Nachricht',
  chatWaiting: 'Warte auf einen Mitarbeiter…', chatQueue: 'Sie sind Nummer {n} in der Warteschlange.', chatActive: 'Sie chatten mit {name}.', chatActiveAnon: 'Ein Mitarbeiter ist für Sie da.',
  chatAgent: 'Mitarbeiter', chatTyping: '{name} schreibt…', chatRead: 'Gelesen', chatClosed: 'Dieser Chat ist beendet.',
  chatOffline: 'Gerade ist niemand erreichbar. Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten dort.',
  chatOfflineHours: 'Wir sind außerhalb unserer Geschäftszeiten. Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten dort.',
  chatOfflineByEmail: 'Gerade ist niemand erreichbar. Wir antworten per E-Mail.',
  chatContactSaved: 'Danke! Wir antworten an {email}.', chatEnd: 'Chat beenden', chatNew: 'Neuen Chat starten', you: 'Sie',
  ticketSent: 'Danke! Ihre Nachricht wurde gesendet. Ticket #{n}.', ticketSubmit: 'Nachricht senden',
  conversationsEmpty: 'Noch keine Gespräche.', conversationOpen: 'Gespräch öffnen',
  reply: 'Antworten', replyLabel: 'Ihre Antwort',
  botTitle: 'Assistent', botPlaceholder: 'Stellen Sie eine Frage…', botHelpful: 'Hat das Ihre Frage beantwortet?', yes: 'Ja', no: 'Nein',
  botHuman: 'Mit einem Menschen sprechen', botTicket: 'Ticket erstellen', botThanks: 'Schön, dass wir helfen konnten!', botSources: 'Passende Artikel',
  status_open: 'Offen', status_closed: 'Geschlossen',
};

const catalogues: Record<string, Record<Key, string>> = { en, de };
let current: Record<Key, string> = en;
export let lang = 'en';

export function setLanguage(language: string): void {
  lang = catalogues[language] ? language : 'en';
  current = catalogues[lang]!;
  document.documentElement.lang = lang;
}

export function t(key: Key, vars: Record<string, string | number> = {}): string {
  return current[key].replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
}
