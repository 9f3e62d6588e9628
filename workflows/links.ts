/** linkAccount and unlinkAccount: admin operations on one account's link (nothing is deleted in VoipNow). */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { failWithReason } from './failure';
import { PROVISIONING, QUICK } from './options';
import type { LinkInput, LinkResult, UnlinkInput, UnlinkResult } from '../domain/workflow-types';

const { linkExisting } = proxyActivities<Activities>(PROVISIONING);
const { unlink } = proxyActivities<Activities>(QUICK);

export async function linkAccount(input: LinkInput): Promise<LinkResult> {
  try {
    return await linkExisting(input);
  } catch (error) {
    throw failWithReason(error);
  }
}

export async function unlinkAccount(input: UnlinkInput): Promise<UnlinkResult> {
  try {
    return await unlink(input);
  } catch (error) {
    throw failWithReason(error);
  }
}
