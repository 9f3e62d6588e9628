/** Discovery over an estate with nothing new: its time and what it writes to Temporal. */
import type { Client } from '@temporalio/client';
import { discoverAccounts } from '../workflows';
import type { DiscoveryResult } from '../domain/workflow-types';

export interface DiscoveryMeasure {
  accounts: number;
  seconds: number;
  scanSeconds: number;
  historyEvents: number;
  workflowsStarted: number;
  result: DiscoveryResult;
}

async function executionCount(temporal: Client, taskQueue: string): Promise<number> {
  const { count } = await temporal.workflow.count(`TaskQueue = '${taskQueue}'`);
  return count;
}

export async function measureDiscovery(
  temporal: Client,
  taskQueue: string,
  pleskServer: string,
  workflowId: string,
): Promise<DiscoveryMeasure> {
  const before = await executionCount(temporal, taskQueue);
  const started = Date.now();
  const handle = await temporal.workflow.start(discoverAccounts, { taskQueue, workflowId, args: [{ pleskServer }] });
  const result = await handle.result();
  const seconds = (Date.now() - started) / 1000;
  const description = await handle.describe();
  const after = await executionCount(temporal, taskQueue);
  return {
    accounts: result.accounts,
    seconds,
    scanSeconds: result.seconds,
    historyEvents: description.historyLength,
    // Besides this discovery itself.
    workflowsStarted: after - before - 1,
    result,
  };
}
