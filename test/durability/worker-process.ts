/**
 * The production worker (worker/main.ts) as a separate OS process, configured by environment
 * like the docker-compose service, so a test can SIGKILL it and start it again.
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
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const signal = async (name: NodeJS.Signals, graceMs: number) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT'); // a stopped process would not act on SIGTERM
    child.kill(name);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    pid: child.pid,
    kill: () => signal('SIGKILL', 0),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: () => signal('SIGTERM', 15_000),
    stderr: () => stderr,
  };
}
