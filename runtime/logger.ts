/**
 * Process logging (pino, JSON lines) and the adapter that routes the Temporal SDK's own log lines
 * into it. The adapter keeps an error's message and type but drops its stack: activity failures
 * are expected events here (a data error, a lost connection), already explained in the product's
 * words, not crashes.
 */
import pino from 'pino';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

export function createLogger(level: string, name: string) {
  const logger = pino({
    name,
    level,
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization', '*.authorization'],
      censor: '***',
    },
  });
  return {
    pino: logger,
    activity: {
      info: (message: string, fields?: Record<string, unknown>) => logger.info(fields ?? {}, message),
      warn: (message: string, fields?: Record<string, unknown>) => logger.warn(fields ?? {}, message),
      error: (message: string, fields?: Record<string, unknown>) => logger.error(fields ?? {}, message),
    },
    temporal: temporalLogger(logger.child({ component: 'temporal' })),
  };
}

export type Loggers = ReturnType<typeof createLogger>;

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

function temporalLogger(logger: pino.Logger): Logger {
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    const { error, taskToken: _taskToken, ...rest } = meta as LogMetadata & { error?: unknown; taskToken?: unknown };
    const fields: Record<string, unknown> = { ...rest };
    if (error instanceof Error) {
      fields.reason = error.message;
      const type = (error as { type?: unknown }).type;
      if (typeof type === 'string') fields.reasonType = type;
    } else if (error !== undefined) {
      fields.reason = String(error);
    }
    logger[LEVELS[level]](fields, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
