/** The benchmark's report: the JSON written to bench/results and the table printed. */
import type { FloorResult } from './procs';

export interface BenchReport {
  date: string;
  machine: { cpus: number; memoryGb: number };
  accounts: number;
  estateSize: number;
  latencyMs: number;
  concurrency: number;
  parallelism: number;
  engine: {
    seconds: number;
    accountsPerSecond: number;
    replicated: number;
    failed: number;
    skipped: number;
    soapCalls: number;
    soapCallsPerSecond: number;
    historyEventsPerAccount: number;
    /** CPU time (user + system, from /proc/<pid>/stat) per account during the run, in ms. */
    workerCpuMsPerAccount: number;
    temporalCpuMsPerAccount: number;
    /** Every PostgreSQL process of the machine: meaningful when nothing else uses the server. */
    postgresCpuMsPerAccount: number;
    executions: number;
    peakRssMb: number;
    rssStartMb: number;
    rssEndMb: number;
    rssSlopeMbPerMinute: number;
    temporalServerPeakRssMb: number;
  };
  baseline: {
    seconds: number;
    accountsPerSecond: number;
    replicated: number;
    failed: number;
    skipped: number;
    soapCalls: number;
    soapCallsPerAccount: number;
    /** The loop's whole work (connectors included, the simulators are other processes) per account, in ms of CPU. */
    cpuMsPerAccount: number;
  };
  ceiling: { accountsPerSecond: number };
  ratios: { engineToBaseline: number; engineToCeiling: number; baselineToCeiling: number };
  discovery: {
    /** The large estate's run when there was one (--discovery), else the replicated estate's. */
    seconds: number;
    accounts: number;
    historyEvents: number;
    workflowsStarted: number;
    /** Discovery over the replicated estate of the engine run. */
    small: { accounts: number; seconds: number; historyEvents: number; workflowsStarted: number };
    large?: {
      accounts: number;
      seconds: number;
      scanSeconds: number;
      historyEvents: number;
      workflowsStarted: number;
      /** CPU time of the worker (the connector's read, the snapshot) and of the Plesk simulator during it. */
      workerCpuMs?: number;
      pleskSimCpuMs?: number;
    };
  };
  /** A plan (dry run) of replicating the whole large estate into an empty VoipNow, at the main latency. */
  plan?: { accounts: number; seconds: number; latencyMs: number };
  /**
   * The floor of one workflow per account (bench/floor.ts): as many workflows as the main run
   * started, each running one local activity that does nothing, on the same dev server. Its
   * rate over the main loop's is the most engine / loop can be at the main latency here.
   */
  floor?: FloorResult & { toBaseline: number };
  /** Engine and plain loop at each latency of --latency (the first is the main run). */
  sweep: {
    latencyMs: number;
    engine: { accountsPerSecond: number; workerCpuMsPerAccount: number };
    baseline: { accountsPerSecond: number };
    engineToBaseline: number;
  }[];
  scaling: {
    accounts: number;
    seconds: number;
    accountsPerSecond: number;
    workerPeakRssMb: number;
    workerRssStartMb: number;
    workerRssEndMb: number;
    workerRssSlopeMbPerMinute: number;
    workerCpuMsPerAccount: number;
    temporalCpuMsPerAccount: number;
    postgresCpuMsPerAccount: number;
  }[];
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '∞');

