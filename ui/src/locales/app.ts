import type { Shape } from './shape';

export const en = {
  app: { name: 'Lantern', queue: 'Queue', stats: 'My stats', admin: 'Admin', menu: 'Menu', close: 'Close', navigation: 'Main navigation', logout: 'Sign out', language: 'Language', live: 'Live', offline: 'Reconnecting…' },
  login: {
    title: 'Sign in to Lantern',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Email or password is wrong.',
    error: 'Sign-in failed: {{message}}',
    notices: { expired: 'Your session ended, please sign in again.', challengeEnded: 'The sign-in code step expired. Please sign in again.' },
    twoFactor: {
      title: 'Enter your code', intro: 'Open your authenticator app and enter the current code for Lantern.', code: 'Code',
      codeHelp: 'Lost your phone? Enter one of your recovery codes instead.', verify: 'Verify', back: 'Back to sign-in',
      wrong_one: 'That code is wrong. {{count}} attempt left.', wrong_other: 'That code is wrong. {{count}} attempts left.',
    },
  },
  categories: { new: 'New', open: 'Open', pending: 'Pending', on_hold: 'On hold', solved: 'Solved', closed: 'Closed' },
} as const;

export const de: Shape<typeof en> = {
  app: { name: 'Lantern', queue: 'Warteschlange', stats: 'Meine Statistik', admin: 'Verwaltung', menu: 'Menü', close: 'Schließen', navigation: 'Hauptnavigation', logout: 'Abmelden', language: 'Sprache', live: 'Live', offline: 'Verbindung wird wiederhergestellt…' },
  login: {
    title: 'Bei Lantern anmelden',
    email: 'E-Mail',
    password: 'Passwort',
    submit: 'Anmelden',
    failed: 'E-Mail oder Passwort ist falsch.',
    error: 'Anmeldung fehlgeschlagen: {{message}}',
    notices: { expired: 'Ihre Sitzung ist abgelaufen, bitte melden Sie sich erneut an.', challengeEnded: 'Der Schritt mit dem Anmeldecode ist abgelaufen. Bitte melden Sie sich erneut an.' },
    twoFactor: {
      title: 'Code eingeben', intro: 'Öffnen Sie Ihre Authenticator-App und geben Sie den aktuellen Code für Lantern ein.', code: 'Code',
      codeHelp: 'Telefon verloren? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein.', verify: 'Bestätigen', back: 'Zurück zur Anmeldung',
      wrong_one: 'Der Code ist falsch. Noch {{count}} Versuch.', wrong_other: 'Der Code ist falsch. Noch {{count}} Versuche.',
    },
  },
  categories: { new: 'Neu', open: 'Offen', pending: 'Wartend', on_hold: 'Zurückgestellt', solved: 'Gelöst', closed: 'Geschlossen' },
};
