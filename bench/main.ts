/**
 * `npm run bench`: what durability costs and how the engine scales, measured in one run.
 *   --accounts 10000      estate size (resellers, clients, domains, mailboxes)
 *   --latency 10          VoipNow latency per SOAP call, ms; a list (10,100,200) adds engine and
 *                         loop runs at the other latencies (the sweep)
 *   --concurrency 16      VoipNow's concurrency cap = the worker's concurrent activities = the baseline's
 *   --parallelism 50      child workflows in flight in the bulk run
 *   --discovery 100000    estate size of the large discovery run (0 skips it)
 *   --scaling 1000,30000  extra engine runs at these sizes (time per account should stay flat)
 *   --seed 1
 * Writes bench/results/<date>.json and prints a table (see bench/README.md).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config';
import { ensureSettings, getServerSettings } from '../db/settings';
import type { AccountKey } from '../domain';
import { openRuntime } from '../runtime';
import { migrateDatabase } from '../scripts/migrate';
import { DEMO_TEMPLATE_SEED, DEMO_TEMPLATES } from '../scripts/stack';
import { startTemporalDevServer } from '../scripts/temporal-dev';
import { PROJECT_ROOT } from '../scripts/temporal-bin';
import { runBaseline } from './baseline';
import { measureDiscovery, measurePlan, type DiscoveryMeasure } from './discovery';
import { runEngine, waitForWorker, type EngineResult } from './engine';
import { memoryOf, runFloor, startWorkerProcess } from './procs';
import { phase, phaseBar } from './progress';
import { printReport, type BenchReport } from './report';
import { soapCallCount, startPleskSim, startVoipnowSim, type SimProcess } from './sims';
import { freePort } from '../scripts/ports';

const USAGE = `Usage: npm run bench -- [--accounts 10000] [--latency 10] [--concurrency 16] [--parallelism 50]
                        [--discovery 100000] [--scaling 1000,30000] [--seed 1]
  --accounts     estate size replicated by the engine and by the plain loop
  --latency      VoipNow simulator latency per SOAP call, in ms; a comma-separated list runs the
                 engine and the loop at each (the first is the main run)
  --concurrency  VoipNow's concurrency cap, the worker's concurrent activities and the loop's
  --parallelism  child workflows in flight in the bulk replication
  --discovery    estate size of the large "nothing new" discovery run (0 skips it)
  --scaling      extra engine runs at these sizes, comma-separated (empty skips them)
  --seed         estate generator seed
Needs PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).`;

function parseFlags() {
  try {
    return parseArgs({
      options: {
        accounts: { type: 'string', default: '10000' },
        latency: { type: 'string', default: '10' },
        concurrency: { type: 'string', default: '16' },
        parallelism: { type: 'string', default: '50' },
        discovery: { type: 'string', default: '100000' },
        scaling: { type: 'string', default: '' },
        seed: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}
const flags = parseFlags();
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const number = (name: Exclude<keyof typeof flags, 'help'>, min: number, value: unknown = flags[name]) => {
  const parsed = Number(value);
  if (value === '' || !Number.isInteger(parsed) || parsed < min)
    throw new Error(`--${name} must be a whole number of at least ${min}, got "${String(value)}"`);
  return parsed;
};

/** The worker's memory over one engine run, for the scaling table: growth per account shows as a peak that rises with size. */
const workerMemory = (engine: EngineResult) => ({
  workerPeakRssMb: engine.workerPeakRssMb,
  workerRssStartMb: engine.workerRssStartMb,
  workerRssEndMb: engine.workerRssEndMb,
  workerRssSlopeMbPerMinute: engine.workerRssSlopeMbPerMin,
});

/** CPU per account of one engine run, for the scaling table: a part that grows with size shows where a slowdown comes from. */
const cpuPerAccount = (engine: EngineResult) => ({
  workerCpuMsPerAccount: engine.workerCpuMs / engine.progress.total,
  temporalCpuMsPerAccount: engine.temporalCpuMs / engine.progress.total,
  postgresCpuMsPerAccount: engine.postgresCpuMs / engine.progress.total,
});

