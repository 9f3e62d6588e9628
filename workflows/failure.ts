import { ActivityFailure, ApplicationFailure, CancelledFailure, ChildWorkflowFailure, TimeoutFailure } from '@temporalio/workflow';
import { isReasonType, reasonText, type ReasonType } from '../domain/reasons';

/**
 * The reason-typed failure inside whatever an activity or child workflow threw (decision 042):
 * a reason our activities set; Temporal's timeout and cancellation as `timedOut` and `cancelled`;
 * anything else (a failure of unknown type, a bug in workflow code) as `internalError`.
 */
export function reasonOf(error: unknown): { type: ReasonType; message: string; details: unknown[] } {
  let cause: unknown = error;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type && isReasonType(cause.type)) {
    return { type: cause.type, message: cause.message, details: cause.details ?? [] };
  }
  if (cause instanceof TimeoutFailure) return { type: 'timedOut', message: reasonText('timedOut'), details: [] };
  if (cause instanceof CancelledFailure) return { type: 'cancelled', message: reasonText('cancelled'), details: [] };
  return { type: 'internalError', message: reasonText('internalError'), details: [] };
}

/** Fails the workflow with the product's reason as its type and message, as the Web UI shows it. */
export function failWithReason(error: unknown): ApplicationFailure {
  const reason = reasonOf(error);
  return ApplicationFailure.create({ type: reason.type, message: reason.message, nonRetryable: true, details: reason.details });
}

/** Runs `work` over `items` with at most `limit` in flight (deterministic: plain promises). */
export async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (const item of items) {
    if (inFlight.size >= limit) await Promise.race(inFlight);
    const running: Promise<void> = work(item).finally(() => inFlight.delete(running));
    inFlight.add(running);
  }
  await Promise.all(inFlight);
}
