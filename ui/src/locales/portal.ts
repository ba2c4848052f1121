import type { Shape } from './shape';

/** The customer portal (ui/src/portal/). */
export const en = {
  portal: {
    title: 'Support portal',
    skip: 'Skip to content',
    nav: { label: 'Portal navigation', tickets: 'My tickets', newTicket: 'New ticket', account: 'My account', signOut: 'Sign out', helpCenter: 'Help center' },
    common: { loading: 'Loading…', back: 'Back to my tickets', cancel: 'Cancel', save: 'Save', saved: 'Saved.', retry: 'Try again' },
    errors: {
      generic: 'Something went wrong. Please try again.',
      network: 'The server cannot be reached. Check your connection and try again.',
      invalid: 'Please check the highlighted fields.',
      wrongCredentials: 'Email or password is wrong.',
      locked_one: 'Too many failed sign-in attempts. Your account is locked for {{count}} more minute.',
      locked_other: 'Too many failed sign-in attempts. Your account is locked for {{count}} more minutes.',
      notVerified: 'Please confirm your email address first: open the link we emailed you.',
      tooMany: 'Too many requests. Please wait a moment and try again.',
      forbidden: 'You may not do this.',
      notAvailable: 'This is not available on this server yet.',
      fields: {
        email: 'Enter a valid email address.',
        password: 'Use at least 10 characters.',
        required: 'Please fill in this field.',
        tooLong: 'This is too long.',
        rating: 'Choose between 1 and 5 stars.',
      },
    },
    signIn: {
      title: 'Sign in to the support portal', email: 'Email', password: 'Password', submit: 'Sign in', forgot: 'Forgot your password?',
      register: 'No account yet? Register', magic: 'Email me a sign-in link', or: 'or',
      magicSent: 'If an account exists for {{email}}, we have sent a sign-in link. It works once, within 15 minutes.',
      needEmail: 'Enter your email address first.', ended: 'Your session ended. Please sign in again.',
      resend: 'Send the confirmation link again', resent: 'If the account is waiting for confirmation, we have sent a new link.',
    },
    register: {
      title: 'Create your account', name: 'Name', email: 'Email', password: 'Password', passwordRule: 'At least 10 characters.', submit: 'Register',
      haveAccount: 'Already registered? Sign in',
      checkTitle: 'Check your email', checkText: 'We have sent a link to {{email}}. Open it within 24 hours to confirm your address and sign in.',
    },
    forgot: {
      title: 'Reset your password', text: 'Enter your email address and we will send you a link to choose a new password.', email: 'Email',
      submit: 'Send reset link', sent: 'If an account exists for {{email}}, we have sent a link. It works once, within one hour.', back: 'Back to sign in',
    },
    reset: {
      title: 'Choose a new password', password: 'New password', repeat: 'New password again', rule: 'At least 10 characters.',
      mismatch: 'The two passwords differ.', submit: 'Save password', done: 'Your password was changed. Sign in with it now.', signIn: 'Sign in',
    },
    token: {
      verifying: 'Confirming your email address…', signingIn: 'Signing you in…', missing: 'This link is incomplete. Open it from the email again.',
      invalid: 'This link is invalid or has expired. Each link works only once.', toSignIn: 'Go to sign in', toRegister: 'Register again',
    },
    tickets: {
      title: 'My tickets', mine: 'My tickets', organization: 'My organization', empty: 'You have no tickets yet.', emptyOrg: 'Your organization has no tickets yet.',
      newTicket: 'New ticket', number: '#{{number}}', updated: 'Updated {{date}}', more: 'Show more', byColleague: 'Opened by a colleague',
    },
    status: { new: 'New', open: 'Open', pending: 'Waiting for your reply', on_hold: 'On hold', solved: 'Solved', closed: 'Closed' },
    ticket: {
      you: 'You', support: 'Support team', colleague: 'A colleague', assistant: 'Assistant', conversation: 'Conversation', empty: 'No messages yet.',
      opened: 'Opened {{date}}', notFound: 'This ticket does not exist or you cannot see it.',
      close: 'Close ticket', reopen: 'Reopen ticket', closedNote: 'This ticket is closed. Reopen it to write again.',
      onlyRequester: 'Only the person who opened this ticket can close, reopen or rate it.',
    },
    reply: {
      label: 'Your reply', send: 'Send reply', attach: 'Attach files', remove: 'Remove {{name}}', uploading: 'Uploading {{name}}…', sent: 'Your reply was sent.',
      empty: 'Write a message first.',
    },
    rating: {
      title: 'How did we do?', text: 'Rate how we solved your request.', label: 'Rating', star_one: '{{count}} star', star_other: '{{count}} stars',
      comment: 'Comment (optional)', submit: 'Send rating', update: 'Update rating', thanks: 'Thank you for your feedback.',
      previous: 'Your ratings of this ticket', resolution: 'Resolution {{n}}', solvedAt: 'Solved {{date}}', yours: 'Your rating: {{count}} of 5',
    },
    newTicket: {
      title: 'New ticket', subject: 'Subject', message: 'Describe your request', submit: 'Create ticket',
      hint: 'Before you write: maybe the help center already has the answer.',
    },
    account: {
      title: 'My account', profile: 'Profile', name: 'Name', email: 'Email', language: 'Language',
      notifications: {
        title: 'Notifications', channels: 'Notify me by', statusUpdates: 'When the status of my tickets changes', replies: 'When support replies',
        email: 'Email', sms: 'SMS', telegram: 'Telegram', meta: 'WhatsApp / Messenger', web_push: 'Browser notifications',
        unavailable: 'Notification settings are not available on this server yet.',
        push: 'Browser notifications on this device', pushUnsupported: 'This browser cannot show notifications.',
        pushFailed: 'Browser notifications could not be turned on. Check the site permissions of your browser.',
      },
    },
    help: {
      title: 'Need help?', searchLabel: 'Search the help center', searchPlaceholder: 'e.g. change my password', search: 'Search',
      results_one: '{{count}} article found', results_other: '{{count}} articles found', noHits: 'No articles found for “{{q}}”.',
      unavailable: 'The help center is not available right now.', all: 'Browse the help center',
    },
    assistant: {
      title: 'Ask our assistant', start: 'Start a conversation', input: 'Your question', send: 'Ask', you: 'You', bot: 'Assistant',
      passage: 'From the article', articles: 'Related articles', human: 'Talk to a human', handingOver: 'Creating a ticket for you…',
      helpful: 'This helped', notHelpful: 'This did not help', thanks: 'Glad we could help!', unavailable: 'The assistant is not available right now.',
      clarify: 'Did you mean:',
    },
  },
} as const;

