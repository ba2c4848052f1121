import type Koa from 'koa';
import { LanternError, type ErrorCode } from '../../core/errors';

const STATUS: Record<ErrorCode, number> = {
  validation: 422,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  precondition_required: 428,
  idempotency_mismatch: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Record<ErrorCode, string> = {
  validation: 'Your request has invalid fields',
  bad_request: 'The request could not be understood',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  gone: 'Gone',
  precondition_failed: 'Precondition failed',
  precondition_required: 'Precondition required',
  idempotency_mismatch: 'Idempotency key reused with a different request',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  unavailable: 'Service temporarily unavailable',
};

export const statusOf = (code: ErrorCode) => STATUS[code];

/** Map a body-parser or Koa http error (which carry `status`/`type`) onto our codes. */
function fromHttpError(err: { status?: number; type?: string; message?: string }): LanternError | null {
  if (err.type === 'entity.too.large' || err.status === 413) return new LanternError('payload_too_large', 'The request body is larger than allowed');
  if (err.type === 'entity.parse.failed' || (err.status === 400 && /JSON|parse/i.test(err.message ?? ''))) {
    return new LanternError('bad_request', `Malformed JSON body: ${err.message ?? 'could not parse'}`);
  }
  if (err.status === 415) return new LanternError('unsupported_media_type', err.message ?? 'Unsupported media type');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') return new LanternError('unsupported_media_type', err.message ?? 'Unsupported encoding');
  if (err.status === 400 || err.type === 'request.aborted' || err.type === 'request.size.invalid') return new LanternError('bad_request', err.message ?? 'Bad request');
  return null;
}

/**
 * Every error leaves as RFC 9457 problem+json. Known errors say what was wrong; anything else is a
 * generic 500 with no internals, logged once through app.emit('error').
 */
export function problemMiddleware(): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new LanternError('not_found', `No route for ${ctx.method} ${ctx.path}`);
    } catch (raw) {
      const err = raw instanceof LanternError ? raw : fromHttpError(raw as Record<string, unknown>);
      const requestId = ctx.state.requestId as string | undefined;
      if (!err) {
        ctx.app.emit('error', raw, ctx);
        ctx.status = 500;
        ctx.type = 'application/problem+json';
        ctx.body = { type: 'urn:lantern:problem:internal', title: 'Internal error', status: 500, detail: 'Something went wrong on our side; it has been logged.', instance: ctx.path, requestId };
        return;
      }
      ctx.status = STATUS[err.code];
      if (err.details.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(err.details.retryAfterSeconds));
      ctx.type = 'application/problem+json';
      ctx.body = {
        // Extensions first: they add members, never replace the standard ones.
        ...err.details.extensions,
        type: `urn:lantern:problem:${err.code}`,
        title: TITLES[err.code],
        status: STATUS[err.code],
        detail: err.message,
        instance: ctx.path,
        requestId,
        ...(err.details.fields && { errors: err.details.fields }),
      };
    }
  };
}
