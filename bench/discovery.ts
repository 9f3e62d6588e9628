/** Discovery over an estate with nothing new: its time and what it writes to Temporal. */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { createPlan } from '../db/plans';
import { planWorkflowId } from '../domain/plans';
import { discoverAccounts, makePlan } from '../workflows';
import type { DiscoveryResult } from '../domain/workflow-types';
import { cpuMsOf } from './procs';

export interface DiscoveryMeasure {
  accounts: number;
  /** CPU time (ms) during the discovery of the worker (the connector's read and the snapshot) and of the Plesk simulator, when given. */
  workerCpuMs?: number;
  pleskSimCpuMs?: number;
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
  pids: { worker?: number; pleskSim?: number } = {},
): Promise<DiscoveryMeasure> {
  const before = await executionCount(temporal, taskQueue);
  const cpu = () => ({ worker: pids.worker ? cpuMsOf(pids.worker) : undefined, plesk: pids.pleskSim ? cpuMsOf(pids.pleskSim) : undefined });
  const cpuBefore = cpu();
  const started = Date.now();
  const handle = await temporal.workflow.start(discoverAccounts, { taskQueue, workflowId, args: [{ pleskServer }] });
  const result = await handle.result();
  const seconds = (Date.now() - started) / 1000;
  const cpuAfter = cpu();
  const description = await handle.describe();
  const after = await executionCount(temporal, taskQueue);
  const spent = (after?: number, before?: number) => (after !== undefined && before !== undefined ? after - before : undefined);
  const workerCpuMs = spent(cpuAfter.worker, cpuBefore.worker);
  const pleskSimCpuMs = spent(cpuAfter.plesk, cpuBefore.plesk);
  return {
    accounts: result.accounts,
    ...(workerCpuMs !== undefined ? { workerCpuMs } : {}),
    ...(pleskSimCpuMs !== undefined ? { pleskSimCpuMs } : {}),
    seconds,
    scanSeconds: result.seconds,
    historyEvents: description.historyLength,
    // Besides this discovery itself.
    workflowsStarted: after - before - 1,
    result,
  };
}

/** A plan (dry run) of a bulk replication of the whole estate: its time, computed by the worker. */
export async function measurePlan(
  temporal: Client,
  db: Db,
  taskQueue: string,
  pleskServer: string,
): Promise<{ accounts: number; seconds: number }> {
  const id = randomUUID();
  await createPlan(db, { id, pleskServer, request: { kind: 'bulk', scope: 'all' }, createdBy: 'bench', ownerScope: null });
  const started = Date.now();
  const result = await temporal.workflow.execute(makePlan, { taskQueue, workflowId: planWorkflowId(id), args: [{ planId: id }] });
  return { accounts: result.accounts, seconds: (Date.now() - started) / 1000 };
}