export const de: Shape<typeof en> = {
  portal: {
    title: 'Support-Portal',
    skip: 'Zum Inhalt springen',
    nav: { label: 'Portal-Navigation', tickets: 'Meine Tickets', newTicket: 'Neues Ticket', account: 'Mein Konto', signOut: 'Abmelden', helpCenter: 'Hilfe-Center' },
    common: { loading: 'Wird geladen…', back: 'Zurück zu meinen Tickets', cancel: 'Abbrechen', save: 'Speichern', saved: 'Gespeichert.', retry: 'Erneut versuchen' },
    errors: {
      generic: 'Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.',
      network: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
      invalid: 'Bitte prüfen Sie die markierten Felder.',
      wrongCredentials: 'E-Mail oder Passwort ist falsch.',
      locked_one: 'Zu viele fehlgeschlagene Anmeldeversuche. Ihr Konto ist noch {{count}} Minute gesperrt.',
      locked_other: 'Zu viele fehlgeschlagene Anmeldeversuche. Ihr Konto ist noch {{count}} Minuten gesperrt.',
      notVerified: 'Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Öffnen Sie den Link aus unserer E-Mail.',
      tooMany: 'Zu viele Anfragen. Bitte warten Sie kurz und versuchen Sie es erneut.',
      forbidden: 'Das dürfen Sie nicht.',
      notAvailable: 'Das ist auf diesem Server noch nicht verfügbar.',
      fields: {
        email: 'Geben Sie eine gültige E-Mail-Adresse ein.',
        password: 'Verwenden Sie mindestens 10 Zeichen.',
        required: 'Bitte füllen Sie dieses Feld aus.',
        tooLong: 'Das ist zu lang.',
        rating: 'Wählen Sie zwischen 1 und 5 Sternen.',
      },
    },
    signIn: {
      title: 'Im Support-Portal anmelden', email: 'E-Mail', password: 'Passwort', submit: 'Anmelden', forgot: 'Passwort vergessen?',
      register: 'Noch kein Konto? Registrieren', magic: 'Anmeldelink per E-Mail senden', or: 'oder',
      magicSent: 'Falls ein Konto für {{email}} besteht, haben wir einen Anmeldelink gesendet. Er funktioniert einmal, innerhalb von 15 Minuten.',
      needEmail: 'Geben Sie zuerst Ihre E-Mail-Adresse ein.', ended: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
      resend: 'Bestätigungslink erneut senden', resent: 'Falls das Konto auf die Bestätigung wartet, haben wir einen neuen Link gesendet.',
    },
    register: {
      title: 'Konto erstellen', name: 'Name', email: 'E-Mail', password: 'Passwort', passwordRule: 'Mindestens 10 Zeichen.', submit: 'Registrieren',
      haveAccount: 'Schon registriert? Anmelden',
      checkTitle: 'Prüfen Sie Ihr Postfach', checkText: 'Wir haben einen Link an {{email}} gesendet. Öffnen Sie ihn innerhalb von 24 Stunden, um Ihre Adresse zu bestätigen und sich anzumelden.',
    },
    forgot: {
      title: 'Passwort zurücksetzen', text: 'Geben Sie Ihre E-Mail-Adresse ein, und wir senden Ihnen einen Link, um ein neues Passwort zu wählen.', email: 'E-Mail',
      submit: 'Link senden', sent: 'Falls ein Konto für {{email}} besteht, haben wir einen Link gesendet. Er funktioniert einmal, innerhalb einer Stunde.', back: 'Zurück zur Anmeldung',
    },
    reset: {
      title: 'Neues Passwort wählen', password: 'Neues Passwort', repeat: 'Neues Passwort wiederholen', rule: 'Mindestens 10 Zeichen.',
      mismatch: 'Die beiden Passwörter unterscheiden sich.', submit: 'Passwort speichern', done: 'Ihr Passwort wurde geändert. Melden Sie sich jetzt damit an.', signIn: 'Anmelden',
    },
    token: {
      verifying: 'Ihre E-Mail-Adresse wird bestätigt…', signingIn: 'Sie werden angemeldet…', missing: 'Dieser Link ist unvollständig. Öffnen Sie ihn erneut aus der E-Mail.',
      invalid: 'Dieser Link ist ungültig oder abgelaufen. Jeder Link funktioniert nur einmal.', toSignIn: 'Zur Anmeldung', toRegister: 'Erneut registrieren',
    },
    tickets: {
      title: 'Meine Tickets', mine: 'Meine Tickets', organization: 'Meine Organisation', empty: 'Sie haben noch keine Tickets.', emptyOrg: 'Ihre Organisation hat noch keine Tickets.',
      newTicket: 'Neues Ticket', number: 'Nr. {{number}}', updated: 'Aktualisiert {{date}}', more: 'Mehr anzeigen', byColleague: 'Von einer Kollegin oder einem Kollegen eröffnet',
    },
    status: { new: 'Neu', open: 'Offen', pending: 'Wartet auf Ihre Antwort', on_hold: 'Zurückgestellt', solved: 'Gelöst', closed: 'Geschlossen' },
    ticket: {
      you: 'Sie', support: 'Support-Team', colleague: 'Kollegin oder Kollege', assistant: 'Assistent', conversation: 'Verlauf', empty: 'Noch keine Nachrichten.',
      opened: 'Eröffnet {{date}}', notFound: 'Dieses Ticket existiert nicht, oder Sie können es nicht sehen.',
      close: 'Ticket schließen', reopen: 'Ticket wieder öffnen', closedNote: 'Dieses Ticket ist geschlossen. Öffnen Sie es wieder, um zu schreiben.',
      onlyRequester: 'Nur wer dieses Ticket eröffnet hat, kann es schließen, wieder öffnen oder bewerten.',
    },
    reply: {
      label: 'Ihre Antwort', send: 'Antwort senden', attach: 'Dateien anhängen', remove: '{{name}} entfernen', uploading: '{{name}} wird hochgeladen…', sent: 'Ihre Antwort wurde gesendet.',
      empty: 'Schreiben Sie zuerst eine Nachricht.',
    },
    rating: {
      title: 'Wie waren wir?', text: 'Bewerten Sie, wie wir Ihr Anliegen gelöst haben.', label: 'Bewertung', star_one: '{{count}} Stern', star_other: '{{count}} Sterne',
      comment: 'Kommentar (optional)', submit: 'Bewertung senden', update: 'Bewertung ändern', thanks: 'Vielen Dank für Ihre Rückmeldung.',
      previous: 'Ihre Bewertungen dieses Tickets', resolution: 'Lösung {{n}}', solvedAt: 'Gelöst {{date}}', yours: 'Ihre Bewertung: {{count}} von 5',
    },
    newTicket: {
      title: 'Neues Ticket', subject: 'Betreff', message: 'Beschreiben Sie Ihr Anliegen', submit: 'Ticket erstellen',
      hint: 'Bevor Sie schreiben: Vielleicht hat das Hilfe-Center schon die Antwort.',
    },
    account: {
      title: 'Mein Konto', profile: 'Profil', name: 'Name', email: 'E-Mail', language: 'Sprache',
      notifications: {
        title: 'Benachrichtigungen', channels: 'Benachrichtigen per', statusUpdates: 'Wenn sich der Status meiner Tickets ändert', replies: 'Wenn der Support antwortet',
        email: 'E-Mail', sms: 'SMS', telegram: 'Telegram', meta: 'WhatsApp / Messenger', web_push: 'Browser-Benachrichtigungen',
        unavailable: 'Benachrichtigungseinstellungen sind auf diesem Server noch nicht verfügbar.',
        push: 'Browser-Benachrichtigungen auf diesem Gerät', pushUnsupported: 'Dieser Browser kann keine Benachrichtigungen anzeigen.',
        pushFailed: 'Browser-Benachrichtigungen konnten nicht eingeschaltet werden. Prüfen Sie die Website-Berechtigungen Ihres Browsers.',
      },
    },
    help: {
      title: 'Brauchen Sie Hilfe?', searchLabel: 'Im Hilfe-Center suchen', searchPlaceholder: 'z. B. Passwort ändern', search: 'Suchen',
      results_one: '{{count}} Artikel gefunden', results_other: '{{count}} Artikel gefunden', noHits: 'Keine Artikel zu „{{q}}“ gefunden.',
      unavailable: 'Das Hilfe-Center ist gerade nicht verfügbar.', all: 'Hilfe-Center durchsuchen',
    },
    assistant: {
      title: 'Fragen Sie unseren Assistenten', start: 'Unterhaltung beginnen', input: 'Ihre Frage', send: 'Fragen', you: 'Sie', bot: 'Assistent',
      passage: 'Aus dem Artikel', articles: 'Passende Artikel', human: 'Mit einem Menschen sprechen', handingOver: 'Wir erstellen ein Ticket für Sie…',
      helpful: 'Das hat geholfen', notHelpful: 'Das hat nicht geholfen', thanks: 'Schön, dass wir helfen konnten!', unavailable: 'Der Assistent ist gerade nicht verfügbar.',
      clarify: 'Meinten Sie:',
    },
  },
};
