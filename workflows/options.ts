/**
 * Activity option presets (conventions: named presets, not timeouts inline at every call).
 * Activities flag their own non-retryable failures; the list here is a second guard so an error
 * that retrying cannot heal is never retried, even if an activity forgot to flag it.
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { ALL_REASON_TYPES, isRetryable } from '../domain/reasons';

const NON_RETRYABLE = ALL_REASON_TYPES.filter((type) => !isRetryable(type));

/** A database lookup or bookkeeping write. */
export const QUICK: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE },
};

/**
 * A provisioning call: Plesk reads plus VoipNow lookups and creates (the move's steps). These
 * activities do not heartbeat, so there is no heartbeat timeout: a step slower than one would be
 * retried while its first try still runs (issue 14). A dead worker is noticed by the
 * start-to-close timeout. Transport faults retry with back-off for about half an hour before the
 * workflow gives up.
 */
export const PROVISIONING: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 12,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/**
 * The provisioning call as a local activity: run by the worker that runs the workflow, recorded as
 * one marker instead of an activity task's three events and round trips through the server. A
 * worker that dies mid-call is noticed by the workflow task timeout (10 s) and the call runs again
 * on another worker, where the lookup by tag adopts what the first one created (decision 004).
 * Retries longer apart than `localRetryThreshold` wait on a durable timer.
 */
export const PROVISIONING_LOCAL: LocalActivityOptions = {
  startToCloseTimeout: '2 minutes',
  localRetryThreshold: '10 seconds',
  retry: PROVISIONING.retry!,
};

/**
 * An admin's action on one account's link (link to an existing VoipNow account): an admin is
 * waiting for it, so transport faults retry for seconds, not half an hour, then the attempt ends
 * failed with the reason and the admin tries again (decision 042). No heartbeat: it does not heartbeat.
 */
export const ADMIN_ACTION: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '4 seconds',
    maximumAttempts: 4,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/** Reading a whole Plesk estate (100,000 accounts take about 10 s); heartbeats while it reads. */
export const ESTATE_READ: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 5,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};

/**
 * The bulk run's fan-out (activities/fan-out.ts): starts a slice of accounts' workflows and waits
 * for them, each of which may retry VoipNow faults for about half an hour. It heartbeats every
 * few seconds and as accounts finish, so a dead worker's slice is taken up by another worker
 * within the heartbeat timeout; the retry keeps what the first try did.
 */
export const FAN_OUT: ActivityOptions = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '20 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 20,
    nonRetryableErrorTypes: NON_RETRYABLE,
  },
};
