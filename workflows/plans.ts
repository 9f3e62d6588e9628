/**
 * Plans (dry runs): makePlan computes one in an activity (reads only); runPlan plans again (the
 * result names the accounts whose prediction changed) and runs the bulk replication limited to
 * the plan's accounts as a child replicateTree. docs/decisions/085-plans.md.
 */
import { executeChild, proxyActivities } from '@temporalio/workflow';
import type { Activities, ComputePlanResult } from '../activities';
import type { RunPlanInput, RunPlanResult } from '../domain/plans';
import { ESTATE_READ } from './options';
import { replicateTree } from './replicateTree';

const { computePlan } = proxyActivities<Activities>(ESTATE_READ);

export async function makePlan(input: { planId: string }): Promise<ComputePlanResult> {
  return computePlan({ planId: input.planId });
}

export async function runPlan(input: RunPlanInput): Promise<RunPlanResult> {
  const again = await computePlan({ planId: input.planId, again: true });
  const progress = await executeChild(replicateTree, {
    workflowId: input.bulkWorkflowId,
    args: [
      {
        pleskServer: input.pleskServer,
        scope: { kind: 'plan', planId: input.planId },
        mode: 'bulk',
        ...(input.parallelism ? { parallelism: input.parallelism } : {}),
      },
    ],
  });
  return { replanned: again.replanned, replannedCount: again.replannedCount, bulkWorkflowId: input.bulkWorkflowId, progress };
}
