/**
 * discoverAccounts, run by a Temporal Schedule every five minutes (temporal/schedule.ts): scan
 * Plesk, move what changed owner, and start the automatic replication of what was newly added
 * (automatic templates). It never waits for that run: a long run goes on on its own while
 * discovery keeps its rhythm, and a run still going is left alone and takes what later scans add
 * (workflows/replicateTree.ts). With nothing new it starts no workflow at all.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, executeChild, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { runBounded } from './failure';
import { moveAccount } from './moveAccount';
import { ESTATE_READ } from './options';
import { replicateTree } from './replicateTree';
import { automaticReplicationWorkflowId, moveWorkflowId } from '../domain/workflow-ids';
import type { DiscoveryInput, DiscoveryResult } from '../domain/workflow-types';

const { scanEstate } = proxyActivities<Activities>(ESTATE_READ);

export async function discoverAccounts(input: DiscoveryInput): Promise<DiscoveryResult> {
  const { pleskServer } = input;
  const scan = await scanEstate({ pleskServer });

  await runBounded(scan.moves, 10, async (key) => {
    try {
      await executeChild(moveAccount, { workflowId: moveWorkflowId(key), args: [{ key }] });
    } catch {
      // A failed or concurrent move has logged its reason itself; the next discovery tries again.
    }
  });

  let replicationStarted = false;
  if (scan.replicable > 0) {
    replicationStarted = true;
    try {
      await startChild(replicateTree, {
        workflowId: automaticReplicationWorkflowId(pleskServer),
        args: [{ pleskServer, scope: { kind: 'all' }, mode: 'automatic' }],
        // The run outlives this discovery; discovery returns as soon as it has started.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      // Still running from an earlier discovery: it will pick up the new accounts too.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      replicationStarted = false;
    }
  }
  return {
    accounts: scan.accounts,
    new: scan.new,
    changed: scan.changed,
    moved: scan.moved,
    vanished: scan.vanished,
    replicationStarted,
    ...(scan.baseline ? { baseline: true } : {}),
    seconds: scan.seconds,
  };
}
