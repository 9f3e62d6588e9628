/**
 * Bulk replication of the whole estate (admins) or of one subtree, as the engine's replicateTree
 * workflow. The answer is a handle (the workflow ID) whose progress can be polled: the
 * `treeProgress` query while it runs, the workflow's result once it is done.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Type } from 'typebox';
import { bulkWorkflowId, parseBulkWorkflowId, parseKey, SERVER_NAME_PATTERN } from '../../domain';
import { replicateTree, treeProgressQuery } from '../../workflows';
import type { TreeInput, TreeProgress } from '../../domain/workflow-types';
import { assertCanReplicate, assertCanSee, assertServer, identityOf } from '../access';
import { CUSTOMERS } from '../auth';
import { ApiError, notFound } from '../errors';
import { AccountKeyString, STANDARD_ERRORS, errorReplies } from '../schemas';
import { failureOf } from '../workflows';

const LevelCounts = {
  total: Type.Integer(),
  done: Type.Integer(),
  failed: Type.Integer(),
  skipped: Type.Integer({ description: 'not tried because their parent is not replicated' }),
  remaining: Type.Integer(),
};
const Level = Type.Object(LevelCounts);
const Progress = Type.Object({
  phase: Type.Enum(['planning', 'resellers', 'domains', 'mailboxes', 'done']),
  ...LevelCounts,
  levels: Type.Optional(
    Type.Object(
      { resellers: Level, domains: Level, mailboxes: Level },
      { description: 'the same counts per level (resellers and clients, domains, mailboxes); absent for runs started before 2026-12' },
    ),
  ),
});

const Handle = Type.Object({ workflowId: Type.String({ description: 'the handle of the bulk replication' }) });
const QUERY_TIMEOUT_MS = 5000;

export const bulkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, temporal, starter } = app.services;

  app.post(
    '/bulk-replications',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['actions'],
        summary: 'Replicate the whole estate (admins) or one subtree in bulk',
        description:
          'Parents first, children in bounded parallel. Poll GET /api/v1/bulk-replications/{workflowId} (URL-encoded) for progress.',
        body: Type.Object(
          {
            pleskServer: Type.Optional(Type.String({ pattern: SERVER_NAME_PATTERN, description: 'with scope all' })),
            scope: Type.Union([Type.Literal('all'), Type.Literal('subtree')]),
            root: Type.Optional(AccountKeyString),
            parallelism: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'child workflows at once (default 50)' })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({
            workflowId: Type.String(),
            runId: Type.String(),
            webUiUrl: Type.String(),
            joined: Type.Boolean(),
            progressUrl: Type.String(),
          }),
          ...STANDARD_ERRORS,
          ...errorReplies(404),
        },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const body = request.body;
      let input: TreeInput;
      if (body.scope === 'all') {
        if (!body.pleskServer)
          throw new ApiError(400, 'body.pleskServer is required with scope all', 'invalid_request', { field: 'body.pleskServer' });
        if (identity.role !== 'admin') throw new ApiError(403, 'Only admins may replicate the whole estate', 'forbidden');
        assertServer(identity, body.pleskServer);
        input = { pleskServer: body.pleskServer, scope: { kind: 'all' }, mode: 'bulk' };
      } else {
        if (!body.root) throw new ApiError(400, 'body.root is required with scope subtree', 'invalid_request', { field: 'body.root' });
        const root = parseKey(body.root);
        await assertCanReplicate(db, identity, root, { ownSubtree: true });
        input = { pleskServer: root.pleskServer, scope: { kind: 'subtree', root }, mode: 'bulk' };
      }
      if (body.parallelism) input.parallelism = body.parallelism;
      const workflowId = bulkWorkflowId(input.pleskServer, input.scope.kind === 'subtree' ? input.scope.root : undefined);
      const started = await starter.startOrJoin(replicateTree, workflowId, input);
      return reply.code(202).send({ ...started, progressUrl: `/api/v1/bulk-replications/${encodeURIComponent(workflowId)}` });
    },
  );

  app.get(
    '/bulk-replications/:workflowId',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['actions'],
        summary: 'Progress of a bulk replication: done, failed, skipped, remaining, phase',
        params: Handle,
        response: {
          200: Type.Object({
            workflowId: Type.String(),
            runId: Type.String(),
            status: Type.String({ description: 'running, completed, failed, cancelled, terminated, timed-out' }),
            progress: Type.Union([Progress, Type.Null()], { description: 'null until the workflow has started planning' }),
            reason: Type.Optional(Type.String()),
            webUiUrl: Type.String(),
          }),
          ...STANDARD_ERRORS,
          ...errorReplies(404),
        },
      },
    },
    async (request) => {
      const { workflowId } = request.params;
      const scope = parseBulkWorkflowId(workflowId);
      if (!scope) throw notFound(`Bulk replication ${workflowId}`);
      const identity = identityOf(request);
      if (scope.root) await assertCanSee(db, identity, scope.root);
      else if (identity.role !== 'admin') throw notFound(`Bulk replication ${workflowId}`);

      const handle = temporal.workflow.getHandle(workflowId);
      let description;
      try {
        description = await handle.describe();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw notFound(`Bulk replication ${workflowId}`);
        throw error;
      }
      const status = description.status.name.toLowerCase().replaceAll('_', '-');
      const base = { workflowId, runId: description.runId, status, webUiUrl: starter.webUiUrl(workflowId, description.runId) };
      if (status === 'completed') return { ...base, progress: (await handle.result()) as TreeProgress };
      const progress = await temporal.connection
        .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(treeProgressQuery))
        .catch(() => null);
      if (status === 'running' || status === 'continued-as-new') return { ...base, status: 'running', progress };
      const reason = await handle.result().then(
        () => undefined,
        (error: unknown) => failureOf(error).message,
      );
      return { ...base, progress, ...(reason ? { reason } : {}) };
    },
  );
};
