/**
 * replicateAccount: one Plesk account into VoipNow. Its workflow ID is derived from the account
 * key (domain/accounts.ts), so the same account is never replicated twice at once.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  defineQuery,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { reasonText } from '../domain/reasons';
import { DECISION_REASONS } from '../domain/templates';
import { failWithReason, reasonOf } from './failure';
import { PROVISIONING_LOCAL, QUICK } from './options';
import type { ReplicateInput, ReplicateResult } from '../domain/workflow-types';

const { replicate } = proxyLocalActivities<Activities>(PROVISIONING_LOCAL);
const { recordGiveUp } = proxyActivities<Activities>(QUICK);

export type ReplicationState = 'replicating' | 'replicated' | 'failed';
export const replicationStateQuery = defineQuery<ReplicationState>('replicationState');

export async function replicateAccount(input: ReplicateInput): Promise<ReplicateResult> {
  let state: ReplicationState = 'replicating';
  setHandler(replicationStateQuery, () => state);
  try {
    const result = await replicate(input);
    state = 'replicated';
    return result;
  } catch (error) {
    state = 'failed';
    const reason = reasonOf(error);
    // A question to the caller (which template, or none) is not a failed try: nothing to record.
    if (DECISION_REASONS.includes(reason.type)) throw failWithReason(error);
    // A failure the try itself marked final has closed its attempt as failed already: nothing to
    // record (newer runs skip the give-up activity and its events; older ones replay as they ran).
    if (endedForGood(error) && patched('final-failure-recorded-by-the-try')) throw failWithReason(error);
    await recordGiveUp({ key: input.key, reasonType: reason.type, reasonText: reasonText(reason.type) });
    throw failWithReason(error);
  }
}

/** The try failed with a non-retryable failure (it closed its attempt as failed), not one whose retries ran out. */
function endedForGood(error: unknown): boolean {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}
