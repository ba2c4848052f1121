import type Koa from 'koa';
import { LanternError } from '../../../core/errors';

/** An application/x-www-form-urlencoded body (the help center's no-JavaScript forms), at most `limit` bytes. */
export async function readForm(ctx: Koa.Context, limit: number): Promise<Record<string, string>> {
  if (!ctx.is('application/x-www-form-urlencoded')) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new LanternError('payload_too_large', `The form is larger than the ${limit} bytes allowed`);
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}
