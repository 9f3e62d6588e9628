/**
 * The production worker (worker/main.ts) and API (api/server.ts) as separate OS processes,
 * configured by environment like the docker-compose services, so a test can SIGKILL or SIGTERM
 * them and start them again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../scripts/temporal-bin';
import type { TestStack } from '../support/stack';

export interface WorkerProcess {
  readonly pid: number | undefined;
  /** SIGKILL: no shutdown, no finished activities, no flushed anything. */
  kill(): Promise<void>;
  /** SIGSTOP: the process stalls (a long GC pause, a frozen VM) without dying. */
  pause(): void;
  /** SIGCONT: it carries on where it stopped. */
  resume(): void;
  /** SIGTERM and wait (cleanup). */
  stop(): Promise<void>;
  /**
   * SIGTERM, as an orchestrator stops a container, and wait up to `deadlineMs` for the process to
   * exit by itself (then SIGKILL). Says whether it did, and its exit code.
   */
  terminate(deadlineMs: number): Promise<{ exitedItself: boolean; code: number | null; ms: number }>;
  /** Whether the process has ended. */
  exited(): boolean;
  /** Last lines the process wrote to stderr. */
  stderr(): string;
}

export function workerEnv(stack: TestStack, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { config } = stack;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATA_DIR: stack.dataDir,
    DATABASE_URL: config.DATABASE_URL,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    ENCRYPTION_KEY: stack.masterKey.toString('base64'),
    PLESK_SERVER: stack.pleskServer,
    PLESK_URL: config.PLESK_URL,
    PLESK_LOGIN: config.PLESK_LOGIN,
    PLESK_PASSWORD: config.PLESK_PASSWORD,
    VOIPNOW_URL: config.VOIPNOW_URL,
    VOIPNOW_LOGIN: config.VOIPNOW_LOGIN,
    VOIPNOW_PASSWORD: config.VOIPNOW_PASSWORD,
    VOIPNOW_SOAP_TIMEOUT: String(config.VOIPNOW_SOAP_TIMEOUT),
    LOG_LEVEL: 'error',
    ...extra,
  };
}

export function startWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  return startEngineProcess('worker/main.ts', env);
}

/** The production API process (api/server.ts), configured by environment like the docker-compose service. */
export function startApiProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  return startEngineProcess('api/server.ts', env);
}

function startEngineProcess(entry: string, env: NodeJS.ProcessEnv): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let forced = false;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT'); // a stopped process would not act on SIGTERM
    child.kill(name);
    const timer = setTimeout(() => {
      forced = true;
      child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    pid: child.pid,
    kill: () => signal('SIGKILL', 0),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: () => signal('SIGTERM', 15_000),
    async terminate(deadlineMs) {
      const began = Date.now();
      await signal('SIGTERM', deadlineMs);
      return { exitedItself: !forced, code: child.exitCode, ms: Date.now() - began };
    },
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stderr: () => stderr,
  };
}
