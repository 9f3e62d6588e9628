/** One account: its view (link, attempts, log, executions), and replicating it to a new VoipNow account. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { listAttempts } from '../../db/attempts';
import { findLink } from '../../db/links';
import { readLog } from '../../db/log-view';
import { stateOf } from '../../db/listing';
import { findPleskAccount } from '../../db/scope';
import { unblock } from '../../db/snapshot';
import {
  accountWorkflowIds,
  keyToString,
  reasonAdvice,
  reasonText,
  replicationWorkflowId,
  type AccountKey,
  type ReplicateInput,
} from '../../domain';
import { replicateAccount } from '../../workflows';
import { assertCanReplicate, assertCanSee, identityOf } from '../access';
import { CUSTOMERS } from '../auth';
import { ApiError } from '../errors';
import {
  AccountParams,
  ActionFailure,
  ActionReply,
  AttemptView,
  Execution,
  LinkView,
  LogEntryView,
  ReplicationStateSchema,
  STANDARD_ERRORS,
  TemplateChoiceBody,
  WaitQuery,
  errorReplies,
} from '../schemas';
import { failureReply, type Started } from '../workflows';
import { toLogView } from './log';

const ReplicateResultSchema = Type.Object({
  outcome: Type.Union([Type.Literal('created'), Type.Literal('adopted'), Type.Literal('alreadyLinked')]),
  voipnowKind: Type.String(),
  voipnowId: Type.Integer(),
  templateName: Type.Optional(Type.String()),
});

const replicateSchema = (summary: string, description: string) => ({
  tags: ['actions'],
  summary,
  description,
  params: AccountParams,
  querystring: WaitQuery,
  body: TemplateChoiceBody,
  response: {
    200: ActionReply(ReplicateResultSchema),
    202: ActionReply(ReplicateResultSchema),
    409: ActionFailure,
    422: ActionFailure,
    503: ActionFailure,
    ...STANDARD_ERRORS,
    ...errorReplies(404),
  },
});

export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, temporal, starter } = app.services;

  app.get(
    '/accounts/:pleskServer/:kind/:pleskId',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['accounts'],
        summary: 'One account: what Plesk has, its link, its attempts with reasons, its log, its executions',
        params: AccountParams,
        response: {
          200: Type.Object({
            account: Type.String(),
            state: ReplicationStateSchema,
            replicated: Type.Boolean(),
            plesk: Type.Union(
              [
                Type.Object({
                  name: Type.String(),
                  login: Type.Union([Type.String(), Type.Null()]),
                  email: Type.Union([Type.String(), Type.Null()]),
                  owner: Type.Union([Type.String(), Type.Null()]),
                  vanished: Type.Boolean(),
                  unlinked: Type.Union([Type.String(), Type.Null()], {
                    description:
                      '"unlinked by <who> at <when>" while an admin\'s unlink stands: no automatic run replicates or adopts the account',
                  }),
                }),
                Type.Null(),
              ],
              { description: 'as discovery last saw it; null when discovery has not seen it' },
            ),
            link: Type.Union([LinkView, Type.Null()]),
            attempts: Type.Array(AttemptView),
            log: Type.Array(LogEntryView, { description: 'the latest 50 log entries of the account' }),
            executions: Type.Array(Execution, { description: 'replicate, link, unlink and move executions of the account' }),
          }),
          ...STANDARD_ERRORS,
          ...errorReplies(404),
        },
      },
    },
    async (request) => {
      const key: AccountKey = request.params;
      await assertCanSee(db, identityOf(request), key);
      const [plesk, link, attempts, log, executions] = await Promise.all([
        findPleskAccount(db, key),
        findLink(db, key),
        listAttempts(db, key),
        readLog(db, { account: key, limit: 50 }),
        listExecutions(accountWorkflowIds(key)),
      ]);
      const last = attempts.filter((a) => a.operation === 'replicate').at(-1);
      return {
        account: keyToString(key),
        state: stateOf({ voipnowId: link?.voipnowId ?? null, lastOutcome: last?.outcome ?? null }),
        replicated: link !== null,
        plesk: plesk && {
          name: plesk.name,
          login: plesk.login,
          email: plesk.email,
          owner: !plesk.ownerKind ? 'admin' : `${key.pleskServer}/${plesk.ownerKind}/${plesk.ownerId}`,
          vanished: plesk.vanishedAt !== null,
          unlinked: plesk.unlinkedAt ? `unlinked by ${plesk.unlinkedBy ?? 'an admin'} at ${plesk.unlinkedAt.toISOString()}` : null,
        },
        link: link && {
          voipnowKind: link.voipnowKind,
          voipnowId: link.voipnowId,
          voipnowLogin: link.voipnowLogin,
          origin: link.origin,
          linkedAt: link.linkedAt.toISOString(),
        },
        attempts: attempts.map((a) => ({
          number: a.number,
          operation: a.operation,
          outcome: a.outcome,
          reasonType: a.reasonType,
          reason: a.reasonText,
          advice: reasonAdvice(a.reasonType),
          startedAt: a.startedAt.toISOString(),
          finishedAt: a.finishedAt?.toISOString() ?? null,
          workflowId: a.workflowId,
          runId: a.runId,
          webUiUrl: starter.webUiUrl(a.workflowId, a.runId),
        })),
        log: log.map((entry) => toLogView(entry, starter)),
        executions,
      };
    },
  );

  app.post(
    '/accounts/:pleskServer/:kind/:pleskId/replicate',
    {
      config: { allow: CUSTOMERS },
      schema: replicateSchema(
        'Replicate one account to a new VoipNow account',
        'Without a template configured for manual replication, answers 409 with the templates to choose from; when VoipNow has none, 422 with the question to confirm (send confirmNoTemplate).',
      ),
    },
    async (request, reply) => replicate(request.params, request.body, request.query.wait, reply, request),
  );

  app.post(
    '/accounts/:pleskServer/:kind/:pleskId/retry',
    {
      config: { allow: CUSTOMERS },
      schema: replicateSchema(
        'Retry now: replicate a failed account again',
        'Also lets automatic replication try the account again without waiting for its Plesk data to change.',
      ),
    },
    async (request, reply) => {
      await assertCanReplicate(db, identityOf(request), request.params);
      await unblock(db, request.params.pleskServer, request.params.kind, request.params.pleskId);
      return replicate(request.params, request.body, request.query.wait, reply, request);
    },
  );

  async function replicate(
    key: AccountKey,
    body: Static<typeof TemplateChoiceBody>,
    wait: number,
    reply: FastifyReply,
    request: Parameters<typeof identityOf>[0],
  ) {
    await assertCanReplicate(db, identityOf(request), key);
    const link = await findLink(db, key);
    if (link) throw new ApiError(409, `${reasonText('alreadyLinked')} ${link.voipnowKind} #${link.voipnowId}`, 'alreadyLinked');
    const input: ReplicateInput = {
      key,
      mode: 'manual',
      ...(body.template ? { template: body.template } : {}),
      ...(body.confirmNoTemplate ? { confirmNoTemplate: true } : {}),
      ...(body.adoptExisting ? { adoptExisting: true } : {}),
    };
    return starter.run(
      reply,
      { workflow: replicateAccount, workflowId: replicationWorkflowId(key), args: [input], waitSeconds: wait },
      (failure, started) =>
        failure.type === 'templateRequired' || failure.type === 'noTemplatesConfirm'
          ? templateQuestion(failure.type, templatesIn(failure.details) ?? [], started)
          : failure.type === 'taggedFromEarlierLink'
            ? earlierLinkChoice(failure.message, templatesIn(failure.details)?.[0], started)
            : failureReply(failure, started),
    );
  }

  async function listExecutions(workflowIds: string[]) {
    const executions = [];
    const ids = workflowIds.map((id) => `'${id.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ');
    for await (const execution of temporal.workflow.list({ query: `WorkflowId IN (${ids})`, pageSize: 50 })) {
      executions.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        status: execution.status.name,
        startedAt: execution.startTime.toISOString(),
        closedAt: execution.closeTime?.toISOString() ?? null,
        webUiUrl: starter.webUiUrl(execution.workflowId, execution.runId),
      });
      if (executions.length >= 50) break;
    }
    return executions;
  }
};

/**
 * The engine's question when a manual replication needs a template: 409 "choose one of these", or
 * 422 with the product's question when VoipNow has none ("... Do you want to proceed?").
 */
