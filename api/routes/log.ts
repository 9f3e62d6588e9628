/** The replication log: filtered by account, level and time, paged newest first, or followed. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LogEntry } from '../../db/log';
import { readLog } from '../../db/log-view';
import { parseKey, REASON_TYPES, reasonAdvice, SERVER_NAME_PATTERN } from '../../domain';
import { assertCanSee, assertServer, identityOf, scopeOf } from '../access';
import { CUSTOMERS } from '../auth';
import { AccountKeyString, LogEntryView, STANDARD_ERRORS, errorReplies, Defaulted } from '../schemas';
import type { WorkflowStarter } from '../workflows';

export function toLogView(entry: LogEntry, starter: WorkflowStarter) {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    level: entry.level,
    event: entry.event,
    account: entry.pleskServer && entry.kind && entry.pleskId ? `${entry.pleskServer}/${entry.kind}/${entry.pleskId}` : null,
    message: entry.message,
    reasonType: entry.reasonType,
    advice: reasonAdvice(entry.reasonType),
    workflowId: entry.workflowId,
    webUiUrl: entry.workflowId ? starter.webUiUrl(entry.workflowId, entry.runId ?? undefined) : null,
  };
}

export const logRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, starter } = app.services;

  app.get(
    '/log',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['log'],
        summary: 'The replication log: every replicate, link, unlink, move, discovery and settings event',
        description:
          'Newest first, paged with beforeId; with afterId, the entries after it oldest first (to follow the log). Resellers and clients see the entries of their own accounts only.',
        querystring: Type.Object({
          pleskServer: Type.Optional(Type.String({ pattern: SERVER_NAME_PATTERN })),
          account: Type.Optional(AccountKeyString),
          level: Type.Optional(
            Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('error')], {
              description: 'this level and the more severe ones',
            }),
          ),
          reason: Type.Optional(Type.Enum(REASON_TYPES, { description: 'entries with this failure reason (its type) only' })),
          since: Type.Optional(Type.String({ format: 'date-time' })),
          until: Type.Optional(Type.String({ format: 'date-time' })),
          beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
          afterId: Type.Optional(Type.Integer({ minimum: 0 })),
          limit: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(LogEntryView),
            nextBeforeId: Type.Union([Type.Integer(), Type.Null()], { description: 'beforeId of the next (older) page; null at the end' }),
          }),
          ...STANDARD_ERRORS,
          ...errorReplies(404),
        },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      const q = request.query;
      const account = q.account ? parseKey(q.account) : undefined;
      if (account) await assertCanSee(db, identity, account);
      if (q.pleskServer) assertServer(identity, q.pleskServer);
      const scope = scopeOf(identity);
      const entries = await readLog(db, {
        ...(q.pleskServer ? { pleskServer: q.pleskServer } : {}),
        ...(account ? { account } : {}),
        ...(scope ? { scope } : {}),
        ...(q.level ? { minLevel: q.level } : {}),
        ...(q.reason ? { reason: q.reason } : {}),
        ...(q.since ? { since: new Date(q.since) } : {}),
        ...(q.until ? { until: new Date(q.until) } : {}),
        ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}),
        ...(q.afterId !== undefined ? { afterId: q.afterId } : {}),
        limit: q.limit,
      });
      const full = entries.length === q.limit && q.afterId === undefined;
      return { items: entries.map((entry) => toLogView(entry, starter)), nextBeforeId: full ? entries.at(-1)!.id : null };
    },
  );
};
