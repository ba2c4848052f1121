/** The ticket form: a ticket (channel widget) as the visitor customer; anonymous visitors leave an address first. */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { lang, t } from '../i18n';
import { ensureVisitor, isIdentified } from '../session';
import { ErrorLine, Field, emailOk } from '../ui';

export function TicketForm() {
  const anonymous = !isIdentified();
  const [v, setV] = useState({ name: '', email: '', subject: '', message: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => setV({ ...v, [k]: value });

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (anonymous && !emailOk(v.email.trim())) errs.email = v.email.trim() ? t('invalidEmail') : t('required');
    if (!v.subject.trim()) errs.subject = t('required');
    if (!v.message.trim()) errs.message = t('required');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      if (anonymous) {
        await ensureVisitor(v.name.trim(), lang);
        await api('POST', '/widget/contact', { email: v.email.trim(), ...(v.name.trim() && { name: v.name.trim() }) });
      }
      const ticket = await api<{ number: number }>('POST', '/tickets', { subject: v.subject.trim(), channel: 'widget', language: lang, message: { bodyText: v.message.trim() } });
      setSent(ticket.number);
    } catch (err) {
      const fields = err instanceof ApiError ? Object.fromEntries(err.errors.map((f) => [f.path.replace(/^message\.bodyText$/, 'message'), f.message])) : {};
      setErrors({ ...fields, form: err instanceof ApiError ? err.message : t('errorGeneric') });
    } finally {
      setBusy(false);
    }
  }

  if (sent !== null) return <p class="notice" role="status" data-testid="widget-ticket-sent">{t('ticketSent', { n: sent })}</p>;
  return (
    <form class="form" onSubmit={submit} noValidate>
      {anonymous && <Field name="name" label={t('nameLabel')} value={v.name} onInput={set('name')} optional />}
      {anonymous && <Field name="email" type="email" label={t('emailLabel')} value={v.email} onInput={set('email')} required error={errors.email} />}
      <Field name="subject" label={t('subjectLabel')} value={v.subject} onInput={set('subject')} required error={errors.subject} />
      <Field name="message" label={t('messageLabel')} value={v.message} onInput={set('message')} multiline required error={errors.message} />
      <ErrorLine>{errors.form}</ErrorLine>
      <button type="submit" class="primary block" disabled={busy}>{t('ticketSubmit')}</button>
    </form>
  );
}
