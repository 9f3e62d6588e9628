/**
 * One test file's slice of the real system: its own Plesk and VoipNow simulators (real HTTP on
 * free ports), its own Plesk server name (so its rows never meet another file's in the shared
 * database), its own task queue, and a real worker on the shared Temporal dev server.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bundleWorkflowCode,
  Runtime,
  DefaultLogger,
  makeTelemetryFilterString,
  type Worker,
  type WorkflowBundle,
} from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../config';
import type { SecretBox } from '../../crypto/secrets';
import type { Db } from '../../db/client';
import { ensureSettings } from '../../db/settings';
import { openRuntime, type Runtime as Wiring } from '../../runtime';
import { startPleskSimulator, type PleskSimulator, type PleskSimulatorOptions } from '../../simulators/plesk';
import { startVoipnowSimulator, type VoipnowSimulator, type VoipnowSimulatorOptions } from '../../simulators/voipnow';
import { DEMO_TEMPLATE_SEED, DEMO_TEMPLATES } from '../../scripts/stack';
import { workflowBundleOptions } from '../../worker/bundle-options';
import { createSyncWorker, type SyncWorker } from '../../worker/worker';

let runtimeInstalled = false;
let bundle: Promise<WorkflowBundle> | undefined;

/** One workflow bundle per test file (bundling takes seconds). */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  return bundle;
}

export interface TestStackOptions {
  plesk?: Partial<PleskSimulatorOptions>;
  voipnow?: Partial<VoipnowSimulatorOptions>;
  env?: Record<string, string>;
  /** Start a worker right away (default true). */
  worker?: boolean;
  /** Give VoipNow the demo templates and name them in the settings, as npm start does (default true). */
  templates?: boolean;
  /** How old the worker's settings may get (default the product's 5 s; 0: a test's change is seen at once, no sleeping). */
  settingsTtlMs?: number;
}

export interface TestStack {
  /** What the product's processes start from (runtime/index.ts). */
  runtime: Wiring;
  config: Config;
  pleskServer: string;
  taskQueue: string;
  masterKey: Buffer;
  db: Db;
  box: SecretBox;
  temporal: Client;
  plesk: PleskSimulator;
  voipnow: VoipnowSimulator;
  dataDir: string;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

const PLESK_LOGIN = 'admin';
const PLESK_PASSWORD = 'Plesk-Test-2026';
const VOIPNOW_LOGIN = 'admin';
const VOIPNOW_PASSWORD = 'VoipNow-Test-2026';

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  if (!runtimeInstalled) {
    // The native side's retry warnings (a Temporal server restart in the durability tests) go to
    // the same ERROR-only logger instead of straight to the console.
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
    runtimeInstalled = true;
  }
  const suffix = randomBytes(4).toString('hex');
  const pleskServer = `t${suffix}`;
  const taskQueue = `test-${suffix}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pvsync-stack-'));
  const masterKey = Buffer.from(inject('masterKey'), 'base64');

  const plesk = await startPleskSimulator({
    login: PLESK_LOGIN,
    password: PLESK_PASSWORD,
    estate: { size: 30, seed: 7 },
    ...options.plesk,
  });
  const voipnow = await startVoipnowSimulator({ adminLogin: VOIPNOW_LOGIN, adminPassword: VOIPNOW_PASSWORD, ...options.voipnow });
  const config = loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_UI_URL: inject('temporalUiUrl'),
    TEMPORAL_TASK_QUEUE: taskQueue,
    PLESK_SERVER: pleskServer,
    PLESK_URL: plesk.url,
    PLESK_LOGIN,
    PLESK_PASSWORD,
    VOIPNOW_URL: voipnow.url,
    VOIPNOW_LOGIN,
    VOIPNOW_PASSWORD,
    VOIPNOW_SOAP_TIMEOUT: '5',
    ENCRYPTION_KEY: masterKey.toString('base64'),
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    ...options.env,
  });
  const runtime = openRuntime(config, { logger: 'test', dbConnections: 5 });
  const { db, box } = runtime;
  const templates = options.templates !== false;
  if (templates) voipnow.seed(DEMO_TEMPLATE_SEED);
  // Resellers and clients made from a template get their parent's lower-level templates, as an
  // operator would give them (decision 093): templates come from the VoipNow parent only.
  voipnow.configure({ operatorTemplates: options.voipnow?.operatorTemplates ?? true });
  await ensureSettings(db, config, box, {}, templates ? { templates: DEMO_TEMPLATES } : {});
  const temporal = await runtime.temporal();

  let running: { worker: Worker; done: Promise<void>; close: SyncWorker['close'] } | undefined;
  const stack: TestStack = {
    runtime,
    config,
    pleskServer,
    taskQueue,
    masterKey,
    db,
    box,
    temporal,
    plesk,
    voipnow,
    dataDir,
    async startWorker() {
      if (running) return;
      const { worker, close } = await createSyncWorker(runtime, {
        logger: quietLogger,
        workflowBundle: await workflowBundle(),
        ...(options.settingsTtlMs !== undefined ? { settingsTtlMs: options.settingsTtlMs } : {}),
      });
      running = { worker, done: worker.run(), close };
    },
    async stopWorker() {
      if (!running) return;
      const current = running;
      running = undefined;
      if (current.worker.getState() === 'RUNNING') current.worker.shutdown();
      await current.done;
      await current.close();
    },
    async close() {
      await stack.stopWorker();
      await runtime.close();
      await plesk.close();
      await voipnow.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.worker !== false) await stack.startWorker();
  return stack;
}

const quietLogger = { info() {}, warn() {}, error() {} };
