/**
 * Activity option presets (conventions: named presets, not timeouts inline at every call).
 * Data errors are thrown non-retryable by the activities themselves; the list here is a second
 * guard so a data error can never be retried even if an activity forgot to flag it.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import { REASONS } from '../domain/reasons';

const DATA_ERRORS = [...Object.keys(REASONS), 'pleskAccountNotFound', 'pleskAuthFailed', 'loginTaken', 'voipnowRejected'];

/** A database lookup or bookkeeping write. */
export const QUICK: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 10 },
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
    nonRetryableErrorTypes: DATA_ERRORS,
  },
};
