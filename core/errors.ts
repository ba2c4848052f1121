/** Closed set of failure kinds the platform reports; the gateway maps each to one HTTP status. */
export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'precondition_required'
  | 'idempotency_mismatch'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'method_not_allowed'
  | 'unavailable';

export type FieldError = { path: string; message: string };

export class LanternError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      fields?: FieldError[];
      retryAfterSeconds?: number;
      /** RFC 9457 extension members, e.g. `{ code: 'two_factor_setup_required' }` a client can branch on. */
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = 'LanternError';
  }
}

export const validationError = (message: string, fields: FieldError[]) => new LanternError('validation', message, { fields });
export const notFound = (what: string, id: string | number) => new LanternError('not_found', `${what} ${id} does not exist`);
export const forbidden = (message = 'You do not have permission to do this') => new LanternError('forbidden', message);
export const conflict = (message: string) => new LanternError('conflict', message);
