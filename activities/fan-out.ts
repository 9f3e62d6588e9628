/**
 * The bulk run's fan-out (decision 099): a slice of a page's accounts, each started as its own
 * replicateAccount workflow (one workflow, one history, one Web UI entry per account, as before)
 * and followed to its end, at most `window` of them at once (decision 104). Starting them from an
 * activity instead of as child workflows spares the bulk run's history three events per account
 * and the Temporal server the parent-child bookkeeping; the workflows are started eagerly, on this
 * worker, when it has room.
 *
 * A retry of this activity (its worker died) must neither start an account twice nor lose one:
 * the outcomes heartbeated so far are kept, and an account without one whose workflow was started
 * after this activity was first scheduled is followed, not started again.
 */
import { Context } from '@temporalio/activity';
import pLimit from 'p-limit';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { replicationWorkflowId } from '../domain/workflow-ids';
import type { AccountKind, ReplicateResult } from '../domain';
import type { ActivityDeps } from './deps';

export interface FanOutInput {
  pleskServer: string;
  mode: 'bulk' | 'automatic';
  accounts: { kind: AccountKind; pleskId: string }[];
  /**
   * At most this many of the accounts' workflows running at once, the next started as soon as one
   * ends (decision 104). Absent (activities scheduled by runs from before it): all at once.
   */
  window?: number;
}

/** How each account ended, in the order given: done, failed, or skipped (already being replicated by someone else). */
export type FanOutOutcome = 'done' | 'failed' | 'skipped';

export interface FanOutResult {
  done: number;
  failed: number;
  skipped: number;
}

/** What a try heartbeats: the outcome of each account so far ('' while it runs). */
type Progress = FanOutOutcome[];

export async function replicateAccounts(
  deps: Pick<ActivityDeps, 'temporal' | 'workerStopping'>,
  input: FanOutInput,
): Promise<FanOutResult> {
  const client = deps.temporal?.();
  if (!client) throw ApplicationFailure.nonRetryable('This worker has no Temporal client for bulk replication', 'internalError');
  const context = Context.current();
  const { info } = context;
  const earlier = (info.heartbeatDetails as Progress | undefined) ?? [];
  const outcomes: (FanOutOutcome | undefined)[] = input.accounts.map((_, i) => earlier[i] || undefined);
  // A retry: workflows started since the first try was scheduled are this activity's own.
  const ownSince = info.attempt > 1 ? info.scheduledTimestampMs : undefined;
  const beat = () => context.heartbeat(outcomes.map((o) => o ?? ''));
  // Tells Temporal this try is alive while its accounts are slow (retries of VoipNow faults).
  const timer = setInterval(beat, 5000);
  // Cancelled (the run was, or the worker's grace time ended), or the worker began shutting down:
  // stop following; the workflows go on, and the next try of this activity follows them.
  const stop = new AbortController();
  const signals = AbortSignal.any([context.cancellationSignal, stop.signal]);
  const watch = setInterval(() => deps.workerStopping?.() && stop.abort(), 250);
  const stopped = whenAborted(signals);
  const inWindow = pLimit(Math.max(1, input.window ?? input.accounts.length));
  try {
    await Promise.all(
      input.accounts.map((account, i) =>
        inWindow(async () => {
          // Nothing new is started once this try stops following: the next try starts the rest.
          if (outcomes[i] || signals.aborted) return;
          outcomes[i] = await replicateOne(client, info.taskQueue, input, account, ownSince, signals, stopped);
          beat();
        }),
      ),
    );
  } finally {
    clearInterval(timer);
    clearInterval(watch);
  }
  // Workflows this try could not follow to their end (the worker is stopping): a later try follows them.
  if (signals.aborted) throw ApplicationFailure.retryable('The worker stopped following the run', 'workerStopping');
  const result: FanOutResult = { done: 0, failed: 0, skipped: 0 };
  for (const outcome of outcomes) result[outcome!] += 1;
  return result;
}

async function replicateOne(
  client: Client,
  taskQueue: string,
  input: FanOutInput,
  account: FanOutInput['accounts'][number],
  ownSince: number | undefined,
  cancelled: AbortSignal,
  stopped: Promise<undefined>,
): Promise<FanOutOutcome | undefined> {
  const key = { pleskServer: input.pleskServer, kind: account.kind, pleskId: account.pleskId };
  const workflowId = replicationWorkflowId(key);
  let runId = ownSince === undefined ? undefined : await ownRun(client, workflowId, ownSince);
  if (runId === undefined) {
    try {
      const handle = await client.workflow.start('replicateAccount', {
        taskQueue,
        workflowId,
        args: [{ key, mode: input.mode }],
        requestEagerStart: true,
      });
      runId = handle.firstExecutionRunId;
    } catch (error) {
      // Already being replicated by someone else: that execution reports it; not ours to count.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return 'skipped';
      throw error;
    }
  }
  // undefined: this try stopped following it (the worker is stopping, or the try was cancelled
  // while the start was under way). Not asked for its result then: nobody would wait for the
  // answer, and a failed ask would end the worker process as an unhandled rejection.
  if (cancelled.aborted) return undefined;
  const handle = client.workflow.getHandle<() => Promise<ReplicateResult>>(workflowId, runId);
  const ended = handle.result().then(
    () => 'done' as const,
    (error: unknown) => {
      if (error instanceof WorkflowFailedError) return 'failed' as const;
      throw error;
    },
  );
  // The race settles with the first; a later failure of the ask is handled by it, not unhandled.
  return Promise.race([ended, stopped]);
}

/** The run of `workflowId` an earlier try of this activity started (on or after `since`), if any. */
async function ownRun(client: Client, workflowId: string, since: number): Promise<string | undefined> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return description.startTime.getTime() >= since ? description.runId : undefined;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** Resolves (with nothing) once `signal` aborts: one listener for a whole slice. */
function whenAborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}
