/**
 * Short texts for notices outside email (SMS, Telegram, Messenger, web push) and for workers' alert emails.
 * Customer notices follow the customer's language (en, de; others fall back to en), like services/email/email-templates.ts.
 */
type Lang = 'en' | 'de';
const lang = (l: string | null | undefined): Lang => (l?.toLowerCase().startsWith('de') ? 'de' : 'en');

const NOTICES: Record<Lang, Record<string, (n: number, subject: string) => string>> = {
  en: {
    ticket_received: (n, s) => `We received your request #${n} "${s}" and will answer soon.`,
    ticket_solved: (n, s) => `Your request #${n} "${s}" was solved. Reply if anything is still open.`,
    pending_reminder: (n, s) => `We are waiting for your answer on request #${n} "${s}".`,
    status_update: (n, s) => `There is an update on your request #${n} "${s}".`,
    csat_survey: (n, s) => `How did we do on request #${n} "${s}"?`,
    agent_reply_notice: (n, s) => `New reply on your request #${n} "${s}".`,
  },
  de: {
    ticket_received: (n, s) => `Wir haben Ihre Anfrage #${n} „${s}“ erhalten und antworten in Kürze.`,
    ticket_solved: (n, s) => `Ihre Anfrage #${n} „${s}“ wurde gelöst. Antworten Sie, falls noch etwas offen ist.`,
    pending_reminder: (n, s) => `Wir warten auf Ihre Antwort zu Anfrage #${n} „${s}“.`,
    status_update: (n, s) => `Neuigkeiten zu Ihrer Anfrage #${n} „${s}“.`,
    csat_survey: (n, s) => `Wie zufrieden waren Sie mit Anfrage #${n} „${s}“?`,
    agent_reply_notice: (n, s) => `Neue Antwort auf Ihre Anfrage #${n} „${s}“.`,
  },
};

const TITLES: Record<Lang, string> = { en: 'Your support request', de: 'Ihre Support-Anfrage' };

/** One-line notice text; `link` (survey, portal) is appended when given. */
export function noticeText(input: { template: string; language: string | null; ticketNumber: number; subject: string; link?: string | undefined }): { title: string; body: string } {
  const l = lang(input.language);
  const make = NOTICES[l][input.template] ?? NOTICES[l].status_update!;
  const body = make(input.ticketNumber, input.subject);
  return { title: `${TITLES[l]} #${input.ticketNumber}`, body: input.link ? `${body} ${input.link}` : body };
}

/** Subject and text of a worker's alert email for an in-app notification. */
export function workerAlertText(a: { kind: string; ticketNumber: number; subject: string; payload: Record<string, unknown>; link: string }): { subject: string; text: string } {
  const ref = `#${a.ticketNumber} "${a.subject}"`;
  const by = typeof a.payload.byName === 'string' ? a.payload.byName : 'Someone';
  const headline = a.kind === 'mention' ? `${by} mentioned you on ${ref}`
    : a.kind === 'sla.warning' ? `SLA warning on ${ref}`
    : a.kind === 'sla.breach' ? `SLA breached on ${ref}`
    : a.kind === 'alert.assigned' ? `${ref} was assigned to you`
    : a.kind === 'alert.customer_reply' ? `The customer replied on ${ref}`
    : a.kind === 'alert.reopened' ? `${ref} was reopened`
    : a.kind === 'alert.low_csat' ? `Low satisfaction rating on ${ref}`
    : `Escalation on ${ref}`;
  const excerpt = typeof a.payload.excerpt === 'string' && a.payload.excerpt ? `\n\n${a.payload.excerpt}` : '';
  return { subject: `[#${a.ticketNumber}] ${headline}`, text: `${headline}.${excerpt}\n\nOpen the ticket: ${a.link}\n\n--\nYou get these emails because email alerts are on in your Lantern settings.` };
}
