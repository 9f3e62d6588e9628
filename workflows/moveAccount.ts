/**
 * moveAccount: follow a Plesk owner change in VoipNow as one workflow (spec section 4): unlink,
 * move the VoipNow client under the new owner's reseller, link again. Each step records its undo;
 * if a later step fails, the undos run in reverse (errors of an undo are logged, the original
 * failure is what the workflow reports).
 */
import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { failWithReason, reasonOf } from './failure';
import { PROVISIONING, QUICK } from './options';
import type { MoveInput, MoveResult } from '../domain/workflow-types';

const { planMove, moveInVoipnow, attachLink } = proxyActivities<Activities>(PROVISIONING);
const { detachLink, restoreLink, recordOutcome } = proxyActivities<Activities>(QUICK);

export async function moveAccount(input: MoveInput): Promise<MoveResult> {
  const { key } = input;
  let plan;
  try {
    plan = await planMove({ key });
  } catch (error) {
    const reason = reasonOf(error);
    await recordOutcome({
      key,
      operation: 'move',
      succeeded: false,
      message: `Move of Plesk ${key.kind} ${key.pleskId} failed: ${reason.message}`,
      reasonType: reason.type,
    });
    throw failWithReason(error);
  }
  const result: MoveResult = { from: plan.from, to: plan.to, voipnowParentId: plan.newVoipnowParentId ?? null };
  if (plan.unchanged) return result;

  const undo: UndoStep[] = [];
  try {
    const link = await detachLink({ key });
    undo.push({ what: 'restore the link', run: () => restoreLink({ link }) });
    if (plan.moveInVoipnow && plan.newVoipnowParentId !== undefined && plan.oldVoipnowParentId !== undefined) {
      const back = plan.oldVoipnowParentId;
      await moveInVoipnow({ pleskServer: key.pleskServer, voipnowId: plan.voipnowId, toParentId: plan.newVoipnowParentId });
      undo.push({
        what: 'move the VoipNow client back',
        run: () => moveInVoipnow({ pleskServer: key.pleskServer, voipnowId: plan.voipnowId, toParentId: back }),
      });
    }
    await attachLink({
      link,
      ...(plan.newParent ? { parent: plan.newParent } : {}),
      ...(plan.newVoipnowParentId !== undefined ? { voipnowParentId: plan.newVoipnowParentId } : {}),
    });
    await recordOutcome({
      key,
      operation: 'move',
      succeeded: true,
      message: `Plesk ${key.kind} ${key.pleskId} moved from ${plan.from} to ${plan.to}; VoipNow ${plan.voipnowKind} #${plan.voipnowId} ${plan.moveInVoipnow ? `now under VoipNow reseller #${plan.newVoipnowParentId}` : 'stays where it is'} and is linked again`,
    });
    return result;
  } catch (error) {
    await undoAll(undo, key);
    const reason = reasonOf(error);
    await recordOutcome({
      key,
      operation: 'move',
      succeeded: false,
      message: `Move of Plesk ${key.kind} ${key.pleskId} from ${plan.from} to ${plan.to} failed and was undone: ${reason.message}`,
      reasonType: reason.type,
    });
    throw failWithReason(error);
  }
}

interface UndoStep {
  what: string;
  run: () => Promise<void>;
}

/** Runs the recorded undos in reverse; an undo's own failure is logged, never thrown over the original. */
async function undoAll(undo: UndoStep[], key: MoveInput['key']): Promise<void> {
  for (const step of undo.reverse()) {
    try {
      await step.run();
    } catch (undoError) {
      log.error(`Undo failed: could not ${step.what}`, { key, error: reasonOf(undoError).message });
    }
  }
}
