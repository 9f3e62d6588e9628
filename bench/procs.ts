/** Child processes of the benchmark, their memory and CPU time, read from /proc (Linux). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../scripts/temporal-bin';
import type { Connection } from '@temporalio/client';
import { MALLOC_ARENA_MAX } from '../runtime/memory';

/** Resident and peak resident memory of a process in MB, or undefined when it is gone. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime, stime, cutime, cstime of /proc/<pid>/stat in ms (fields 14 to 17, after the command in parentheses). */
function cpuFieldsOf(pid: number | string): { comm: string; own: number; children: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' '); // fields[0] is field 3 (state)
    const ms = (i: number) => (Number(fields[i - 3]) * 1000) / CLOCK_TICKS_PER_SECOND;
    return { comm, own: ms(14) + ms(15), children: ms(16) + ms(17) };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in ms, or undefined when it is gone. */
export function cpuMsOf(pid: number): number | undefined {
  return cpuFieldsOf(pid)?.own;
}

/**
 * CPU time of every PostgreSQL process of the machine, in ms: each process's own time plus what
 * its ended children used (the postmaster collects its backends' time when they exit). The
 * difference over a run is PostgreSQL's share of it when nothing else uses the server.
 */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = cpuFieldsOf(entry);
    if (cpu?.comm === 'postgres') total += cpu.own + cpu.children;
  }
  return total;
}

/** Samples a process's RSS every `everyMs` until stopped. */
export function sampleMemory(pid: number, everyMs = 500) {
  const samples: { atMs: number; rssMb: number }[] = [];
  let peakMb = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    const memory = memoryOf(pid);
    if (!memory) return;
    samples.push({ atMs: Date.now() - started, rssMb: memory.rssMb });
    peakMb = Math.max(peakMb, memory.peakMb);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const memory = memoryOf(pid);
      if (memory) peakMb = Math.max(peakMb, memory.peakMb);
      return { samples, peakMb };
    },
  };
}

/** Node's flags to write a CPU profile into `dir` at exit (BENCH_CPU_PROF for the worker, BENCH_SIM_PROF for the simulators); none without one. */
export function cpuProfileFlags(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** The worker as its own process (`worker/main.ts`), so its memory is its own. */
export function startWorkerProcess(env: Record<string, string>): {
  child: ChildProcess;
  stop(): Promise<void>;
  /** `work`, unless the worker ends first: then the run fails with what the worker said, instead of waiting forever. */
  whileAlive<T>(connection: Pick<Connection, 'withAbortSignal'>, work: () => Promise<T>): Promise<T>;
} {
  const profile = cpuProfileFlags(process.env.BENCH_CPU_PROF);
  // Extra Node flags for the worker alone, e.g. BENCH_WORKER_NODE_FLAGS=--max-old-space-size=256 to tell a leak from a lazy heap.
  const flags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...profile, ...flags, '--import', 'tsx', path.join(PROJECT_ROOT, 'worker', 'main.ts')], {
    cwd: PROJECT_ROOT,
    // As `npm run worker` starts it (runtime/memory.ts, decision 103), unless the environment says otherwise.
    env: { MALLOC_ARENA_MAX, ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (code && code !== 0 && code !== 130) process.stderr.write(`\nworker exited ${code}: ${stderr}\n`);
    else if (signal && signal !== 'SIGTERM' && signal !== 'SIGKILL') process.stderr.write(`\nworker ended by ${signal}: ${stderr}\n`);
  });
  return {
    child,
    async whileAlive<T>(connection: Pick<Connection, 'withAbortSignal'>, work: () => Promise<T>): Promise<T> {
      // The work's calls to Temporal are cancelled when the worker ends, so none is left retrying
      // once the benchmark closes its connection.
      const cancel = new AbortController();
      // Each long poll of a run's result adds a listener to the signal (about one per 20 s).
      setMaxListeners(0, cancel.signal);
      const ended = new Promise<never>((_, reject) => {
        const fail = () => {
          const how = child.signalCode ? `ended by ${child.signalCode}` : `exited with code ${child.exitCode}`;
          if (!stopping) reject(new Error(`The benchmark's worker ${how} during the run:\n${stderr.trim()}`));
        };
        if (child.exitCode !== null || child.signalCode !== null) fail();
        else child.once('exit', fail);
      });
      try {
        return await Promise.race([connection.withAbortSignal(cancel.signal, work), ended]);
      } finally {
        cancel.abort();
      }
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A straight line through the samples: MB per minute (flat memory is about 0). */
export function slopeMbPerMinute(samples: { atMs: number; rssMb: number }[]): number {
  const n = samples.length;
  if (n < 3) return 0;
  const mx = samples.reduce((s, p) => s + p.atMs, 0) / n;
  const my = samples.reduce((s, p) => s + p.rssMb, 0) / n;
  const cov = samples.reduce((s, p) => s + (p.atMs - mx) * (p.rssMb - my), 0);
  const varx = samples.reduce((s, p) => s + (p.atMs - mx) ** 2, 0);
  return varx === 0 ? 0 : (cov / varx) * 60_000;
}

/** What bench/floor.ts prints as its last line. */
export interface FloorResult {
  workflows: number;
  window: number;
  workflowsPerSecond: number;
  workerCpuMsPerWorkflow: number;
  temporalCpuMsPerWorkflow: number;
  historyEventsPerWorkflow: number;
}

/**
 * The floor of one workflow per account (bench/floor.ts) in its own process, on the dev server at
 * `address`: its worker's CPU is then that process's alone.
 */
export async function runFloor(options: {
  address: string;
  temporalPid: number;
  workflows: number;
  concurrency: number;
}): Promise<FloorResult> {
  const args = ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'floor.ts')];
  args.push('--address', options.address, '--temporal-pid', String(options.temporalPid));
  args.push('--workflows', String(options.workflows), '--concurrency', String(options.concurrency));
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`The floor run failed (exit ${code}):\n${stderr || stdout}`);
  return JSON.parse(last) as FloorResult;
}