export function printReport(r: BenchReport): void {
  const rows: [string, string, string, string][] = [
    ['', 'engine', 'baseline loop', 'ceiling'],
    ['accounts / s', f(r.engine.accountsPerSecond), f(r.baseline.accountsPerSecond), f(r.ceiling.accountsPerSecond)],
    ['ratio to ceiling', f(r.ratios.engineToCeiling, 2), f(r.ratios.baselineToCeiling, 2), '1.00'],
    ['seconds', f(r.engine.seconds), f(r.baseline.seconds), ''],
    [
      'replicated / failed / skipped',
      `${r.engine.replicated}/${r.engine.failed}/${r.engine.skipped}`,
      `${r.baseline.replicated}/${r.baseline.failed}/${r.baseline.skipped}`,
      '',
    ],
    [
      'SOAP calls (per account)',
      `${r.engine.soapCalls} (${f(r.engine.soapCalls / r.accounts, 2)})`,
      `${r.baseline.soapCalls} (${f(r.baseline.soapCallsPerAccount, 2)})`,
      '',
    ],
  ];
  const width = [30, 22, 22, 12];
  console.log(
    `\nPlesk → VoipNow sync benchmark: ${r.accounts} accounts, VoipNow latency ${r.latencyMs} ms, concurrency ${r.concurrency}, ${r.machine.cpus} CPUs`,
  );
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(width[i]!)).join(''));
  console.log(`\nengine / baseline: ${f(r.ratios.engineToBaseline, 2)}   (target ≥ 0.35 at 10 ms, 0.7 at 100 ms, 0.9 at 200 ms)`);
  console.log(
    `engine: ${f(r.engine.soapCallsPerSecond)} SOAP calls/s, ${f(r.engine.historyEventsPerAccount)} history events per account in ${r.engine.executions} executions`,
  );
  console.log(
    `CPU per account: worker ${f(r.engine.workerCpuMsPerAccount)} ms, Temporal server ${f(r.engine.temporalCpuMsPerAccount)} ms, ` +
      `PostgreSQL ${f(r.engine.postgresCpuMsPerAccount)} ms; the baseline loop's whole work ${f(r.baseline.cpuMsPerAccount)} ms   (targets ≤ 12 ms each)`,
  );
  console.log(
    `worker memory: peak ${f(r.engine.peakRssMb)} MB, ${f(r.engine.rssStartMb)} MB early → ${f(r.engine.rssEndMb)} MB late (slope ${f(r.engine.rssSlopeMbPerMinute, 2)} MB/min); Temporal server peak ${f(r.engine.temporalServerPeakRssMb)} MB`,
  );
  console.log(
    `discovery, nothing new: ${r.discovery.small.accounts} accounts in ${f(r.discovery.small.seconds, 2)} s, ${r.discovery.small.historyEvents} history events, ${r.discovery.small.workflowsStarted} workflows started`,
  );
  if (r.discovery.large) {
    const l = r.discovery.large;
    console.log(
      `discovery, nothing new: ${l.accounts} accounts in ${f(l.seconds, 2)} s (scan ${f(l.scanSeconds, 2)} s), ${l.historyEvents} history events, ${l.workflowsStarted} workflows started   (target ≤ 5 s, 0 workflows)`,
    );
    const cpu = (ms?: number) => (ms === undefined ? '?' : `${f(ms / 1000, 2)} s`);
    console.log(`  CPU during it: worker ${cpu(l.workerCpuMs)} (connector and snapshot), Plesk simulator ${cpu(l.pleskSimCpuMs)}`);
  }
  if (r.plan) {
    console.log(
      `plan of ${r.plan.accounts} accounts (into an empty VoipNow, ${r.plan.latencyMs} ms latency): ${f(r.plan.seconds, 1)} s   (target ≤ 60 s)`,
    );
  }
  if (r.floor) {
    const fl = r.floor;
    console.log(
      `floor, one workflow per account doing nothing: ${f(fl.workflowsPerSecond)} workflows/s, floor / loop ${f(fl.toBaseline, 2)} (the most engine / loop can be at ${r.latencyMs} ms here);` +
        ` CPU per workflow: worker ${f(fl.workerCpuMsPerWorkflow)} ms, Temporal server ${f(fl.temporalCpuMsPerWorkflow)} ms`,
    );
  }
  if (r.sweep.length > 1) {
    console.log('\nlatency sweep (targets: engine / loop ≥ 0.35 at 10 ms, ≥ 0.7 at 100 ms, ≥ 0.9 at 200 ms):');
    for (const row of r.sweep) {
      console.log(
        `  ${String(row.latencyMs).padStart(5)} ms: engine ${f(row.engine.accountsPerSecond)} accounts/s, loop ${f(row.baseline.accountsPerSecond)} accounts/s,` +
          ` engine / loop ${f(row.engineToBaseline, 2)}; worker CPU ${f(row.engine.workerCpuMsPerAccount)} ms per account`,
      );
    }
  }
  if (r.scaling.length > 1) {
    console.log('\nscaling (seconds per 1,000 accounts should stay about the same):');
    for (const s of r.scaling) {
      console.log(
        `  ${String(s.accounts).padStart(7)} accounts: ${f(s.seconds)} s, ${f(s.accountsPerSecond)} accounts/s, ${f((s.seconds / s.accounts) * 1000, 2)} s per 1,000;` +
          ` worker RSS ${f(s.workerRssStartMb)} → ${f(s.workerRssEndMb)} MB, peak ${f(s.workerPeakRssMb)} MB;` +
          ` CPU per account: worker ${f(s.workerCpuMsPerAccount)} ms, Temporal ${f(s.temporalCpuMsPerAccount)} ms, PostgreSQL ${f(s.postgresCpuMsPerAccount)} ms`,
      );
    }
  }
}