function templateQuestion(
  type: 'templateRequired' | 'noTemplatesConfirm',
  templates: { id: number; name: string }[],
  started: Started,
): ApiError {
  const where = { workflowId: started.workflowId, runId: started.runId, webUiUrl: started.webUiUrl };
  if (type === 'noTemplatesConfirm' || templates.length === 0) {
    return new ApiError(422, reasonText('noTemplatesConfirm'), 'noTemplatesConfirm', { ...where, templates: [] });
  }
  return new ApiError(409, reasonText('templateRequired'), 'templateRequired', { ...where, templates });
}

/**
 * Replicate-to-new found the VoipNow account of an earlier link (it carries the account's tag):
 * the user chooses, adopt it or link to it by its ID; nothing was changed in VoipNow.
 */
function earlierLinkChoice(message: string, found: { id: number; name: string } | undefined, started: Started): ApiError {
  const where = { workflowId: started.workflowId, runId: started.runId, webUiUrl: started.webUiUrl };
  return new ApiError(409, reasonText('taggedFromEarlierLink'), 'taggedFromEarlierLink', {
    ...where,
    detail: message,
    ...(found ? { existing: { voipnowId: found.id, login: found.name } } : {}),
    choices: ['adopt: replicate again with "adoptExisting": true', 'link: link to the existing VoipNow account by its ID (admins)'],
  });
}

/** The templates the engine chose from, from the failure's details ([{id, name}] or {templates: [...]}). */
function templatesIn(details: unknown[]): { id: number; name: string }[] | undefined {
  for (const detail of details) {
    const list = Array.isArray(detail) ? detail : (detail as { templates?: unknown } | null)?.templates;
    if (!Array.isArray(list)) continue;
    return list
      .filter(
        (t): t is { id: number; name: string } =>
          typeof (t as { id?: unknown }).id === 'number' && typeof (t as { name?: unknown }).name === 'string',
      )
      .map((t) => ({ id: t.id, name: t.name }));
  }
  return undefined;
}
