/**
 * `npm start`: the whole product on one machine with embedded defaults. Starts the database, the
 * Temporal dev server (Web UI on), the simulators where no real Plesk or VoipNow is configured,
 * the worker and the API; with the Plesk simulator, does an admin's day-one steps (dayOne below);
 * prints where everything is. Ctrl-C stops it all cleanly. Everything it keeps lives in DATA_DIR.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { Runtime as TemporalRuntime } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { ConfigError, loadConfig, type Config } from '../config';
import { ensureSettings, listPleskServers } from '../db/settings';
import { findSettingsRow, updateSettingsRow } from '../db/settings-edit';
import type { Db } from '../db/client';
import { bulkWorkflowId, discoveryScheduleId } from '../domain/workflow-ids';
import { replicateTree } from '../workflows';
import { openRuntime } from '../runtime';
import { createLogger } from '../runtime/logger';
import { ensureDiscoverySchedule, triggerDiscovery } from '../temporal/schedule';
import { createSyncWorker } from '../worker/worker';
import { prepare } from './prepare';
import { resolveAdminToken } from './secrets';
import { DEMO_TEMPLATES, openDatabase, openTemporal, startSimulators, type Part, type SimulatorHooks } from './stack';

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
    const hooks: SimulatorHooks = {};
    const sims = keep(await startSimulators(config, log, hooks));

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

    const firstStart = !(await findSettingsRow(db, config.PLESK_SERVER))?.baselineAt;
    if (config.pleskSimulated && firstStart) await dayOne(config, db, temporal, config.PLESK_SERVER);
    // Like Plesk's event handler would, the simulator's additions run discovery at once (a run
    // still going is skipped by the Schedule's overlap policy and the next addition tries again).
    hooks.pleskGrowth = () => void triggerDiscovery(temporal, config.PLESK_SERVER).catch(() => undefined);
    // Discovery records the estate on its first run and replicates what is added later; run it now rather than in five minutes.
    await ensureDiscoverySchedule(temporal, { pleskServer: config.PLESK_SERVER, taskQueue: config.TEMPORAL_TASK_QUEUE });
    await triggerDiscovery(temporal, config.PLESK_SERVER);
    // More simulated Plesk servers (SIM_PLESK_SERVERS): registered the way an admin adds a real one, through the API.
    for (const more of sims.morePlesk) {
      if (await findSettingsRow(db, more.pleskServer)) {
        await updateSettingsRow(db, more.pleskServer, { pleskUrl: more.url });
        continue;
      }
      const reply = await app.inject({
        method: 'POST',
        url: '/api/v1/servers',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          pleskServer: more.pleskServer,
          plesk: { url: more.url, login: config.PLESK_LOGIN, secret: config.PLESK_PASSWORD },
          // The same estate as the first server: its VoipNow logins get a suffix to stay unique.
          voipnow: { loginSuffix: `-${more.pleskServer}` },
          automaticReplication: { templates: DEMO_TEMPLATES },
          manualReplication: { templates: DEMO_TEMPLATES },
        },
      });
      if (reply.statusCode !== 201) throw new Error(`Registering ${more.pleskServer} failed: ${reply.json<{ message: string }>().message}`);
      log(`Plesk server ${more.pleskServer} registered (SOAP tag ${more.pleskServer}, VoipNow logins end in -${more.pleskServer})`);
      await dayOne(config, db, temporal, more.pleskServer);
    }
    // Every served server has its schedule, whoever registered it and however the process stopped.
    for (const pleskServer of await listPleskServers(db)) {
      await ensureDiscoverySchedule(temporal, { pleskServer, taskQueue: config.TEMPORAL_TASK_QUEUE });
    }
    console.log(banner(config, temporalServer.uiUrl, token, tokenSource));
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error).message}`);
    await stopAll(1);
  }
}

/**
 * With the Plesk simulator, what an admin does on day one, said in the output: automatic
 * replication switched on with the demo templates, and one bulk replication of the sample estate
 * (automatic replication never takes the estate that existed before: product.md 3). With a real
 * Plesk (PLESK_URL set) none of this happens: the first discovery only records the estate.
 */
async function dayOne(config: Config, db: Db, temporal: Client, server: string): Promise<void> {
  const settings = await updateSettingsRow(db, server, {
    autoReplicateResellers: true,
    autoReplicateDomains: true,
    autoReplicateMailboxes: true,
  });
  const templates = [settings.autoTemplateReseller, settings.autoTemplateClient, settings.autoTemplateExtension];
  log(
    `Demo, day one on ${server} (the Plesk simulator stands in; with PLESK_URL set the engine replicates nothing until an admin decides):`,
  );
  log(
    `  automatic replication switched on for newly added resellers and clients, domains and mailboxes, with the templates ${templates.map((t) => t ?? '(none)').join(', ')}`,
  );
  const workflowId = bulkWorkflowId(server);
  try {
    await temporal.workflow.start(replicateTree, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [{ pleskServer: server, scope: { kind: 'all' }, mode: 'bulk' }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  log(`  a bulk replication of the sample estate was started (${workflowId}): npm run cli -- status`);
  if (config.SIM_PLESK_GROWTH > 0 && server === config.PLESK_SERVER) {
    log(
      `  the Plesk simulator adds a customer, a domain or a mailbox every ${config.SIM_PLESK_GROWTH} s (SIM_PLESK_GROWTH=0 turns this off) and runs discovery, which replicates them automatically`,
    );
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
    `                   accounts added since its first run, for the levels switched on. Watch it in the Web UI, or:`,
    `                   curl -H "Authorization: Bearer ${shown}" ${api}/api/v1/accounts/${config.PLESK_SERVER}/client/<id>`,
    '',
    'Press Ctrl-C to stop.',
  ].join('\n');
}

void main();
