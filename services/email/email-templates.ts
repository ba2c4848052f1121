/**
 * Outgoing email texts, per customer language (en, de; anything else falls back to en). The server has no i18n
 * library, so this is a small catalogue: subject and body lines per template, filled with escaped values.
 */

export type EmailLanguage = 'en' | 'de';
export type EmailTemplateName = 'agent_reply' | 'ticket_received' | 'ticket_solved' | 'pending_reminder' | 'csat_survey' | 'status_update' | 'chat_transcript';

type Vars = { customerName: string; ticketNumber: number; subject: string; link?: string | undefined; question?: string | undefined };
type Entry = { subject: (v: Vars) => string; lines: (v: Vars) => string[]; action?: (v: Vars) => string };

const catalogue: Record<EmailLanguage, Record<EmailTemplateName, Entry> & { footer: (v: Vars) => string; greeting: (v: Vars) => string; unsubscribe: string }> = {
  en: {
    greeting: (v) => `Hello ${v.customerName},`,
    footer: (v) => `Ticket #${v.ticketNumber}. Reply to this email to add to your request.`,
    unsubscribe: 'Reply with "unsubscribe" to stop these notifications.',
    agent_reply: { subject: (v) => `Re: ${v.subject}`, lines: () => [] },
    ticket_received: {
      subject: (v) => `We received your request: ${v.subject}`,
      lines: () => ['Thank you for contacting us. Your request has been received and our team will answer soon.'],
    },
    ticket_solved: {
      subject: (v) => `Your request was solved: ${v.subject}`,
      lines: () => ['We believe your request is solved. If anything is still open, just reply to this email and it reopens.'],
    },
    pending_reminder: {
      subject: (v) => `We are waiting for your answer: ${v.subject}`,
      lines: () => ['We need a little more information from you to continue. Please reply to this email.'],
    },
    status_update: {
      subject: (v) => `Update on your request: ${v.subject}`,
      lines: () => ['There is an update on your request.'],
    },
    csat_survey: {
      subject: (v) => `How did we do? ${v.subject}`,
      lines: (v) => [v.question ?? 'How satisfied are you with the support you received?'],
      action: () => 'Rate our support',
    },
    // The transcript itself is the body (services/chat/chat-transcript.ts).
    chat_transcript: { subject: (v) => `Transcript of your chat: ${v.subject}`, lines: () => [] },
  },
  de: {
    greeting: (v) => `Hallo ${v.customerName},`,
    footer: (v) => `Ticket #${v.ticketNumber}. Antworten Sie auf diese E-Mail, um Ihre Anfrage zu ergänzen.`,
    unsubscribe: 'Antworten Sie mit „abmelden“, um diese Benachrichtigungen abzubestellen.',
    agent_reply: { subject: (v) => `Re: ${v.subject}`, lines: () => [] },
    ticket_received: {
      subject: (v) => `Wir haben Ihre Anfrage erhalten: ${v.subject}`,
      lines: () => ['Vielen Dank für Ihre Nachricht. Ihre Anfrage ist bei uns eingegangen, unser Team antwortet in Kürze.'],
    },
    ticket_solved: {
      subject: (v) => `Ihre Anfrage wurde gelöst: ${v.subject}`,
      lines: () => ['Wir betrachten Ihre Anfrage als gelöst. Falls noch etwas offen ist, antworten Sie einfach auf diese E-Mail.'],
    },
    pending_reminder: {
      subject: (v) => `Wir warten auf Ihre Antwort: ${v.subject}`,
      lines: () => ['Wir benötigen noch einige Angaben von Ihnen. Bitte antworten Sie auf diese E-Mail.'],
    },
    status_update: {
      subject: (v) => `Neuigkeiten zu Ihrer Anfrage: ${v.subject}`,
      lines: () => ['Es gibt Neuigkeiten zu Ihrer Anfrage.'],
    },
    csat_survey: {
      subject: (v) => `Wie zufrieden waren Sie? ${v.subject}`,
      lines: () => ['Wie zufrieden sind Sie mit unserem Support?'],
      action: () => 'Support bewerten',
    },
    chat_transcript: { subject: (v) => `Verlauf Ihres Chats: ${v.subject}`, lines: () => [] },
  },
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const emailLanguage = (lang: string | null | undefined): EmailLanguage => (lang?.toLowerCase().startsWith('de') ? 'de' : 'en');

/** Subject tag of every message we send; inbound threading looks for it (threading.ts). */
export const subjectTag = (ticketNumber: number) => `[#${ticketNumber}]`;

export function withSubjectTag(subject: string, ticketNumber: number): string {
  const tag = subjectTag(ticketNumber);
  if (subject.includes(tag)) return subject;
  // "Re: [#1234] Subject": clients that collapse Re: prefixes keep the tag.
  const prefix = /^((re|aw|fwd?|wg):\s*)+/i.exec(subject)?.[0] ?? '';
  return `${prefix}${tag} ${subject.slice(prefix.length)}`;
}

export type RenderedEmail = { subject: string; html: string; text: string };

/**
 * Render a template. `bodyHtml`/`bodyText` (an agent's reply, already sanitised when it was stored) go in the
 * middle; notifications have only catalogue lines. The subject always carries the [#number] tag.
 */
export function renderEmail(input: {
  template: EmailTemplateName; language: string | null; vars: Vars; bodyHtml?: string; bodyText?: string; unsubscribe?: boolean;
}): RenderedEmail {
  const lang = catalogue[emailLanguage(input.language)];
  const t = lang[input.template];
  const v = input.vars;
  const subject = withSubjectTag(t.subject(v).replace(/^(Re:\s*)+Re:/i, 'Re:'), v.ticketNumber);
  const lines = t.lines(v);
  const action = t.action && v.link ? { label: t.action(v), href: v.link } : null;
  const notice = input.unsubscribe ? lang.unsubscribe : null;
  const textParts = [
    ...(input.bodyText !== undefined ? [input.bodyText] : [lang.greeting(v), '', ...lines]),
    ...(action ? ['', `${action.label}: ${action.href}`] : []),
    '', '--', lang.footer(v), ...(notice ? [notice] : []),
  ];
  const htmlParts = [
    ...(input.bodyHtml !== undefined ? [input.bodyHtml] : [`<p>${escapeHtml(lang.greeting(v))}</p>`, ...lines.map((l) => `<p>${escapeHtml(l)}</p>`)]),
    ...(action ? [`<p><a href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a></p>`] : []),
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(lang.footer(v))}${notice ? `<br>${escapeHtml(notice)}` : ''}</p>`,
  ];
  return {
    subject,
    text: textParts.join('\n'),
    html: `<!doctype html><html><body>${htmlParts.join('\n')}</body></html>`,
  };
}
