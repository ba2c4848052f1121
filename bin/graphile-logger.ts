import { Logger } from 'graphile-worker';
import type { Logger as Pino } from 'pino';

/** Route graphile-worker's logs into our structured logger. */
export function graphileLogger(pino: Pino): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
    pino[method]({ ...scope, ...meta, component: 'jobs' }, message);
  });
}
