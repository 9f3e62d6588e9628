/**
 * The parts `npm start`, the benchmark and the tests bring up: the database (PostgreSQL from
 * DATABASE_URL, else embedded), the Temporal dev server (unless TEMPORAL_ADDRESS is set), and
 * the Plesk and VoipNow simulators where no real server is configured.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { startPleskSimulator } from '../simulators/plesk';
import { startVoipnowSimulator, type SeedInput } from '../simulators/voipnow';
import { startEmbeddedDb } from './embedded-db';
import { migrateDatabase, redact } from './migrate';
import { startTemporalDevServer } from './temporal-dev';

export type Log = (message: string) => void;

export interface Part {
  stop(): Promise<void>;
}

export async function openDatabase(config: Config, log: Log): Promise<Part & { url: string; embedded: boolean }> {
  if (config.DATABASE_URL) {
    log(`Database: PostgreSQL at ${redact(config.DATABASE_URL)}`);
    await migrateDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  log(`Database: embedded PostgreSQL (PGlite) in ${path.join(config.dataDir, 'pgdata')}`);
  const embedded = await startEmbeddedDb(config.dataDir, config.EMBEDDED_DB_PORT);
  try {
    await migrateDatabase(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}

export async function openTemporal(config: Config, log: Log, codecEndpoint?: string): Promise<Part & { address: string; uiUrl: string }> {
  if (config.TEMPORAL_ADDRESS) {
    log(`Temporal: ${config.TEMPORAL_ADDRESS}`);
    return { address: config.TEMPORAL_ADDRESS, uiUrl: config.temporalUiUrl, stop: async () => {} };
  }
  log(`Temporal: dev server on 127.0.0.1:${config.TEMPORAL_PORT}, history in ${path.join(config.dataDir, 'temporal.db')}`);
  const server = await startTemporalDevServer({
    port: config.TEMPORAL_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    dbFile: path.join(config.dataDir, 'temporal.db'),
    ...(codecEndpoint ? { codecEndpoint } : {}),
    log,
  });
  return { address: server.address, uiUrl: server.uiUrl, stop: server.stop };
}

/**
 * A fresh simulated VoipNow gets the templates a real server would have: without any, every
 * reseller is created with limits 0 and can own no clients (spec section 3), and the demo would
 * show nothing but "Unable to add any more users". The engine's settings name them (first start).
 */
export const DEMO_TEMPLATES = { reseller: 'Reseller', client: 'Business client', extension: 'Phone terminal' } as const;

export const DEMO_TEMPLATE_SEED: SeedInput = {
  templates: [
    { name: DEMO_TEMPLATES.reseller, level: 10, permissions: ['clients', 'extensions'], limits: { clientMax: 200, phoneExtMax: null } },
    { name: DEMO_TEMPLATES.client, level: 50, permissions: ['extensions'], limits: { phoneExtMax: 100 } },
    { name: DEMO_TEMPLATES.extension, level: 100, permissions: ['calls'], limits: {} },
  ],
};

/** Set once the engine runs: what to do when the Plesk simulator added an account by itself. */
export interface SimulatorHooks {
  pleskGrowth?: () => void;
}

export async function startSimulators(
  config: Config,
  log: Log,
  hooks: SimulatorHooks = {},
): Promise<Part & { pleskUrl?: string; voipnowUrl?: string; morePlesk: { pleskServer: string; url: string }[] }> {
  const stops: (() => Promise<void>)[] = [];
  const morePlesk: { pleskServer: string; url: string }[] = [];
  let pleskUrl: string | undefined;
  let voipnowUrl: string | undefined;
  try {
    if (config.pleskSimulated) {
      const plesk = await startPleskSimulator({
        port: config.PLESK_SIM_PORT,
        dataDir: config.dataDir,
        login: config.PLESK_LOGIN,
        password: config.PLESK_PASSWORD,
        ...(config.PLESK_KEY ? { secretKey: config.PLESK_KEY } : {}),
        estate: { size: config.SIM_ESTATE_SIZE, seed: config.SIM_ESTATE_SEED },
        // New accounts now and then, so the log shows automatic replication at work (issue 11).
        growthMs: config.SIM_PLESK_GROWTH * 1000,
        onGrowth: () => hooks.pleskGrowth?.(),
      });
      stops.push(() => plesk.close());
      pleskUrl = plesk.url;
      log(`Plesk simulator: ${plesk.url}/enterprise/control/agent.php (login ${config.PLESK_LOGIN})`);
      // More Plesk servers when asked (SIM_PLESK_SERVERS): the same estate, so the same logins and IDs.
      for (let number = 2; number <= config.SIM_PLESK_SERVERS; number++) {
        const dataDir = path.join(config.dataDir, `plesk${number}`);
        fs.mkdirSync(dataDir, { recursive: true });
        const more = await startPleskSimulator({
          port: config.PLESK_SIM_PORT + 100 * (number - 1), // 8543, 8643, ... (8444 is the VoipNow simulator)
          dataDir,
          login: config.PLESK_LOGIN,
          password: config.PLESK_PASSWORD,
          estate: { size: config.SIM_ESTATE_SIZE, seed: config.SIM_ESTATE_SEED },
        });
        stops.push(() => more.close());
        morePlesk.push({ pleskServer: `plesk${number}`, url: more.url });
        log(`Plesk simulator ${number}: ${more.url}/enterprise/control/agent.php (login ${config.PLESK_LOGIN})`);
      }
    }
    if (config.voipnowSimulated) {
      const voipnow = await startVoipnowSimulator({
        port: config.VOIPNOW_SIM_PORT,
        dataDir: config.dataDir,
        adminLogin: config.VOIPNOW_LOGIN,
        adminPassword: config.VOIPNOW_PASSWORD,
        // The demo's stand-in for the VoipNow operator (decision 093): a reseller or client made
        // from a template gets its parent's lower-level templates, so accounts can be made under it.
        operatorTemplates: true,
        ...(config.VOIPNOW_APP_KEY && config.VOIPNOW_APP_SECRET
          ? { appKey: config.VOIPNOW_APP_KEY, appSecret: config.VOIPNOW_APP_SECRET }
          : {}),
      });
      stops.push(() => voipnow.close());
      if (voipnow.state.templates.length === 0 && voipnow.state.accounts.length <= 1) voipnow.seed(DEMO_TEMPLATE_SEED);
      voipnowUrl = voipnow.url;
      log(`VoipNow simulator: ${voipnow.url}/soap2/ (login ${config.VOIPNOW_LOGIN})`);
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
  return {
    ...(pleskUrl ? { pleskUrl } : {}),
    ...(voipnowUrl ? { voipnowUrl } : {}),
    morePlesk,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
