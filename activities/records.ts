/** Small bookkeeping activities the workflows call around the real work. */
import type { AccountKey } from '../domain';
import { Attempt } from './attempt';
import type { ActivityDeps } from './deps';

export interface FailureRecord {
  key: AccountKey;
  reasonType: string;
  reasonText: string;
}

/**
 * Marks the account's last try as failed once the workflow has given up on it (the activity
 * itself cannot know whether Temporal will retry it again), so the attempt list tells the truth.
 */
export async function recordGiveUp(deps: ActivityDeps, record: FailureRecord): Promise<void> {
  const latest = await Attempt.latest(deps, record.key);
  if (!latest || latest.attempt.outcome === 'failed') return;
  const { attempt, tries } = latest;
  const reason = { type: record.reasonType, text: record.reasonText };
  // A try that ended retrying has said "will retry" in the log: say that it will not.
  const message =
    attempt.outcome === 'retrying'
      ? `Plesk ${record.key.kind} ${record.key.pleskId}: gave up after ${tries} tries: ${record.reasonText}`
      : undefined;
  await attempt.fail(reason, message);
}
