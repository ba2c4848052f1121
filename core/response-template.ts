/**
 * Response-template placeholders (`{{customer.first_name}}`) and their rendering. Pure: the caller loads the
 * context. Unknown placeholders are rejected when a template is saved (`unknownPlaceholders`), so a saved
 * template only holds known ones; the renderer still leaves anything unknown visible as typed, never blank.
 */
export const TEMPLATE_PLACEHOLDERS = [
  'customer.name', 'customer.first_name', 'customer.email', 'ticket.number', 'ticket.subject', 'agent.name', 'agent.first_name',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export type TemplateContext = {
  customer: { name: string; email: string };
  ticket: { number: number; subject: string };
  agent: { name: string };
};

const PLACEHOLDER = /\{\{\s*([a-z_]+(?:\.[a-z_]+)*)\s*\}\}/gi;
const isKnown = (key: string): key is TemplatePlaceholder => (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(key);

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';

function valueOf(key: TemplatePlaceholder, c: TemplateContext): string {
  switch (key) {
    case 'customer.name': return c.customer.name;
    case 'customer.first_name': return firstName(c.customer.name);
    case 'customer.email': return c.customer.email;
    case 'ticket.number': return String(c.ticket.number);
    case 'ticket.subject': return c.ticket.subject;
    case 'agent.name': return c.agent.name;
    case 'agent.first_name': return firstName(c.agent.name);
  }
}

/** Placeholders in `body` that the renderer does not know, each once, in order of appearance. */
export function unknownPlaceholders(body: string): string[] {
  const unknown = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((k) => !isKnown(k));
  return [...new Set(unknown)];
}

/** Replace every known placeholder with its HTML-escaped value (values are user data: names, subjects). */
export function renderTemplate(body: string, context: TemplateContext): string {
  return body.replace(PLACEHOLDER, (whole, key: string) => (isKnown(key) ? escapeHtml(valueOf(key, context)) : whole));
}
