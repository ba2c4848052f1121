import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type Koa from 'koa';
import { LanternError } from '../../core/errors';

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const DECOMPRESSORS: Record<string, () => NodeJS.ReadWriteStream> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress };

const tooLarge = (limit: number) => new LanternError('payload_too_large', `The request body is larger than the ${limit} bytes allowed`);

/** Collect a stream up to `limit` bytes; past it, stop reading (never buffer an unbounded body) and refuse. */
function readLimited(stream: Readable | NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err: LanternError | null) => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if (err) {
        stream.pause();
        reject(err);
      } else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(tooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => done(null);
    const onError = (err: Error) => done(new LanternError('bad_request', `The request body could not be read: ${err.message}`));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
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
    if (Number(ctx.get('Content-Length') || 0) > limit) throw tooLarge(limit);
    const encoding = (ctx.get('Content-Encoding') || 'identity').toLowerCase();
    const decompress = DECOMPRESSORS[encoding];
    if (!decompress && encoding !== 'identity') throw new LanternError('unsupported_media_type', `Content-Encoding ${encoding} is not supported; use gzip, deflate or br`);
    // pipeline forwards a failing request into the decompressor, so a broken upload ends as an error, not a hang.
    const bytes = await readLimited(decompress ? pipeline(ctx.req, decompress(), () => {}) : ctx.req, limit);
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
