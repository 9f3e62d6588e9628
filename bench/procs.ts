/** Child processes of the benchmark and their memory, read from /proc (Linux). */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../scripts/temporal-bin';

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

/** The worker as its own process (`worker/main.ts`), so its memory is its own. */
export function startWorkerProcess(env: Record<string, string>): { child: ChildProcess; stop(): Promise<void> } {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // Extra Node flags for the worker alone, e.g. BENCH_WORKER_NODE_FLAGS=--max-old-space-size=256 to tell a leak from a lazy heap.
  const flags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...profile, ...flags, '--import', 'tsx', path.join(PROJECT_ROOT, 'worker', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    if (code && code !== 0 && code !== 130) process.stderr.write(`\nworker exited ${code}: ${stderr}\n`);
  });
  return {
    child,
    async stop() {
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
