/**
 * The frame around one operation on one account (link, unlink, move): an attempt row, a log line
 * in the product's words, and failures turned into the reason-typed Temporal failure.
 */
import { Context } from '@temporalio/activity';
import { finishAttempt, openAttempt, type Operation } from '../db/attempts';
import { addLog, type LogEvent } from '../db/log';
import type { AccountKey } from '../domain';
import type { ActivityDeps } from './deps';
import { toApplicationFailure, toSyncError } from './failures';

export async function asOperation<T>(
  deps: ActivityDeps,
  key: AccountKey,
  operation: Operation & LogEvent,
  work: () => Promise<{ result: T; message: string }>,
): Promise<T> {
  const info = Context.current().info;
  const execution = { workflowId: info.workflowExecution?.workflowId ?? 'none', runId: info.workflowExecution?.runId ?? 'none' };
  const attempt = await openAttempt(deps.db, { key, operation, ...execution, activityAttempt: info.attempt });
  try {
    const { result, message } = await work();
    await finishAttempt(deps.db, attempt.id, { outcome: 'succeeded' });
    await addLog(deps.db, { level: 'info', event: operation, key, message, ...execution });
    return result;
  } catch (caught) {
    const error = toSyncError(caught);
    await finishAttempt(deps.db, attempt.id, { outcome: error.retryable ? 'retrying' : 'failed', reasonType: error.reason, reasonText: error.describe() });
    await addLog(deps.db, {
      level: error.retryable ? 'warning' : 'error',
      event: operation,
      key,
      message: `Plesk ${key.kind} ${key.pleskId}: ${operation} failed: ${error.describe()}`,
      reasonType: error.reason,
      ...execution,
    });
    throw toApplicationFailure(error);
  }
}
