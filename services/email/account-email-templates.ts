import { emailLanguage, type RenderedEmail } from './email-templates';

/**
 * Customer account emails of the portal (docs/portal.md), en and de like the ticket templates. They belong to
 * no ticket: no [#number] subject tag, no reply footer. Each carries one link with a one-time token.
 */
export type AccountEmailTemplate = 'account_verify' | 'account_reset' | 'account_magic' | 'account_exists';
export const ACCOUNT_EMAIL_TEMPLATES: readonly AccountEmailTemplate[] = ['account_verify', 'account_reset', 'account_magic', 'account_exists'];
export const isAccountEmailTemplate = (t: string): t is AccountEmailTemplate => (ACCOUNT_EMAIL_TEMPLATES as readonly string[]).includes(t);

type Entry = { subject: string; lines: string[]; action: string };

const catalogue: Record<'en' | 'de', { greeting: (name: string) => string; ignore: string } & Record<AccountEmailTemplate, Entry>> = {
  en: {
    greeting: (name) => `Hello ${name},`,
    ignore: 'If you did not ask for this, you can ignore this email.',
    account_verify: {
      subject: 'Confirm your email address',
      lines: ['Please confirm your email address to finish creating your support account. The link works once, for 24 hours.'],
      action: 'Confirm my email address',
    },
    account_reset: {
      subject: 'Reset your password',
      lines: ['Someone asked to reset the password of your support account. The link works once, for one hour; all other sessions end.'],
      action: 'Choose a new password',
    },
    account_magic: {
      subject: 'Your sign-in link',
      lines: ['Use this link to sign in to your support account. It works once, for 15 minutes.'],
      action: 'Sign in',
    },
    account_exists: {
      subject: 'You already have an account',
      lines: ['Someone tried to register a support account with this email address, but you already have one. If you forgot your password, choose a new one (the link works once, for one hour).'],
      action: 'Choose a new password',
    },
  },
  de: {
    greeting: (name) => `Hallo ${name},`,
    ignore: 'Falls Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren.',
    account_verify: {
      subject: 'Bestätigen Sie Ihre E-Mail-Adresse',
      lines: ['Bitte bestätigen Sie Ihre E-Mail-Adresse, um Ihr Support-Konto anzulegen. Der Link gilt einmal, 24 Stunden lang.'],
      action: 'E-Mail-Adresse bestätigen',
    },
    account_reset: {
      subject: 'Passwort zurücksetzen',
      lines: ['Jemand möchte das Passwort Ihres Support-Kontos zurücksetzen. Der Link gilt einmal, eine Stunde lang; alle anderen Sitzungen enden.'],
      action: 'Neues Passwort wählen',
    },
    account_magic: {
      subject: 'Ihr Anmeldelink',
      lines: ['Mit diesem Link melden Sie sich bei Ihrem Support-Konto an. Er gilt einmal, 15 Minuten lang.'],
      action: 'Anmelden',
    },
    account_exists: {
      subject: 'Sie haben bereits ein Konto',
      lines: ['Jemand wollte mit dieser E-Mail-Adresse ein Support-Konto anlegen, aber Sie haben bereits eines. Falls Sie Ihr Passwort vergessen haben, wählen Sie ein neues (der Link gilt einmal, eine Stunde lang).'],
      action: 'Neues Passwort wählen',
    },
  },
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderAccountEmail(input: { template: AccountEmailTemplate; language: string | null; name: string; link: string }): RenderedEmail {
  const lang = catalogue[emailLanguage(input.language)];
  const t = lang[input.template];
  const greeting = lang.greeting(input.name);
  return {
    subject: t.subject,
    text: [greeting, '', ...t.lines, '', `${t.action}: ${input.link}`, '', lang.ignore].join('\n'),
    html: `<!doctype html><html><body><p>${escapeHtml(greeting)}</p>${t.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}`
      + `<p><a href="${escapeHtml(input.link)}">${escapeHtml(t.action)}</a></p><p style="color:#666;font-size:12px">${escapeHtml(lang.ignore)}</p></body></html>`,
  };
}
