/**
 * The simulators as their own processes (`npm run sim:plesk`, `npm run sim:voipnow`), driven over
 * their /__sim/ admin endpoints, the way another machine's Plesk and VoipNow would sit apart from
 * the engine: their CPU and memory are not the engine's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../scripts/temporal-bin';
import { cpuProfileFlags } from './procs';

export interface SimProcess {
  url: string;
  /** The simulator's process, for its CPU time. */
  pid: number;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

async function startSim(
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  credentials: [string, string],
): Promise<SimProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...cpuProfileFlags(process.env.BENCH_SIM_PROF), '--import', 'tsx', path.join(PROJECT_ROOT, script), ...args],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = ready.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${stderr}`)));
  });
  const auth = `Basic ${Buffer.from(credentials.join(':')).toString('base64')}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    async admin<T>(method: string, route: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}/__sim/${route}`, {
        method,
        headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${url}/__sim/${route}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function startPleskSim(options: {
  dataDir: string;
  size: number;
  seed: number;
  login: string;
  password: string;
}): Promise<SimProcess> {
  return startSim(
    'simulators/plesk/main.ts',
    ['--size', String(options.size), '--seed', String(options.seed), '--reset'],
    { PLESK_SIM_PORT: '0', DATA_DIR: options.dataDir, PLESK_LOGIN: options.login, PLESK_PASSWORD: options.password },
    /listening on (\S+?)\/enterprise\/control\/agent\.php/,
    [options.login, options.password],
  );
}

export function startVoipnowSim(options: { dataDir: string; login: string; password: string }): Promise<SimProcess> {
  return startSim(
    'simulators/voipnow/main.ts',
    [],
    { VOIPNOW_SIM_PORT: '0', DATA_DIR: options.dataDir, VOIPNOW_LOGIN: options.login, VOIPNOW_PASSWORD: options.password },
    /VoipNow simulator listening on (\S+)/,
    [options.login, options.password],
  );
}

/** Total SOAP calls the VoipNow simulator received. */
export async function soapCallCount(voipnow: SimProcess): Promise<number> {
  const stats = await voipnow.admin<{ calls: Record<string, number> }>('GET', 'stats');
  return Object.values(stats.calls).reduce((sum, n) => sum + n, 0);
}
