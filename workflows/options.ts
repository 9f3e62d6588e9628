/**
 * Activity option presets (conventions: named presets, not timeouts inline at every call).
 * Activities flag their own non-retryable failures; the list here is a second guard so an error
 * that retrying cannot heal is never retried, even if an activity forgot to flag it.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import { ALL_REASON_TYPES, isRetryable } from '../domain/reasons';

const NON_RETRYABLE = ALL_REASON_TYPES.filter((type) => !isRetryable(type));

/** A database lookup or bookkeeping write. */
export const QUICK: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * A provisioning call: Plesk reads plus VoipNow lookups and creates. Heartbeats after its first
 * second, so a dead worker is noticed in 10 s; transport faults retry with back-off for about
 * half an hour before the workflow gives up (the next discovery tries again).
 */
export const PROVISIONING: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/** Reading a whole Plesk estate (100,000 accounts take about 10 s); heartbeats while it reads. */
export const ESTATE_READ: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5, nonRetryableErrorTypes: NON_RETRYABLE },
};
