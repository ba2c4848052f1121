/** Same-origin calls to /api/v1 with the visitor token (Bearer); problem+json errors become ApiError. */
export type FieldError = { path: string; message: string };
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly errors: FieldError[] = []) {
    super(message);
  }
}

let token: string | null = null;
export const setToken = (value: string | null) => { token = value; };
export const currentToken = () => token;

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) throw new ApiError(res.status, String(data.detail ?? data.title ?? res.statusText), (data.errors as FieldError[] | undefined) ?? []);
  return data as T;
}

export type WidgetConfig = {
  language: string; languages: string[]; colors: { primary: string; primaryText: string }; position: string; greeting: string;
  features: { helpCenter: boolean; bot: boolean; chat: boolean; ticketForm: boolean; conversations: boolean };
  preChatForm: { name: 'hidden' | 'optional' | 'required'; email: 'hidden' | 'optional' | 'required' };
  offlineBehavior: string; chatOnline: boolean; identityVerification: boolean; allowedOrigins: string[];
};

export type Entry = { id: number; kind: string; author: { type: string; id: number | null }; bodyText: string; createdAt: string };
export type TicketSummary = { id: number; number: number; subject: string; status: { name: string; category: string }; channel: string; updatedAt: string; createdAt: string };
export type Page<T> = { data: T[]; nextCursor: string | null };
