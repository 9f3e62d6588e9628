/**
 * One error handler for the whole API: 4xx answers in the product's words, 5xx without internals
 * (the details go to the log with the request context).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isSyncError, reasonText } from '../domain';

/** An error meant for the caller: its message is safe to show. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly code = 'error',
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`, 'not_found');

export function registerErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).send({ error: error.code, message: error.message, ...error.extra });
    }
    if (error.validation) {
      const first = error.validation[0];
      const field = first ? fieldOf(error.validationContext, first.instancePath, first.params) : error.validationContext;
      const allowed = Array.isArray(first?.params.allowedValues) ? `: ${first.params.allowedValues.join(', ')}` : '';
      return reply.code(400).send({ error: 'invalid_request', message: `${field} ${first?.message ?? 'is invalid'}${allowed}`, field });
    }
    if (isSyncError(error)) {
      // Our own fault is a 500 in product words, never a 422 as if the request were wrong (decision 042).
      const status = error.reason === 'internalError' ? 500 : error.retryable ? 503 : 422;
      return reply.code(status).send({ error: error.reason, message: reasonText(error.reason) });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'bad_request', message: error.message });
    }
    // A URL that is itself a credential (the one-time switch page) is logged as its route pattern.
    const url = request.routeOptions.config?.secretInUrl ? request.routeOptions.url : request.url;
    request.log.error({ err: error, url, method: request.method }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side; the details are in the server log.' });
  });
}

function fieldOf(context: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const missing = typeof params.missingProperty === 'string' ? `/${params.missingProperty}` : '';
  const extra = typeof params.additionalProperty === 'string' ? `/${params.additionalProperty}` : '';
  return `${context ?? 'request'}${instancePath}${missing}${extra}`.replace(/\//g, '.');
}
