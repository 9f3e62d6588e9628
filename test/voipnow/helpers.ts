import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VoipnowAuth, VoipnowClientOptions } from '../../connectors/voipnow';
import { createTestVoipnowClient, type TestVoipnowClient } from '../support/voipnow-client';
import { SyncError } from '../../domain/errors';
import { startVoipnowSimulator, type VoipnowSimulator, type VoipnowSimulatorOptions } from '../../simulators/voipnow';

/** Simulators and clients for the VoipNow tests: in process, on a free port, data in a temp folder. */

export const ADMIN = { login: 'admin', password: 'Adm1n#Secret' } as const;
export const APP = { key: 'sync-engine', secret: 'App#Secret-42' } as const;
export const ADMIN_AUTH: VoipnowAuth = { method: 'password', username: ADMIN.login, password: ADMIN.password };

export interface TestSim {
  sim: VoipnowSimulator;
  dataDir: string;
  /** Stops the simulator and removes its data folder. */
  stop(): Promise<void>;
}

export async function startTestSim(options: Partial<VoipnowSimulatorOptions> = {}, dataDir?: string): Promise<TestSim> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'voipnow-sim-'));
  const sim = await startVoipnowSimulator({
    adminLogin: ADMIN.login,
    adminPassword: ADMIN.password,
    appKey: APP.key,
    appSecret: APP.secret,
    dataDir: dir,
    seed: 42,
    ...options,
  });
  return {
    sim,
    dataDir: dir,
    async stop() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The tests' administration client (every SystemAPI operation the tests drive). */
export function connect(sim: VoipnowSimulator, options: Partial<VoipnowClientOptions> = {}): Promise<TestVoipnowClient> {
  return createTestVoipnowClient({ url: sim.url, auth: ADMIN_AUTH, timeoutMs: 5000, ...options });
}

/** The SyncError a promise rejects with (fails the test when it resolves or rejects with anything else). */
export async function syncErrorOf(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncError) return error;
    throw error;
  }
  throw new Error('expected a SyncError, the call succeeded');
}

/** A password the simulator's policy accepts. */
export const GOOD_PASSWORD = 'Blue#Harbor-731';
