import type { Shape } from './shape';

export const en = {
  account: {
    title: 'My account',
    profile: { title: 'Profile', name: 'Name', email: 'Email', role: 'Role', managedByAdmin: 'Name, email and role are managed by an admin.' },
    password: {
      title: 'Change password', current: 'Current password', new: 'New password', repeat: 'New password again', rule: 'At least 10 characters.',
      mismatch: 'The two new passwords differ.', submit: 'Change password', changed: 'Password changed. Your other sessions were signed out.',
    },
    sessions: {
      title: 'Where I am signed in', device: 'Device', lastSeen: 'Last active', expires: 'Expires', revoke: 'End session', signOutHere: 'End this session (sign out)',
      current: 'this browser', unknown: 'Unknown device',
    },
    twoFactor: {
      title: 'Two-factor sign-in', on: 'On', off: 'Off',
      offText: 'Protect your account with a code from an authenticator app (such as Aegis, Google Authenticator or 1Password) in addition to your password.',
      setUp: 'Set up two-factor sign-in', scan: 'Scan this QR code with your authenticator app.', qrAlt: 'QR code for your authenticator app',
      manual: 'Cannot scan? Enter this secret in the app instead:', code: 'Code from the app', enable: 'Turn on',
      nowOn: 'Two-factor sign-in is on', codesOnce: 'These recovery codes are shown only now. Each works once if you lose your phone. Store them somewhere safe.',
      enabledText_one: 'You sign in with your password and a code. {{count}} recovery code left.',
      enabledText_other: 'You sign in with your password and a code. {{count}} recovery codes left.',
      enforced: 'Your workspace requires two-factor sign-in, so it cannot be turned off.', disable: 'Turn off two-factor sign-in',
      required: 'Your workspace requires two-factor sign-in. Set it up here to continue working.',
      notAvailable: 'Two-factor sign-in is not available on this server yet.',
    },
  },
} as const;

export const de: Shape<typeof en> = {
  account: {
    title: 'Mein Konto',
    profile: { title: 'Profil', name: 'Name', email: 'E-Mail', role: 'Rolle', managedByAdmin: 'Name, E-Mail und Rolle verwaltet ein Admin.' },
    password: {
      title: 'Passwort ändern', current: 'Aktuelles Passwort', new: 'Neues Passwort', repeat: 'Neues Passwort wiederholen', rule: 'Mindestens 10 Zeichen.',
      mismatch: 'Die beiden neuen Passwörter unterscheiden sich.', submit: 'Passwort ändern', changed: 'Passwort geändert. Ihre anderen Sitzungen wurden abgemeldet.',
    },
    sessions: {
      title: 'Wo ich angemeldet bin', device: 'Gerät', lastSeen: 'Zuletzt aktiv', expires: 'Läuft ab', revoke: 'Sitzung beenden', signOutHere: 'Diese Sitzung beenden (abmelden)',
      current: 'dieser Browser', unknown: 'Unbekanntes Gerät',
    },
    twoFactor: {
      title: 'Zwei-Faktor-Anmeldung', on: 'An', off: 'Aus',
      offText: 'Schützen Sie Ihr Konto zusätzlich zum Passwort mit einem Code aus einer Authenticator-App (etwa Aegis, Google Authenticator oder 1Password).',
      setUp: 'Zwei-Faktor-Anmeldung einrichten', scan: 'Scannen Sie diesen QR-Code mit Ihrer Authenticator-App.', qrAlt: 'QR-Code für Ihre Authenticator-App',
      manual: 'Scannen nicht möglich? Geben Sie stattdessen dieses Geheimnis in der App ein:', code: 'Code aus der App', enable: 'Einschalten',
      nowOn: 'Zwei-Faktor-Anmeldung ist an', codesOnce: 'Diese Wiederherstellungscodes werden nur jetzt angezeigt. Jeder funktioniert einmal, falls Sie Ihr Telefon verlieren. Bewahren Sie sie sicher auf.',
      enabledText_one: 'Sie melden sich mit Passwort und Code an. Noch {{count}} Wiederherstellungscode.',
      enabledText_other: 'Sie melden sich mit Passwort und Code an. Noch {{count}} Wiederherstellungscodes.',
      enforced: 'Ihr Arbeitsbereich verlangt die Zwei-Faktor-Anmeldung, daher kann sie nicht ausgeschaltet werden.', disable: 'Zwei-Faktor-Anmeldung ausschalten',
      required: 'Ihr Arbeitsbereich verlangt die Zwei-Faktor-Anmeldung. Richten Sie sie hier ein, um weiterzuarbeiten.',
      notAvailable: 'Die Zwei-Faktor-Anmeldung ist auf diesem Server noch nicht verfügbar.',
    },
  },
};
