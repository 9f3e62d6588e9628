/** The process logger (pino): JSON lines, passwords never passed to it. */
import pino from 'pino';

export function createLogger(level: string, name: string) {
  const logger = pino({
    name,
    level,
    redact: { paths: ['password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization', '*.authorization'], censor: '***' },
  });
  return {
    pino: logger,
    activity: {
      info: (message: string, fields?: Record<string, unknown>) => logger.info(fields ?? {}, message),
      warn: (message: string, fields?: Record<string, unknown>) => logger.warn(fields ?? {}, message),
      error: (message: string, fields?: Record<string, unknown>) => logger.error(fields ?? {}, message),
    },
  };
}
