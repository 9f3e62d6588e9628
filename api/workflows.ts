/**
 * The one way the API runs an engine workflow: start it, or join the execution of the same ID that
 * is running (Temporal's USE_EXISTING conflict policy; the IDs are domain/workflow-ids.ts), wait a
 * little for its outcome, and answer: 200 with the result, 202 while it runs, or the failure in the
 * product's words. Waiting polls describe() rather than holding result(): a result() left behind
 * by an answered request would long-poll until the workflow ends.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, type Client, type Workflow, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { FastifyReply } from 'fastify';
import { REASON_ADVICE, isRetryable, reasonText, type ReasonType } from '../domain';
import { executionUrl } from '../temporal/client';
import { ApiError } from './errors';

export interface Started {
  workflowId: string;
  runId: string;
  webUiUrl: string;
  joined: boolean;
}

export type Settled<T> =
  { state: 'running' } | { state: 'completed'; result: T } | { state: 'failed'; type: string; message: string; details: unknown[] };

/** The memo field naming the API request that started an execution: a request that finds another's value joined. */
const STARTED_BY = 'apiRequest';

export class WorkflowStarter {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly ui: { baseUrl: string; namespace: string },
  ) {}

  webUiUrl(workflowId: string, runId?: string): string {
    return executionUrl(this.ui.baseUrl, this.ui.namespace, workflowId, runId);
  }

  /** Starts the workflow, or joins the execution of the same ID that is running. */
  async startOrJoin<W extends Workflow>(workflow: W, workflowId: string, ...args: Parameters<W>): Promise<Started> {
    const request = randomUUID();
    // The generic args cannot be matched to WorkflowStartOptions' conditional type; the signature above types them.
    const options = {
      taskQueue: this.taskQueue,
      workflowId,
      args,
      workflowIdConflictPolicy: 'USE_EXISTING',
      memo: { [STARTED_BY]: request },
    };
    const handle = await this.temporal.workflow.start(workflow, options as unknown as WorkflowStartOptions<W>);
    const runId = handle.firstExecutionRunId;
    const { memo } = await this.temporal.workflow.getHandle(workflowId, runId).describe();
    return { workflowId, runId, webUiUrl: this.webUiUrl(workflowId, runId), joined: memo?.[STARTED_BY] !== request };
  }

  /** The outcome of the execution if it ends within `waitMs`, else 'running'. */
  async settle<T>(workflowId: string, runId: string, waitMs: number): Promise<Settled<T>> {
    // Following continue-as-new: the run of a later ID is the same execution chain.
    const handle: WorkflowHandle = this.temporal.workflow.getHandle(workflowId, runId, { followRuns: true });
    const deadline = Date.now() + waitMs;
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      const { status } = await this.temporal.workflow.getHandle(workflowId).describe();
      if (status.name !== 'RUNNING') break;
      if (Date.now() >= deadline) return { state: 'running' };
      await sleep(Math.min(pause, Math.max(deadline - Date.now(), 0)));
    }
    try {
      return { state: 'completed', result: (await handle.result()) as T };
    } catch (error) {
      return { state: 'failed', ...failureOf(error) };
    }
  }

  /**
   * Starts or joins, waits up to `waitSeconds`, and answers: 202 while it runs, 200 with the
   * result, else the failure as an API error (`failure` may answer a failure that is a question).
   */
  async run<W extends Workflow>(
    reply: FastifyReply,
    action: { workflow: W; workflowId: string; args: Parameters<W>; waitSeconds: number },
    failure: (settled: { type: string; message: string; details: unknown[] }, started: Started) => ApiError = failureReply,
  ) {
    const started = await this.startOrJoin(action.workflow, action.workflowId, ...action.args);
    const settled = await this.settle<Awaited<ReturnType<W>>>(started.workflowId, started.runId, action.waitSeconds * 1000);
    if (settled.state === 'running') return reply.code(202).send({ ...started, state: 'running' as const });
    if (settled.state === 'completed') return reply.code(200).send({ ...started, state: 'completed' as const, result: settled.result });
    throw failure(settled, started);
  }
}

/** Type, message and details of the failure that ended a workflow. */
export function failureOf(error: unknown): { type: string; message: string; details: unknown[] } {
  const cause = error instanceof WorkflowFailedError ? error.cause : error;
  if (cause instanceof ApplicationFailure)
    return { type: cause.type ?? 'internalError', message: cause.message, details: cause.details ?? [] };
  if (cause instanceof TemporalFailure) return { type: cause.name, message: cause.message, details: [] };
  return { type: 'internal', message: error instanceof Error ? error.message : String(error), details: [] };
}

/**
 * A failed action as an API error in the product's words: data errors and refusals 422, a server
 * that stays unavailable 503, anything else (terminated, timed out) 500 without internals.
 */
export function failureReply(
  failure: { type: string; message: string },
  started: Pick<Started, 'workflowId' | 'runId' | 'webUiUrl'>,
): ApiError {
  const where = { workflowId: started.workflowId, runId: started.runId, webUiUrl: started.webUiUrl };
  const type = failure.type as ReasonType;
  const known = reasonText(type) !== type;
  if (!known) return new ApiError(500, 'The action stopped without a reason; see the execution in the Temporal Web UI.', 'stopped', where);
  // The engine's message may say more in our words ("Cannot link: ..."); what VoipNow itself said
  // ("(server said: ...)") stays in the attempt and the log, for admins.
  const said = failure.message.replace(/\s*\(server said: .*\)$/s, '').trim();
  const message = said.startsWith(reasonText(type)) ? said : reasonText(type);
  const detail = said && !said.startsWith(reasonText(type)) ? { detail: said } : {};
  // Our own fault is a 500 in product words (decision 042), a cancelled action a conflict.
  const status = type === 'internalError' ? 500 : type === 'cancelled' ? 409 : isRetryable(type) ? 503 : 422;
  return new ApiError(status, message, type, { ...where, ...detail, advice: REASON_ADVICE[type] });
}
