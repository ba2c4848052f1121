import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import type { Logger as Pino } from 'pino';

const METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Route the Temporal SDK's logs (worker, core, replay-safe workflow logger) into our structured logger. */
export function temporalLogger(pino: Pino): Logger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => pino[METHOD[level]]({ ...meta, component: 'temporal' }, message);
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
