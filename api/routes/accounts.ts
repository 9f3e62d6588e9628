/** One account: start its replication, and inspect its link, attempts and executions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Type } from 'typebox';
import { listAttempts } from '../../db/attempts';
import { findLink } from '../../db/links';
import { replicationWorkflowId, type AccountKey } from '../../domain';
import { executionUrl } from '../../temporal/client';
import { replicateAccount } from '../../workflows';
import { AccountParams, AttemptView, ErrorReply, Execution, LinkView } from '../schemas';

export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, db, temporal } = app.services;
  const webUi = (workflowId: string, runId?: string) => executionUrl(config.temporalUiUrl, config.TEMPORAL_NAMESPACE, workflowId, runId);

  app.post(
    '/accounts/:pleskServer/:kind/:pleskId/replicate',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Replicate one account to a new VoipNow account',
        params: AccountParams,
        response: {
          202: Type.Object({ workflowId: Type.String(), runId: Type.String(), webUiUrl: Type.String(), joined: Type.Boolean() }),
          400: ErrorReply,
          401: ErrorReply,
          409: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const key: AccountKey = request.params;
      const workflowId = replicationWorkflowId(key);
      const link = await findLink(db, key);
      if (link) {
        return reply.code(409).send({ error: 'already_linked', message: `The account is already linked to VoipNow ${link.voipnowKind} #${link.voipnowId}` });
      }
      let joined = false;
      let runId: string;
      try {
        const handle = await temporal.workflow.start(replicateAccount, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowId,
          args: [{ key, mode: 'manual' }],
        });
        runId = handle.firstExecutionRunId;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        // Already replicating: join the running execution instead of racing it.
        joined = true;
        runId = (await temporal.workflow.getHandle(workflowId).describe()).runId;
      }
      return reply.code(202).send({ workflowId, runId, webUiUrl: webUi(workflowId, runId), joined });
    },
  );

  app.get(
    '/accounts/:pleskServer/:kind/:pleskId',
    {
      schema: {
        tags: ['accounts'],
        summary: 'One account: its link, its attempts with reasons, its executions',
        params: AccountParams,
        response: {
          200: Type.Object({
            account: Type.String(),
            replicated: Type.Boolean(),
            link: Type.Union([LinkView, Type.Null()]),
            attempts: Type.Array(AttemptView),
            executions: Type.Array(Execution),
          }),
          400: ErrorReply,
          401: ErrorReply,
        },
      },
    },
    async (request) => {
      const key: AccountKey = request.params;
      const workflowId = replicationWorkflowId(key);
      const [link, attempts, executions] = await Promise.all([findLink(db, key), listAttempts(db, key), listExecutions(workflowId)]);
      return {
        account: `${key.pleskServer}/${key.kind}/${key.pleskId}`,
        replicated: link !== null,
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
          startedAt: a.startedAt.toISOString(),
          finishedAt: a.finishedAt?.toISOString() ?? null,
          workflowId: a.workflowId,
          runId: a.runId,
          webUiUrl: webUi(a.workflowId, a.runId),
        })),
        executions,
      };
    },
  );

  async function listExecutions(workflowId: string) {
    const executions = [];
    const query = `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'`;
    for await (const execution of temporal.workflow.list({ query, pageSize: 50 })) {
      executions.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        status: execution.status.name,
        startedAt: execution.startTime.toISOString(),
        closedAt: execution.closeTime?.toISOString() ?? null,
        webUiUrl: webUi(execution.workflowId, execution.runId),
      });
      if (executions.length >= 50) break;
    }
    return executions;
  }
};
