/**
 * Plans (dry runs): makePlan computes one in an activity (reads only); runPlan plans again (the
 * result names the accounts whose prediction changed) and runs the bulk replication limited to
 * the plan's accounts as a child replicateTree. docs/decisions/085-plans.md.
 */
import { ActivityFailure, ApplicationFailure, executeChild, proxyActivities } from '@temporalio/workflow';
import type { Activities, ComputePlanResult } from '../activities';
import type { RunPlanInput, RunPlanResult } from '../domain/plans';
import { ESTATE_READ, QUICK } from './options';
import { replicateTree } from './replicateTree';

const { computePlan } = proxyActivities<Activities>(ESTATE_READ);
const { markPlanFailed } = proxyActivities<Activities>(QUICK);

export async function makePlan(input: { planId: string }): Promise<ComputePlanResult> {
  try {
    return await computePlan({ planId: input.planId });
  } catch (error) {
    // Its tries ran out: the plan says why, in the reason's words.
    const cause = error instanceof ActivityFailure ? error.cause : error;
    await markPlanFailed({ planId: input.planId, message: cause instanceof ApplicationFailure ? cause.message : String(cause) });
    throw error;
  }
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
