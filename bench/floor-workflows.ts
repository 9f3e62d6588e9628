/**
 * The floor's workflow (bench/floor.ts): what every replicateAccount does with Temporal, and
 * nothing else. It runs one local activity that returns at once and completes with its result.
 */
import { proxyLocalActivities } from '@temporalio/workflow';

const { nothing } = proxyLocalActivities<{ nothing(n: number): Promise<number> }>({ startToCloseTimeout: '1 minute' });

export async function floorAccount(n: number): Promise<number> {
  return nothing(n);
}