/** What the report keeps of a discovery run. */
const discoverySummary = (d: DiscoveryMeasure) => ({
  seconds: d.seconds,
  accounts: d.accounts,
  historyEvents: d.historyEvents,
  workflowsStarted: d.workflowsStarted,
});

/** One latency of the sweep: engine and loop over the same estate, and the engine's CPU per account. */
function sweepRow(
  latencyMs: number,
  engine: EngineResult,
  loop: { seconds: number; done: number; failed: number; skipped: number },
): BenchReport['sweep'][number] {
  const engineRate = engine.progress.total / engine.seconds;
  const loopRate = (loop.done + loop.failed + loop.skipped) / loop.seconds;
  return {
    latencyMs,
    engine: { accountsPerSecond: engineRate, workerCpuMsPerAccount: engine.workerCpuMs / engine.progress.total },
    baseline: { accountsPerSecond: loopRate },
    engineToBaseline: engineRate / loopRate,
  };
}

const PLESK = { login: 'admin', password: 'Plesk-Bench-2026' };
const VOIPNOW = { login: 'admin', password: 'VoipNow-Bench-2026' };

async function main(): Promise<void> {
  const accounts = number('accounts', 10);
  const latencies = (flags.latency ?? '').split(',').map((value) => number('latency', 0, value.trim()));
  const latencyMs = latencies[0]!;
  const concurrency = number('concurrency', 1);
  const parallelism = number('parallelism', 1);
  const discoveryAccounts = number('discovery', 0);
  const seed = number('seed', 0);
  const scaling = (flags.scaling ?? '')
    .split(',')
    .filter(Boolean)
    .map((size) => number('scaling', 10, size.trim()));
  const stops: (() => Promise<void>)[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pvsync-bench-'));
  stops.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));

  try {
    // PostgreSQL: a fresh database for this run.
    const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const dbName = `pvsync_bench_${Date.now()}`;
    const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
    await phase('database', () => migrateDatabase(databaseUrl));
    stops.push(async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    });
    const server = await phase('temporal dev server', async () =>
      startTemporalDevServer({ port: await freePort(), uiPort: await freePort(), dbFile: path.join(dataDir, 'temporal.db') }),
    );
    stops.push(() => server.stop());
    const masterKey = randomBytes(32);
    const runtime = openRuntime(
      loadConfig({
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        TEMPORAL_ADDRESS: server.address,
        ENCRYPTION_KEY: masterKey.toString('base64'),
        LOG_LEVEL: 'error',
      }),
      { logger: 'bench' },
    );
    stops.push(() => runtime.close());
    const { db, box } = runtime;
    const temporal = await runtime.temporal();

    const voipnow = await startVoipnowSim({ dataDir: path.join(dataDir, 'voipnow'), ...VOIPNOW });
    stops.push(() => voipnow.stop());
    const freshVoipnow = async (latency = latencyMs) => {
      await voipnow.admin('POST', 'reset');
      // Resellers and clients made from a template get their parent's templates, as in the demo (decision 093).
      await voipnow.admin('POST', 'switches', { latencyMs: latency, concurrency, operatorTemplates: true });
      await voipnow.admin('POST', 'seed', DEMO_TEMPLATE_SEED);
    };

    const envFor = (pleskServer: string, plesk: SimProcess, taskQueue: string) => ({
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ENCRYPTION_KEY: masterKey.toString('base64'),
      PLESK_SERVER: pleskServer,
      PLESK_URL: plesk.url,
      PLESK_LOGIN: PLESK.login,
      PLESK_PASSWORD: PLESK.password,
      VOIPNOW_URL: voipnow.url,
      VOIPNOW_LOGIN: VOIPNOW.login,
      VOIPNOW_PASSWORD: VOIPNOW.password,
      VOIPNOW_MAX_CONCURRENCY: String(concurrency),
      LOG_LEVEL: 'error',
    });
    const configure = async (env: Record<string, string>) => {
      await ensureSettings(db, loadConfig(env), box, {}, { templates: DEMO_TEMPLATES });
    };

    // Engine runs: the main size, plus the scaling sizes.
    const engineAt = async (
      size: number,
      label: string,
      latency = latencyMs,
    ): Promise<{ engine: EngineResult; plesk: SimProcess; pleskServer: string; env: Record<string, string> }> => {
      const plesk = await phase(`plesk estate of ${size}`, () =>
        startPleskSim({ dataDir: path.join(dataDir, `plesk-${label}`), size, seed, ...PLESK }),
      );
      stops.push(() => plesk.stop());
      await freshVoipnow(latency);
      const pleskServer = `bench-${label}`;
      const env = envFor(pleskServer, plesk, `bench-${label}`);
      await configure(env);
      const bar = phaseBar(`engine, ${size} accounts`, size);
      try {
        const engine = await runEngine({
          temporal,
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          pleskServer,
          parallelism,
          workerEnv: env,
          soapCalls: () => soapCallCount(voipnow),
          bar,
          ...(server.pid ? { temporalPid: server.pid } : {}),
        });
        return { engine, plesk, pleskServer, env };
      } finally {
        bar.stop();
      }
    };

    const main = await engineAt(accounts, 'main');
    const temporalPeakMb = server.pid ? (memoryOf(server.pid)?.peakMb ?? 0) : 0;

    // Baseline: the same calls, same accounts, same order and concurrency, into a fresh VoipNow.
    const baselineFor = async (pleskServer: string, latency: number) => {
      await freshVoipnow(latency);
      const settings = await getServerSettings(db, box, pleskServer);
      const connectors = await runtime.connectors.forSettings(settings);
      const rows = await db.pleskAccount.findMany({
        where: { pleskServer, vanishedAt: null },
        select: { kind: true, pleskId: true },
        orderBy: [{ kind: 'asc' }, { pleskId: 'asc' }],
      });
      const keyOf = (r: Pick<AccountKey, 'kind' | 'pleskId'>): AccountKey => ({ pleskServer, ...r });
      const levels = [
        rows.filter((r) => r.kind === 'reseller' || r.kind === 'client').map(keyOf),
        rows.filter((r) => r.kind === 'domain').map(keyOf),
        rows.filter((r) => r.kind === 'mailbox').map(keyOf),
      ];
      const baselineBar = phaseBar('baseline loop', rows.length);
      const baselineCpuBefore = process.cpuUsage();
      const baseline = await runBaseline({
        connectors,
        levels,
        soapTag: settings.soapTag,
        templates: settings.autoTemplates,
        concurrency,
        soapCalls: () => soapCallCount(voipnow),
        bar: baselineBar,
      });
      const cpu = process.cpuUsage(baselineCpuBefore);
      baselineBar.stop();
      return { ...baseline, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    const baseline = await baselineFor(main.pleskServer, latencyMs);
    const baselineRate = (baseline.done + baseline.failed + baseline.skipped) / baseline.seconds;
    const floor = server.pid
      ? await phase('floor, one workflow per account doing nothing', () =>
          runFloor({ address: server.address, temporalPid: server.pid!, workflows: main.engine.executions, concurrency }),
        )
      : undefined;

    // The sweep: engine and loop again at each further latency, on an estate of the same size.
    const sweep: BenchReport['sweep'] = [sweepRow(latencyMs, main.engine, baseline)];
    for (const latency of latencies.slice(1)) {
      const run = await engineAt(accounts, `latency-${latency}`, latency);
      const loop = await baselineFor(run.pleskServer, latency);
      await run.plesk.stop();
      sweep.push(sweepRow(latency, run.engine, loop));
    }

    // Discovery with nothing new, on the replicated estate.
    const worker = startWorkerProcess(main.env);
    stops.push(() => worker.stop());
    await waitForWorker(temporal, main.env.TEMPORAL_TASK_QUEUE!, worker.child.pid!);
    // A long-running worker is the steady state: warm this one up with a first scan.
    await phase('discovery, warm-up', () =>
      worker.whileAlive(temporal.connection, () =>
        measureDiscovery(temporal, main.env.TEMPORAL_TASK_QUEUE!, main.pleskServer, 'bench/discovery/warm-up'),
      ),
    );
    const discovery = await phase('discovery, nothing new', () =>
      worker.whileAlive(temporal.connection, () =>
        measureDiscovery(temporal, main.env.TEMPORAL_TASK_QUEUE!, main.pleskServer, 'bench/discovery/main'),
      ),
    );
    await worker.stop();
    await main.plesk.stop();

    let large: DiscoveryMeasure | undefined;
    let plan: { accounts: number; seconds: number } | undefined;
    if (discoveryAccounts > 0) ({ discovery: large, plan } = await discoveryAtScale(discoveryAccounts));

    const scaled: BenchReport['scaling'] = [];
    for (const size of scaling) {
      const run = await engineAt(size, `scale-${size}`);
      await run.plesk.stop();
      // The estate generator's size is a target; the accounts it made are what counts.
      scaled.push({
        accounts: run.engine.progress.total,
        seconds: run.engine.seconds,
        accountsPerSecond: run.engine.progress.total / run.engine.seconds,
        ...workerMemory(run.engine),
        ...cpuPerAccount(run.engine),
      });
    }

    const report: BenchReport = buildReport();
    printReport(report);
    const file = path.join(PROJECT_ROOT, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWritten to ${path.relative(PROJECT_ROOT, file)}`);

    function buildReport(): BenchReport {
      const replicated = main.engine.progress.total;
      const callsPerAccount = baseline.soapCalls / Math.max(1, baseline.done);
      const ceiling = latencyMs > 0 ? concurrency / (latencyMs / 1000) / callsPerAccount : Infinity;
      return {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
        accounts: replicated,
        estateSize: accounts,
        latencyMs,
        concurrency,
        parallelism,
        engine: {
          seconds: main.engine.seconds,
          accountsPerSecond: replicated / main.engine.seconds,
          replicated: main.engine.progress.done,
          failed: main.engine.progress.failed,
          skipped: main.engine.progress.skipped,
          soapCalls: main.engine.soapCalls,
          soapCallsPerSecond: main.engine.soapCalls / main.engine.seconds,
          historyEventsPerAccount: main.engine.historyEvents / replicated,
          workerCpuMsPerAccount: main.engine.workerCpuMs / replicated,
          temporalCpuMsPerAccount: main.engine.temporalCpuMs / replicated,
          postgresCpuMsPerAccount: main.engine.postgresCpuMs / replicated,
          executions: main.engine.executions,
          peakRssMb: main.engine.workerPeakRssMb,
          rssStartMb: main.engine.workerRssStartMb,
          rssEndMb: main.engine.workerRssEndMb,
          rssSlopeMbPerMinute: main.engine.workerRssSlopeMbPerMin,
          temporalServerPeakRssMb: temporalPeakMb,
        },
        baseline: {
          seconds: baseline.seconds,
          accountsPerSecond: baselineRate,
          replicated: baseline.done,
          failed: baseline.failed,
          skipped: baseline.skipped,
          soapCalls: baseline.soapCalls,
          soapCallsPerAccount: callsPerAccount,
          cpuMsPerAccount: baseline.cpuMs / Math.max(1, baseline.done + baseline.failed + baseline.skipped),
        },
        ceiling: { accountsPerSecond: ceiling },
        ratios: {
          engineToBaseline: replicated / main.engine.seconds / baselineRate,
          engineToCeiling: replicated / main.engine.seconds / ceiling,
          baselineToCeiling: baselineRate / ceiling,
        },
        discovery: {
          // The large estate's when it ran (the issue-16 names), else the replicated estate's.
          ...discoverySummary(large ?? discovery),
          small: discoverySummary(discovery),
          ...(large
            ? {
                large: {
                  accounts: large.accounts,
                  seconds: large.seconds,
                  scanSeconds: large.scanSeconds,
                  historyEvents: large.historyEvents,
                  workflowsStarted: large.workflowsStarted,
                  ...(large.workerCpuMs !== undefined ? { workerCpuMs: large.workerCpuMs } : {}),
                  ...(large.pleskSimCpuMs !== undefined ? { pleskSimCpuMs: large.pleskSimCpuMs } : {}),
                },
              }
            : {}),
        },
        ...(plan ? { plan: { ...plan, latencyMs } } : {}),
        ...(floor
          ? {
              floor: {
                ...floor,
                toBaseline: floor.workflowsPerSecond / baselineRate,
              },
            }
          : {}),
        sweep,
        scaling: [
          {
            accounts: replicated,
            seconds: main.engine.seconds,
            accountsPerSecond: replicated / main.engine.seconds,
            ...workerMemory(main.engine),
            ...cpuPerAccount(main.engine),
          },
          ...scaled,
        ],
      };
    }

    /**
     * Over a large estate: a first scan fills the snapshot; a plan of replicating all of it into an
     * empty VoipNow (at the main latency) is timed; then, as if it were all replicated, a scan
     * that finds nothing new is timed.
     */
    async function discoveryAtScale(size: number): Promise<{ discovery: DiscoveryMeasure; plan: { accounts: number; seconds: number } }> {
      const plesk = await phase(`plesk estate of ${size}`, () =>
        startPleskSim({ dataDir: path.join(dataDir, 'plesk-large'), size, seed, ...PLESK }),
      );
      stops.push(() => plesk.stop());
      const pleskServer = 'bench-large';
      const env = envFor(pleskServer, plesk, 'bench-large');
      await configure(env);
      // First scan with automatic replication off: it only fills the snapshot.
      await db.settings.update({
        where: { pleskServer },
        data: { autoReplicateResellers: false, autoReplicateDomains: false, autoReplicateMailboxes: false },
      });
      const largeWorker = startWorkerProcess(env);
      stops.push(() => largeWorker.stop());
      await waitForWorker(temporal, env.TEMPORAL_TASK_QUEUE, largeWorker.child.pid!);
      await phase('discovery, first scan', () =>
        largeWorker.whileAlive(temporal.connection, () =>
          measureDiscovery(temporal, env.TEMPORAL_TASK_QUEUE, pleskServer, 'bench/discovery/large-first'),
        ),
      );
      await freshVoipnow(latencyMs);
      const plan = await phase(`plan of ${size} accounts`, () =>
        largeWorker.whileAlive(temporal.connection, () => measurePlan(temporal, db, env.TEMPORAL_TASK_QUEUE, pleskServer)),
      );
      // As if everything were replicated: a link per account (VoipNow is not involved in a scan).
      await db.$executeRaw`
        INSERT INTO account_links ("pleskServer", kind, "pleskId", "voipnowKind", "voipnowId", origin, "parentKind", "parentPleskId", "updatedAt")
        SELECT "pleskServer", kind, "pleskId",
               (CASE kind WHEN 'domain' THEN 'client' WHEN 'mailbox' THEN 'extension' ELSE 'reseller' END)::"VoipnowKind",
               1000000 + ROW_NUMBER() OVER (), 'replicated', "ownerKind", "ownerId", NOW()
        FROM plesk_accounts WHERE "pleskServer" = ${pleskServer}`;
      await db.settings.update({
        where: { pleskServer },
        data: { autoReplicateResellers: true, autoReplicateDomains: true, autoReplicateMailboxes: true },
      });
      const measured = await phase(`discovery, ${size} accounts`, () =>
        largeWorker.whileAlive(temporal.connection, () =>
          measureDiscovery(temporal, env.TEMPORAL_TASK_QUEUE, pleskServer, 'bench/discovery/large', {
            worker: largeWorker.child.pid!,
            pleskSim: plesk.pid,
          }),
        ),
      );
      await largeWorker.stop();
      await plesk.stop();
      return { discovery: measured, plan };
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

main().catch((error: unknown) => {
  console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  // Everything it started has been stopped by then; a call cancelled mid-retry must not keep it waiting.
  process.exit(1);
});
