import { ApiError, type Problem } from '../../api';
import type { Attachment } from './types';

/**
 * POST /attachments as multipart (the `api` helper speaks JSON only). The upload is linked to the entry later
 * through `attachmentIds`.
 */
export async function uploadAttachment(file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name || 'pasted-file');
  const res = await fetch('/api/v1/attachments', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-lantern-csrf': '1' },
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError({ status: res.status, ...(parsed as Omit<Problem, 'status'>) });
  return parsed as Attachment;
}
