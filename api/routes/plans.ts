/**
 * Plans (dry runs) before a large run: POST /plans with the body of a bulk replication or a move
 * computes, in the background (a makePlan workflow), what every account would get; GET pages
 * through it by cursor; POST /plans/{id}/run runs it, planning again first and saying which
 * accounts changed. Nothing is written to VoipNow until the run. docs/decisions/085-plans.md.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Type, type Static } from 'typebox';
import { createPlan, findPlan, planItemsPage, type PlanRow } from '../../db/plans';
import {
  bulkWorkflowId,
  keyToString,
  parseKey,
  planRunWorkflowId,
  planWorkflowId,
  moveWorkflowId,
  reasonText,
  type PlanRequest,
  type ReasonType,
  type RunPlanResult,
} from '../../domain';
import { makePlan, moveAccount, runPlan, treeProgressQuery } from '../../workflows';
import { assertCanSee, assertServer, identityOf } from '../access';
import type { Identity } from '../auth';
import { CUSTOMERS } from '../auth';
import { ApiError, notFound } from '../errors';
import { PlanBody, PlanItemView, PlanTotalsSchema, STANDARD_ERRORS, errorReplies } from '../schemas';
import { failureOf } from '../workflows';

const PlanParams = Type.Object({
  id: Type.String({
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    description: 'the plan ID (a UUID)',
  }),
});
const PlanQuery = Type.Object({
  cursor: Type.Optional(
    Type.Integer({ minimum: 0, description: 'the seq of the last item of the previous page (0 or absent: from the start)' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'items per page' })),
});

const PlanView = Type.Object({
  id: Type.String(),
  pleskServer: Type.String(),
  request: Type.Object({
    kind: Type.String(),
    scope: Type.Optional(Type.String()),
    root: Type.Optional(Type.String()),
    key: Type.Optional(Type.String()),
  }),
  state: Type.Union([Type.Literal('computing'), Type.Literal('ready'), Type.Literal('failed')]),
  error: Type.Optional(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  finishedAt: Type.Optional(Type.String()),
  totals: Type.Optional(PlanTotalsSchema),
  reasonTexts: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: 'the words of each reason in totals.byReason, as the engine reports it' }),
  ),
  items: Type.Array(PlanItemView),
  nextCursor: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as cursor for the next page; null on the last page' }),
  runUrl: Type.String(),
});

const Started = Type.Object({
  id: Type.String(),
  state: Type.String(),
  url: Type.String({ description: 'GET it for the state and the items' }),
  workflowId: Type.String(),
  webUiUrl: Type.String(),
});

const RunView = Type.Object({
  planId: Type.String(),
  workflowId: Type.String(),
  status: Type.String({ description: 'running, completed, failed, …' }),
  webUiUrl: Type.String(),
  reason: Type.Optional(Type.String()),
  replannedCount: Type.Optional(Type.Integer({ description: 'accounts that changed since the plan and were planned again' })),
  replanned: Type.Optional(Type.Array(Type.Object({ account: Type.String(), before: Type.String(), after: Type.String() }))),
  bulkWorkflowId: Type.Optional(Type.String()),
  progress: Type.Optional(
    Type.Unknown({ description: 'the bulk replication: done, failed, skipped, remaining, phase; or the move result' }),
  ),
});

/** Who may see a plan: an admin any; a customer those of its subtree (404 otherwise, as for accounts). */
async function assertCanSeePlan(
  db: Parameters<typeof assertCanSee>[0],
  identity: Identity,
  plan: PlanRow | null,
  id: string,
): Promise<PlanRow> {
  if (!plan) throw notFound(`Plan ${id}`);
  if (identity.role === 'admin') return plan;
  if (plan.request.kind !== 'bulk' || plan.request.scope !== 'subtree') throw notFound(`Plan ${id}`);
  await assertCanSee(db, identity, parseKey(plan.request.root)).catch(() => {
    throw notFound(`Plan ${id}`);
  });
  return plan;
}

