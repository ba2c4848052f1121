/** The pre-chat form (name / email as the admin configured) and the first message; then the chat room. */
import { useState } from 'preact/hooks';
import { api, ApiError, type WidgetConfig } from '../api';
import { lang, t } from '../i18n';
import { ensureVisitor, isIdentified } from '../session';
import { ErrorLine, Field, emailOk } from '../ui';

const CHAT_KEY = 'lantern-widget-chat';
export const storedChat = (): number | null => Number(sessionStorageGet(CHAT_KEY)) || null;
export const rememberChat = (ticketId: number) => sessionStorageSet(CHAT_KEY, String(ticketId));
export const forgetChat = () => sessionStorageSet(CHAT_KEY, null);

function sessionStorageGet(k: string): string | null {
  try { return sessionStorage.getItem(k); } catch { return null; }
}
function sessionStorageSet(k: string, v: string | null): void {
  try { if (v === null) sessionStorage.removeItem(k); else sessionStorage.setItem(k, v); } catch { /* blocked: memory only */ }
}

export function ChatStart({ config, onStarted }: { config: WidgetConfig; onStarted: (ticketId: number) => void }) {
  const ask = isIdentified() ? { name: 'hidden', email: 'hidden' } : config.preChatForm;
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (ask.name === 'required' && !name.trim()) errs.name = t('required');
    if (ask.email === 'required' && !email.trim()) errs.email = t('required');
    else if (email.trim() && !emailOk(email.trim())) errs.email = t('invalidEmail');
    if (!message.trim()) errs.message = t('required');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await ensureVisitor(name.trim(), lang);
      const chat = await api<{ ticketId: number }>('POST', '/chat/sessions', { message: message.trim(), language: lang });
      if (email.trim()) await api('POST', `/chat/${chat.ticketId}/contact`, { email: email.trim(), ...(name.trim() && { name: name.trim() }) }).catch(() => undefined);
      rememberChat(chat.ticketId);
      onStarted(chat.ticketId);
    } catch (err) {
      const fields = err instanceof ApiError ? Object.fromEntries(err.errors.map((f) => [f.path, f.message])) : {};
      setErrors({ ...fields, form: err instanceof ApiError && !err.errors.length ? err.message : t('errorGeneric') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={submit} noValidate>
      {ask.name !== 'hidden' && <Field name="name" label={t('nameLabel')} value={name} onInput={setName} required={ask.name === 'required'} optional={ask.name === 'optional'} error={errors.name} />}
      {ask.email !== 'hidden' && <Field name="email" type="email" label={t('emailLabel')} value={email} onInput={setEmail} required={ask.email === 'required'} optional={ask.email === 'optional'} error={errors.email} />}
      <Field name="message" label={t('messageLabel')} value={message} onInput={setMessage} multiline required error={errors.message} />
      <ErrorLine>{errors.form}</ErrorLine>
      <button type="submit" class="primary block" disabled={busy} data-testid="widget-start-chat">{t('startChat')}</button>
    </form>
  );
}
