/**
 * `npm start`: the whole product on one machine with embedded defaults. Starts the database, the
 * Temporal dev server (Web UI on), the simulators where no real Plesk or VoipNow is configured,
 * the worker and the API; replicates the estate's resellers and clients; prints where everything
 * is. Ctrl-C stops it all cleanly. Everything it keeps lives in DATA_DIR.
 */
import { Runtime as TemporalRuntime } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { ConfigError, loadConfig, type Config } from '../config';
import { ensureSettings } from '../db/settings';
import { discoveryScheduleId } from '../domain/workflow-ids';
import { openRuntime } from '../runtime';
import { createLogger } from '../runtime/logger';
import { ensureDiscoverySchedule, triggerDiscovery } from '../temporal/schedule';
import { createSyncWorker } from '../worker/worker';
import { prepare } from './prepare';
import { resolveAdminToken } from './secrets';
import { DEMO_TEMPLATES, openDatabase, openTemporal, startSimulators, type Part } from './stack';

const log = (message: string) => console.log(`• ${message}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('Stopping...');
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => console.error(`  while stopping: ${(error as Error).message}`));
    }
    log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    await prepare(log);
    // Retries and data errors are expected events; the log table and the Web UI explain them.
    const logger = createLogger(config.LOG_LEVEL === 'info' ? 'error' : config.LOG_LEVEL, 'pvsync');
    TemporalRuntime.install({ logger: logger.temporal });
    const keep = <T extends Part>(part: T): T => {
      stops.push(() => part.stop());
      return part;
    };
    const database = keep(await openDatabase(config, log));
    const temporalServer = keep(await openTemporal(config, log, `${config.publicUrl}/codec`));
    const sims = keep(await startSimulators(config, log));

    const runtime = openRuntime(config, {
      logger,
      databaseUrl: database.url,
      // PGlite is a single session: one connection, or concurrent statements trip over each other.
      dbConnections: database.embedded ? 1 : 10,
      temporalAddress: temporalServer.address,
    });
    stops.push(() => runtime.close());
    if (runtime.keySource !== 'env') log(`Encryption key: ${config.dataDir}/encryption.key (set ENCRYPTION_KEY in production)`);
    const { db, box, codec, connectors } = runtime;
    await ensureSettings(db, config, box, sims, config.voipnowSimulated ? { templates: DEMO_TEMPLATES } : {});

    const { worker, close: closeWorker } = await createSyncWorker(runtime, { address: temporalServer.address });
    const workerDone = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
      await closeWorker();
    });
    log(`Worker: task queue ${config.TEMPORAL_TASK_QUEUE}`);

    const temporal = await runtime.temporal();
    const { token, source: tokenSource } = resolveAdminToken(config.ADMIN_TOKEN, config.dataDir);
    const app = await buildApp(
      { config, db, box, temporal, connectors, adminToken: token, codec },
      { loggerInstance: runtime.logger.pino },
    );
    await app.listen({ host: config.API_HOST, port: config.API_PORT });
    stops.push(() => app.close());

    // Discovery replicates everything not replicated yet; run it now rather than in five minutes.
    await ensureDiscoverySchedule(temporal, { pleskServer: config.PLESK_SERVER, taskQueue: config.TEMPORAL_TASK_QUEUE });
    await triggerDiscovery(temporal, config.PLESK_SERVER);
    console.log(banner(config, temporalServer.uiUrl, token, tokenSource));
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error).message}`);
    await stopAll(1);
  }
}

function banner(config: Config, uiUrl: string, token: string, tokenSource: string): string {
  const api = config.publicUrl;
  const shown = tokenSource === 'env' ? '$ADMIN_TOKEN' : token;
  return [
    '',
    'Plesk → VoipNow sync is running.',
    `  Web console      ${api}/console/  (sign in with the admin token)`,
    `  API              ${api}  (health: ${api}/health)`,
    `  API docs         ${api}/docs`,
    `  Temporal Web UI  ${uiUrl}`,
    `  Admin token      ${tokenSource === 'env' ? 'from ADMIN_TOKEN' : `${token} (kept in ${config.dataDir}/admin.token)`}`,
    `  Discovery        runs now and every 5 minutes (schedule ${discoveryScheduleId(config.PLESK_SERVER)}); it replicates`,
    `                   what is new. Watch it in the Web UI, or:`,
    `                   curl -H "Authorization: Bearer ${shown}" ${api}/api/v1/accounts/${config.PLESK_SERVER}/client/<id>`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

void main();