/** The plan's request from a bulk replication's or a move's body, checked against the caller's rights. */
async function requestOf(
  db: Parameters<typeof assertCanSee>[0],
  identity: Identity,
  body: Static<typeof PlanBody>,
): Promise<{ pleskServer: string; request: PlanRequest }> {
  if (body.move !== undefined) {
    if (body.scope || body.root || body.pleskServer)
      throw new ApiError(400, 'A plan is of a bulk replication or of a move, not both', 'invalid_request', { field: 'body.move' });
    if (identity.role !== 'admin') throw new ApiError(403, 'Only admins may move accounts', 'forbidden');
    const key = parseKey(body.move);
    return { pleskServer: key.pleskServer, request: { kind: 'move', key: keyToString(key) } };
  }
  if (body.scope === 'all') {
    if (!body.pleskServer)
      throw new ApiError(400, 'body.pleskServer is required with scope all', 'invalid_request', { field: 'body.pleskServer' });
    if (identity.role !== 'admin') throw new ApiError(403, 'Only admins may replicate the whole estate', 'forbidden');
    assertServer(identity, body.pleskServer);
    return { pleskServer: body.pleskServer, request: { kind: 'bulk', scope: 'all' } };
  }
  if (body.scope === 'automatic') {
    if (!body.pleskServer)
      throw new ApiError(400, 'body.pleskServer is required with scope automatic', 'invalid_request', { field: 'body.pleskServer' });
    if (identity.role !== 'admin') throw new ApiError(403, 'Only admins may see what automatic replication would do', 'forbidden');
    assertServer(identity, body.pleskServer);
    return { pleskServer: body.pleskServer, request: { kind: 'bulk', scope: 'automatic' } };
  }
  if (body.scope === 'subtree') {
    if (!body.root) throw new ApiError(400, 'body.root is required with scope subtree', 'invalid_request', { field: 'body.root' });
    const root = parseKey(body.root);
    await assertCanSee(db, identity, root);
    return { pleskServer: root.pleskServer, request: { kind: 'bulk', scope: 'subtree', root: keyToString(root) } };
  }
  throw new ApiError(
    400,
    'Say what to plan: scope (all or subtree) as for a bulk replication, automatic for the next automatic run, or move',
    'invalid_request',
    {
      field: 'body.scope',
    },
  );
}

