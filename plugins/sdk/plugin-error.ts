import { status } from '@grpc/grpc-js';

/** The closed set of failures a plugin reports; each maps to one gRPC status the host acts on (see plugin.proto). */
export type PluginErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'failed_precondition'
  | 'unavailable'
  | 'deadline_exceeded'
  | 'resource_exhausted'
  | 'permission_denied'
  | 'unauthenticated'
  | 'unimplemented'
  | 'internal';

const GRPC_STATUS: Record<PluginErrorCode, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  failed_precondition: status.FAILED_PRECONDITION,
  unavailable: status.UNAVAILABLE,
  deadline_exceeded: status.DEADLINE_EXCEEDED,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  permission_denied: status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
  unimplemented: status.UNIMPLEMENTED,
  internal: status.INTERNAL,
};

export class PluginError extends Error {
  constructor(
    readonly code: PluginErrorCode,
    message: string,
    /** Provider error code (e.g. Twilio 21211), passed on to the host in the status details. */
    readonly providerCode?: string,
    /** For resource_exhausted: how long the provider asked us to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'PluginError';
  }

  get grpcStatus(): status {
    return GRPC_STATUS[this.code];
  }
}

export const invalidArgument = (message: string, providerCode?: string) => new PluginError('invalid_argument', message, providerCode);
export const failedPrecondition = (message: string, providerCode?: string) => new PluginError('failed_precondition', message, providerCode);
export const unavailable = (message: string, providerCode?: string) => new PluginError('unavailable', message, providerCode);
export const resourceExhausted = (message: string, retryAfterSeconds?: number, providerCode?: string) =>
  new PluginError('resource_exhausted', message, providerCode, retryAfterSeconds);

/** What a thrown value becomes on the wire: typed errors keep their code, anything else is INTERNAL without internals. */
export function toGrpcError(err: unknown): { code: status; details: string } {
  if (err instanceof PluginError) {
    const suffix = err.providerCode ? ` (provider code ${err.providerCode})` : '';
    return { code: err.grpcStatus, details: `${err.message}${suffix}` };
  }
  return { code: status.INTERNAL, details: 'internal plugin error' };
}
