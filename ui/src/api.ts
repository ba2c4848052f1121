/** The public /api/v1, as the UI uses it: session cookie, CSRF header on writes, problem+json errors. */

export type Problem = { status: number; title?: string; detail?: string; code?: string; errors?: Array<{ path: string; message: string }> };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

export type Named = { id: number; name: string };
export type StatusCategory = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
export type Status = Named & { category: StatusCategory };
export type Priority = Named & { rank: number };
export type Ticket = {
  id: number;
  number: number;
  subject: string;
  requesterId: number;
  assigneeId: number | null;
  teamId: number | null;
  status: Status;
  priority: Priority;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
};
export type EntryKind = 'customer_message' | 'public_reply' | 'internal_note' | 'system_event';
export type Entry = {
  id: number;
  kind: EntryKind;
  author: { type: string; id: number | null };
  bodyHtml: string | null;
  bodyText: string | null;
  createdAt: string;
};
export type Page<T> = { data: T[]; nextCursor: string | null };
export type Me = { kind: string; id: number; name: string; email: string; role?: string; permissions: string[] };

type Options = { method?: string; body?: unknown; headers?: Record<string, string> };

/** One request; answers the parsed body and headers, or throws ApiError with the problem document. */
export async function api<T>(path: string, opts: Options = {}): Promise<{ body: T; headers: Headers }> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  // Cookie-authenticated writes must carry the CSRF header (a cross-site form cannot send it).
  if (method !== 'GET') headers['x-lantern-csrf'] = '1';
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError({ status: res.status, ...(parsed as Omit<Problem, 'status'>) });
  return { body: parsed as T, headers: res.headers };
}

export const getJson = async <T>(path: string): Promise<T> => (await api<T>(path)).body;

/** POST a file as multipart to an upload route (`api` speaks JSON only): attachments, knowledge base files. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name || 'pasted-file');
  const res = await fetch(`/api/v1${path}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-lantern-csrf': '1' },
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError({ status: res.status, ...(parsed as Omit<Problem, 'status'>) });
  return parsed as T;
}
