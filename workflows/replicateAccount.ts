/**
 * replicateAccount: one Plesk account into VoipNow. Its workflow ID is derived from the account
 * key (domain/accounts.ts), so the same account is never replicated twice at once.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler, defineQuery } from '@temporalio/workflow';
import type { Activities, ReplicateInput, ReplicateResult } from '../activities';
import { reasonText, type ReasonType } from '../domain/reasons';
import { PROVISIONING, QUICK } from './options';

const { replicate } = proxyActivities<Activities>(PROVISIONING);
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
    const failure = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : undefined;
    const reason = (failure?.type ?? 'voipnowFault') as ReasonType;
    const message = failure?.message ?? reasonText(reason);
    await recordGiveUp({ key: input.key, reasonType: reason, reasonText: reasonText(reason) });
    // The execution fails with the product's reason as its message and type, as the Web UI shows it.
    throw ApplicationFailure.create({ type: reason, message, nonRetryable: true, details: failure?.details ?? [] });
  }
}
