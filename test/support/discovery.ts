/**
 * Discovery in tests: run it, wait for the automatic replication it started (discovery itself
 * does not wait), and switch automatic replication on as an admin does in the settings.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { updateSettingsRow } from '../../db/settings-edit';
import { automaticReplicationWorkflowId, discoveryWorkflowId } from '../../domain/workflow-ids';
import type { DiscoveryResult } from '../../domain/workflow-types';
import { discoverAccounts } from '../../workflows';
import type { TestStack } from './stack';

let runs = 0;

/** One discovery run; returns when discovery is done, not when the replication it started is. */
export function discoverOnce(stack: TestStack): Promise<DiscoveryResult> {
  return stack.temporal.workflow.execute(discoverAccounts, {
    taskQueue: stack.taskQueue,
    workflowId: `${discoveryWorkflowId(stack.pleskServer)}-t${(runs += 1)}`,
    args: [{ pleskServer: stack.pleskServer }],
  });
}

/** Waits for the automatic replication run of the server, if one was started, to end. */
export async function automaticRunDone(stack: TestStack): Promise<void> {
  try {
    await stack.temporal.workflow.getHandle(automaticReplicationWorkflowId(stack.pleskServer)).result();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/** Discovery, then the automatic replication it started, to its end (what the old discovery awaited). */
export async function discoverAndReplicate(stack: TestStack): Promise<DiscoveryResult> {
  const result = await discoverOnce(stack);
  // Also when a run was already going (replicationStarted false): it takes what this scan added.
  await automaticRunDone(stack);
  return result;
}

/** Switches automatic replication of the levels on (or off), through the settings' own path. */
export async function switchAutomatic(stack: TestStack, on: boolean, levels = { resellers: true, domains: true, mailboxes: true }) {
  await updateSettingsRow(stack.db, stack.pleskServer, {
    ...(levels.resellers ? { autoReplicateResellers: on } : {}),
    ...(levels.domains ? { autoReplicateDomains: on } : {}),
    ...(levels.mailboxes ? { autoReplicateMailboxes: on } : {}),
  });
}