export const planRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, temporal, starter } = app.services;

  app.post(
    '/plans',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['actions'],
        summary: 'Plan a bulk replication or a move (dry run): what each account would get; nothing is written to VoipNow',
        description: 'Computed in the background: the answer is the plan with state computing; GET /api/v1/plans/{id} until it is ready.',
        body: PlanBody,
        response: { 202: Started, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request, reply) => {
      const identity = identityOf(request);
      const { pleskServer, request: planRequest } = await requestOf(db, identity, request.body);
      const id = randomUUID();
      await createPlan(db, {
        id,
        pleskServer,
        request: planRequest,
        createdBy: identity.name,
        ownerScope: identity.role === 'admin' ? null : keyToString(identity.account),
      });
      const started = await starter.startOrJoin(makePlan, planWorkflowId(id), { planId: id });
      return reply
        .code(202)
        .send({ id, state: 'computing', url: `/api/v1/plans/${id}`, workflowId: started.workflowId, webUiUrl: started.webUiUrl });
    },
  );

  app.get(
    '/plans/:id',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['actions'],
        summary: 'A plan: its state, totals per action and level, and a page of its accounts (cursor paging)',
        params: PlanParams,
        querystring: PlanQuery,
        response: { 200: PlanView, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const plan = await assertCanSeePlan(db, identityOf(request), await findPlan(db, id), id);
      const limit = request.query.limit ?? 100;
      const items = plan.state === 'ready' ? await planItemsPage(db, id, request.query.cursor ?? 0, limit) : [];
      return {
        id,
        pleskServer: plan.pleskServer,
        request: plan.request,
        state: plan.state,
        ...(plan.error ? { error: plan.error } : {}),
        createdBy: plan.createdBy,
        createdAt: plan.createdAt.toISOString(),
        ...(plan.finishedAt ? { finishedAt: plan.finishedAt.toISOString() } : {}),
        ...(plan.totals
          ? {
              totals: plan.totals,
              reasonTexts: Object.fromEntries(Object.keys(plan.totals.byReason).map((type) => [type, reasonText(type as ReasonType)])),
            }
          : {}),
        items: items.map(({ dataHash: _hash, kind, pleskId, ...item }) => ({
          ...item,
          kind,
          account: `${plan.pleskServer}/${kind}/${pleskId}`,
        })),
        nextCursor: items.length === limit ? items.at(-1)!.seq : null,
        runUrl: `/api/v1/plans/${id}/run`,
      };
    },
  );

  app.post(
    '/plans/:id/run',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['actions'],
        summary: 'Run a plan: the bulk replication (or move) limited to the plan’s accounts; accounts changed since are planned again',
        params: PlanParams,
        body: Type.Optional(
          Type.Object({ parallelism: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
        ),
        response: { 202: RunView, ...STANDARD_ERRORS, ...errorReplies(404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const plan = await assertCanSeePlan(db, identityOf(request), await findPlan(db, id), id);
      if (plan.state === 'computing') throw new ApiError(409, 'The plan is still being computed; run it once it is ready', 'planNotReady');
      if (plan.state === 'failed') throw new ApiError(409, `${plan.error ?? 'The plan could not be made'}; make a new plan`, 'planFailed');
      if (plan.request.kind === 'move') {
        const key = parseKey(plan.request.key);
        const started = await starter.startOrJoin(moveAccount, moveWorkflowId(key), { key });
        return reply.code(202).send({ planId: id, workflowId: started.workflowId, status: 'running', webUiUrl: started.webUiUrl });
      }
      const root = plan.request.scope === 'subtree' ? parseKey(plan.request.root) : undefined;
      const parallelism = request.body?.parallelism;
      const started = await starter.startOrJoin(runPlan, planRunWorkflowId(id), {
        planId: id,
        pleskServer: plan.pleskServer,
        bulkWorkflowId: bulkWorkflowId(plan.pleskServer, root),
        ...(parallelism ? { parallelism } : {}),
      });
      return reply.code(202).send({ planId: id, workflowId: started.workflowId, status: 'running', webUiUrl: started.webUiUrl });
    },
  );

  app.get(
    '/plans/:id/run',
    {
      config: { allow: CUSTOMERS },
      schema: {
        tags: ['actions'],
        summary: 'The run of a plan: its state, the accounts planned again, and the bulk replication’s progress',
        params: PlanParams,
        response: { 200: RunView, ...STANDARD_ERRORS, ...errorReplies(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const plan = await assertCanSeePlan(db, identityOf(request), await findPlan(db, id), id);
      const workflowId = plan.request.kind === 'move' ? moveWorkflowId(parseKey(plan.request.key)) : planRunWorkflowId(id);
      const handle = temporal.workflow.getHandle(workflowId);
      let description;
      try {
        description = await handle.describe();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw notFound(`A run of plan ${id}`);
        throw error;
      }
      const status = description.status.name.toLowerCase().replaceAll('_', '-');
      const base = { planId: id, workflowId, status, webUiUrl: starter.webUiUrl(workflowId, description.runId) };
      if (status === 'completed') {
        const result = await handle.result();
        if (plan.request.kind === 'move') return { ...base, progress: result };
        const run = result as RunPlanResult;
        return { ...base, ...runFields(run), progress: run.progress };
      }
      if (status === 'running' && plan.request.kind === 'bulk') {
        const root = plan.request.scope === 'subtree' ? parseKey(plan.request.root) : undefined;
        const bulkId = bulkWorkflowId(plan.pleskServer, root);
        const progress = await temporal.workflow
          .getHandle(bulkId)
          .query(treeProgressQuery)
          .catch(() => null);
        return { ...base, bulkWorkflowId: bulkId, ...(progress ? { progress } : {}) };
      }
      if (status === 'running') return base;
      const reason = await handle.result().then(
        () => undefined,
        (error: unknown) => failureOf(error).message,
      );
      return { ...base, ...(reason ? { reason } : {}) };
    },
  );
};

function runFields(run: RunPlanResult) {
  return {
    replannedCount: run.replannedCount,
    replanned: run.replanned.map((r) => ({ account: r.key, before: r.before, after: r.after })),
    bulkWorkflowId: run.bulkWorkflowId,
  };
}
