/** linkAccount and unlinkAccount: admin operations on one account's link (nothing is deleted in VoipNow). */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { reasonText } from '../domain/reasons';
import { failWithReason, reasonOf } from './failure';
import { ADMIN_ACTION, QUICK } from './options';
import type { LinkInput, LinkResult, UnlinkInput, UnlinkResult } from '../domain/workflow-types';

const { linkExisting } = proxyActivities<Activities>(ADMIN_ACTION);
const { unlink, recordGiveUp } = proxyActivities<Activities>(QUICK);

/**
 * Once the retries have run out, the last try (left "retrying") is closed as failed (issue 14).
 * Behind patched(): executions started before this change end as they did (docs/decisions/046).
 */
async function giveUp(key: LinkInput['key'], error: unknown): Promise<never> {
  if (!patched('link-unlink-give-up')) throw failWithReason(error);
  const reason = reasonOf(error);
  await recordGiveUp({ key, reasonType: reason.type, reasonText: reasonText(reason.type) });
  throw failWithReason(error);
}

export async function linkAccount(input: LinkInput): Promise<LinkResult> {
  try {
    return await linkExisting(input);
  } catch (error) {
    return giveUp(input.key, error);
  }
}

export async function unlinkAccount(input: UnlinkInput): Promise<UnlinkResult> {
  try {
    return await unlink(input);
  } catch (error) {
    return giveUp(input.key, error);
  }
}
