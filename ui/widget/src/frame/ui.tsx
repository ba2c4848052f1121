/** Small shared pieces: a labelled field with its error, an error line, the message composer. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from './i18n';

let seq = 0;
export function Field(props: {
  label: string; value: string; onInput: (v: string) => void; type?: string; required?: boolean; optional?: boolean;
  error?: string | undefined; multiline?: boolean; name: string; placeholder?: string;
}) {
  const [id] = useState(() => `f${++seq}`);
  const common = {
    id, name: props.name, value: props.value, required: props.required, placeholder: props.placeholder,
    'aria-invalid': props.error ? true : undefined, 'aria-describedby': props.error ? `${id}-e` : undefined,
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{props.label} {props.optional && <span class="muted">{t('optional')}</span>}</label>
      {props.multiline ? <textarea rows={4} {...common} /> : <input type={props.type ?? 'text'} {...common} />}
      {props.error && <div class="field-error" id={`${id}-e`}>{props.error}</div>}
    </div>
  );
}

export const ErrorLine = ({ children }: { children: ComponentChildren }) => (children ? <p class="error" role="alert">{children}</p> : null);

/** One-line composer: Enter sends, Shift+Enter is a new line. */
export function Composer(props: { label: string; placeholder: string; onSend: (text: string) => void; onTyping?: () => void; disabled?: boolean; testid?: string }) {
  const [text, setText] = useState('');
  const submit = (e?: Event) => {
    e?.preventDefault();
    const value = text.trim();
    if (!value) return;
    props.onSend(value);
    setText('');
  };
  return (
    <form class="composer" onSubmit={submit}>
      <label class="sr-only" for="composer">{props.label}</label>
      <textarea
        id="composer" rows={1} value={text} placeholder={props.placeholder} disabled={props.disabled} data-testid={props.testid}
        onInput={(e) => { setText(e.currentTarget.value); props.onTyping?.(); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) submit(e); }}
      />
      <button type="submit" class="primary" disabled={props.disabled || !text.trim()}>{t('send')}</button>
    </form>
  );
}

export const emailOk = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
