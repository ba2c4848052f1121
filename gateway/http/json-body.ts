import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type Koa from 'koa';
import { LanternError } from '../../core/errors';

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const DECOMPRESSORS: Record<string, () => Transform> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress };

const tooLarge = (limit: number) => new LanternError('payload_too_large', `The request body is larger than the ${limit} bytes allowed`);

/**
 * Collect the body up to `limit` bytes (after decompression). Past the limit, stop collecting and throw away the
 * rest of the upload instead of pausing it: a paused, unread body makes the socket close with a reset, and the
 * client would never see the 413.
 */
function readLimited(req: IncomingMessage, limit: number, decompress: (() => Transform) | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const inflater = decompress?.();
    const stream: Readable = inflater ? req.pipe(inflater) : req;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err?: LanternError) => {
      if (settled) return;
      settled = true;
      stream.removeListener('data', onData);
      if (!err) return resolve(Buffer.concat(chunks));
      if (inflater) {
        req.unpipe(inflater);
        inflater.destroy(); // no point inflating the rest of a bomb
      }
      req.resume();
      reject(err);
    };
    const unreadable = (why: string) => finish(new LanternError('bad_request', `The request body could not be read: ${why}`));
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish());
    stream.once('error', (err) => unreadable(err.message));
    if (inflater) req.once('error', (err) => unreadable(err.message));
    req.once('close', () => { if (!req.complete) unreadable('the client went away'); });
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON request bodies, strictly: at most `limit` bytes (after decompression), valid UTF-8 — bytes that are not
 * are refused, never silently replaced with U+FFFD — and an object or array at the top. An empty body is `{}`.
 * Other content types are left unread for the route (multipart uploads stream their own body).
 */
export function jsonBody(limit: number): Koa.Middleware {
  return async (ctx, next) => {
    if (!PARSED_METHODS.has(ctx.method) || !ctx.is('application/json', '+json')) return next();
    if (Number(ctx.get('Content-Length') || 0) > limit) {
      ctx.req.resume(); // discard the upload so the client reads the 413 rather than a reset
      throw tooLarge(limit);
    }
    const encoding = (ctx.get('Content-Encoding') || 'identity').toLowerCase();
    const decompress = DECOMPRESSORS[encoding];
    if (!decompress && encoding !== 'identity') throw new LanternError('unsupported_media_type', `Content-Encoding ${encoding} is not supported; use gzip, deflate or br`);
    const bytes = await readLimited(ctx.req, limit, decompress);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new LanternError('bad_request', 'The request body is not valid UTF-8');
    }
    if (!text.trim()) {
      ctx.request.body = {};
      return next();
    }
    if (!/^\s*[[{]/.test(text)) throw new LanternError('bad_request', 'Malformed JSON body: the top level must be an object or an array');
    try {
      ctx.request.body = JSON.parse(text) as unknown;
    } catch (err) {
      throw new LanternError('bad_request', `Malformed JSON body: ${(err as Error).message}`);
    }
    return next();
  };
}
