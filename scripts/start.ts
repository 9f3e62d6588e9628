/**
 * `npm start`: the whole product on one machine with embedded defaults. Starts the database, the
 * Temporal dev server (Web UI on), the simulators where no real Plesk or VoipNow is configured,
 * the worker and the API; replicates the estate's resellers and clients; prints where everything
 * is. Ctrl-C stops it all cleanly. Everything it keeps lives in DATA_DIR.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { buildConnectors } from '../activities/connectors';
import { buildApp } from '../api/app';
import { ConfigError, loadConfig, type Config } from '../config';
import { createPleskClient } from '../connectors/plesk';
import { createDb } from '../db/client';
import { loadMasterKey, SecretBox } from '../db/crypto';
import { ensureSettings, getServerSettings } from '../db/settings';
import { replicationWorkflowId, type AccountKey } from '../domain';
import { connectTemporal } from '../temporal/client';
import { createLogger } from '../worker/logger';
import { createSyncWorker } from '../worker/worker';
import { replicateAccount } from '../workflows';
import { prepare } from './prepare';
import { resolveAdminToken } from './secrets';
import { openDatabase, openTemporal, startSimulators, type Part } from './stack';

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
    Runtime.install({ logger: logger.temporal });
    const keep = <T extends Part>(part: T): T => {
      stops.push(() => part.stop());
      return part;
    };
    const database = keep(await openDatabase(config, log));
    const temporalServer = keep(await openTemporal(config, log));
    const sims = keep(await startSimulators(config, log));

    const { key: masterKey, source: keySource } = loadMasterKey(config.ENCRYPTION_KEY, config.dataDir);
    if (keySource !== 'env') log(`Encryption key: ${config.dataDir}/encryption.key (set ENCRYPTION_KEY in production)`);
    const box = new SecretBox(masterKey);
    // PGlite is a single session: one connection, or concurrent statements trip over each other.
    const db = createDb(database.url, { max: database.embedded ? 1 : 10 });
    stops.push(() => db.$disconnect());
    await ensureSettings(db, config, box, sims);

    const { worker, connection } = await createSyncWorker({
      address: temporalServer.address,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      masterKey,
      db,
      box,
      connectors: buildConnectors,
      maxConcurrentActivities: config.VOIPNOW_MAX_CONCURRENCY,
      logger: logger.activity,
    });
    const workerDone = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
      await connection.close();
    });
    log(`Worker: task queue ${config.TEMPORAL_TASK_QUEUE}`);

    const temporal = await connectTemporal({ address: temporalServer.address, namespace: config.TEMPORAL_NAMESPACE }, masterKey);
    stops.push(() => temporal.connection.close());
    const { token, source: tokenSource } = resolveAdminToken(config.ADMIN_TOKEN, config.dataDir);
    const app = await buildApp({ config, db, box, temporal, adminToken: token }, { loggerInstance: logger.pino });
    await app.listen({ host: config.API_HOST, port: config.API_PORT });
    stops.push(() => app.close());

    const started = await replicateEstate(config, db, box, temporal);
    console.log(banner(config, temporalServer.uiUrl, token, tokenSource, started));
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error).message}`);
    await stopAll(1);
  }
}

/** Starts replication of every reseller and client of the Plesk estate (parents first is moot: all are VoipNow resellers). */
async function replicateEstate(config: Config, db: ReturnType<typeof createDb>, box: SecretBox, temporal: Client): Promise<number> {
  const settings = await getServerSettings(db, box, config.PLESK_SERVER);
  const plesk = createPleskClient({ url: settings.plesk.url, auth: settings.plesk.auth, tlsVerify: settings.plesk.tlsVerify });
  try {
    const [resellers, customers] = await Promise.all([plesk.listResellers(), plesk.listCustomers()]);
    const keys: AccountKey[] = [...resellers, ...customers].map((a) => ({ pleskServer: config.PLESK_SERVER, kind: a.kind, pleskId: a.id }));
    const linked = new Set(
      (await db.accountLink.findMany({ where: { pleskServer: config.PLESK_SERVER }, select: { kind: true, pleskId: true } })).map((l) => `${l.kind}/${l.pleskId}`),
    );
    let started = 0;
    for (const key of keys.filter((k) => !linked.has(`${k.kind}/${k.pleskId}`))) {
      try {
        await temporal.workflow.start(replicateAccount, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowId: replicationWorkflowId(key),
          args: [{ key, mode: 'automatic' }],
        });
        started += 1;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
    return started;
  } finally {
    plesk.close();
  }
}

function banner(config: Config, uiUrl: string, token: string, tokenSource: string, started: number): string {
  const api = config.publicUrl;
  const shown = tokenSource === 'env' ? '$ADMIN_TOKEN' : token;
  return [
    '',
    'Plesk → VoipNow sync is running.',
    `  API              ${api}  (health: ${api}/health)`,
    `  API docs         ${api}/docs`,
    `  Temporal Web UI  ${uiUrl}`,
    `  Admin token      ${tokenSource === 'env' ? 'from ADMIN_TOKEN' : `${token} (kept in ${config.dataDir}/admin.token)`}`,
    `  Replications     ${started} started now; watch them in the Web UI or with`,
    `                   curl -H "Authorization: Bearer ${shown}" ${api}/api/v1/accounts/${config.PLESK_SERVER}/client/<id>`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

void main();
