/**
 * One try of an operation on one account, as the attempt list and the log show it: opened when
 * the try starts, then closed once as succeeded, failed or retrying, with its log line written in
 * the same statement. Replication, link, unlink, move and giving up all close tries this way.
 */
import { Context } from '@temporalio/activity';
import { closeAttempt, lastAttemptOf, openAttempt, withdrawAttempt, type AttemptOutcome, type Operation } from '../db/attempts';
import type { AccountKey } from '../domain';
import type { ActivityDeps } from './deps';
import { toApplicationFailure, toSyncError } from './failures';

/** The execution an activity runs in: the only place that reads Temporal's activity context. */
export interface Execution {
  workflowId: string;
  runId: string;
  /** Temporal's try number of this activity. */
  activityAttempt: number;
}

export function currentExecution(): Execution {
  const info = Context.current().info;
  return {
    workflowId: info.workflowExecution?.workflowId ?? 'none',
    runId: info.workflowExecution?.runId ?? 'none',
    activityAttempt: info.attempt,
  };
}

/** Why a try failed: the reason's type and the words the attempt list shows. */
export interface FailureReason {
  type: string;
  text: string;
}

export class Attempt {
  private constructor(
    private readonly deps: ActivityDeps,
    readonly key: AccountKey,
    readonly operation: Operation,
    readonly id: number,
    readonly execution: Execution,
    /** How it stands now (for a try found again, e.g. when the workflow gives up). */
    readonly outcome: AttemptOutcome = 'running',
  ) {}

  /** Opens the next try of the account (closing as interrupted a try of this execution whose worker died). */
  static async open(deps: ActivityDeps, key: AccountKey, operation: Operation): Promise<Attempt> {
    const execution = currentExecution();
    const { id } = await openAttempt(deps.db, {
      key,
      operation,
      workflowId: execution.workflowId,
      runId: execution.runId,
      activityAttempt: execution.activityAttempt,
    });
    return new Attempt(deps, key, operation, id, execution);
  }

  /** The last try this execution made on the account, and how many tries the account has had. */
  static async latest(deps: ActivityDeps, key: AccountKey): Promise<{ attempt: Attempt; tries: number } | undefined> {
    const execution = currentExecution();
    const found = await lastAttemptOf(deps.db, key, execution.workflowId);
    if (!found) return undefined;
    const { attempt, tries } = found;
    return { attempt: new Attempt(deps, key, attempt.operation, attempt.id, execution, attempt.outcome), tries };
  }

  /** Automatic replication forgets a wait for changed data once it succeeds (`unblock`). */
  succeed(message: string, options: { unblock?: boolean } = {}): Promise<void> {
    return this.close('succeeded', undefined, { level: 'info', message }, options.unblock ? 'unblock' : undefined);
  }

  /** Failed for good; `block`: automatic replication waits for the account's data to change. A try without `message` writes no log line. */
  fail(reason: FailureReason | undefined, message?: string, options: { block?: boolean } = {}): Promise<void> {
    return this.close(
      'failed',
      reason,
      message === undefined ? undefined : { level: 'error', message },
      options.block ? 'block' : undefined,
    );
  }

  /** Failed in a way Temporal retries. */
  retrying(reason: FailureReason, message: string, options: { block?: boolean } = {}): Promise<void> {
    return this.close('retrying', reason, { level: 'warning', message }, options.block ? 'block' : undefined);
  }

  /** Not a try after all: it asked the caller a question (see withdrawAttempt). */
  withdraw(): Promise<void> {
    return withdrawAttempt(this.deps.db, this.id);
  }

  private close(
    outcome: 'succeeded' | 'failed' | 'retrying',
    reason: FailureReason | undefined,
    log: { level: 'info' | 'warning' | 'error'; message: string } | undefined,
    waiting?: 'block' | 'unblock',
  ) {
    const { workflowId, runId } = this.execution;
    return closeAttempt(this.deps.db, {
      attemptId: this.id,
      key: this.key,
      outcome,
      ...(reason ? { reasonType: reason.type, reasonText: reason.text } : {}),
      ...(waiting ? { waiting } : {}),
      ...(log ? { log: { ...log, event: this.operation, ...(reason ? { reasonType: reason.type } : {}), workflowId, runId } } : {}),
    });
  }
}

/**
 * An operation on one account as one try (link, unlink): the log line says what it did, or why it
 * failed in the product's words; a failure leaves as the reason-typed Temporal failure.
 */
export async function attempted<T>(
  deps: ActivityDeps,
  key: AccountKey,
  operation: Operation,
  work: () => Promise<{ result: T; message: string }>,
): Promise<T> {
  const attempt = await Attempt.open(deps, key, operation);
  try {
    const { result, message } = await work();
    await attempt.succeed(message);
    return result;
  } catch (caught) {
    const error = toSyncError(caught);
    const reason = { type: error.reason, text: error.describe() };
    const message = `Plesk ${key.kind} ${key.pleskId}: ${operation} failed: ${error.describe()}`;
    await (error.retryable ? attempt.retrying(reason, message) : attempt.fail(reason, message));
    throw toApplicationFailure(error);
  }
}
