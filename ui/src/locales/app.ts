import type { Shape } from './shape';

export const en = {
  app: { name: 'Lantern', queue: 'Queue', stats: 'My stats', admin: 'Admin', logout: 'Sign out', language: 'Language', live: 'Live', offline: 'Reconnecting…' },
  login: {
    title: 'Sign in to Lantern',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Email or password is wrong.',
    error: 'Sign-in failed: {{message}}',
  },
  categories: { new: 'New', open: 'Open', pending: 'Pending', on_hold: 'On hold', solved: 'Solved', closed: 'Closed' },
} as const;

export const de: Shape<typeof en> = {
  app: { name: 'Lantern', queue: 'Warteschlange', stats: 'Meine Statistik', admin: 'Verwaltung', logout: 'Abmelden', language: 'Sprache', live: 'Live', offline: 'Verbindung wird wiederhergestellt…' },
  login: {
    title: 'Bei Lantern anmelden',
    email: 'E-Mail',
    password: 'Passwort',
    submit: 'Anmelden',
    failed: 'E-Mail oder Passwort ist falsch.',
    error: 'Anmeldung fehlgeschlagen: {{message}}',
  },
  categories: { new: 'Neu', open: 'Offen', pending: 'Wartend', on_hold: 'Zurückgestellt', solved: 'Gelöst', closed: 'Geschlossen' },
};
