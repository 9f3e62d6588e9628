/**
 * The discovery Schedule of each Plesk server: discoverAccounts every five minutes, one at a time
 * (a run still going makes the next one skip). Created at start if missing; pausing, resuming and
 * triggering it are plain Temporal Schedule operations (the API exposes them).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { discoverAccounts } from '../workflows';
import { discoveryScheduleId, discoveryWorkflowId } from '../domain/workflow-ids';

export const DISCOVERY_INTERVAL = '5 minutes';

/** Creates the schedule unless it exists; returns whether it was created now. */
export async function ensureDiscoverySchedule(client: Client, options: { pleskServer: string; taskQueue: string }): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: discoveryScheduleId(options.pleskServer),
      spec: { intervals: [{ every: DISCOVERY_INTERVAL }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      action: {
        type: 'startWorkflow',
        workflowType: discoverAccounts,
        workflowId: discoveryWorkflowId(options.pleskServer),
        taskQueue: options.taskQueue,
        args: [{ pleskServer: options.pleskServer }],
      },
      memo: { purpose: `Finds new, changed, moved and vanished accounts of Plesk server ${options.pleskServer}` },
    });
    return true;
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return false;
    throw error;
  }
}

/** Runs discovery now, outside the five-minute rhythm (skipped if one is running). */
export async function triggerDiscovery(client: Client, pleskServer: string): Promise<void> {
  await client.schedule.getHandle(discoveryScheduleId(pleskServer)).trigger(ScheduleOverlapPolicy.SKIP);
}
