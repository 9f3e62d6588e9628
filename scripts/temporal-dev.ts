/**
 * Runs the Temporal dev server (`temporal server start-dev`) as a child process with its Web UI,
 * persisting to a SQLite file, and waits until its frontend answers. Without a CLI binary it
 * falls back to the SDK's own download (TestWorkflowEnvironment.createLocal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTemporalCli } from './temporal-bin';

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** SQLite file; absent = in memory. */
  dbFile?: string;
  /**
   * The Web UI's remote codec endpoint (our API's /codec). The CLI (v1.5.1) sets only the endpoint;
   * "include credentials", which lets an admin's console session authorise it, is the Web UI's own
   * per-browser Codec Server setting here (docker-compose.yml sets it for everyone, README).
   */
  codecEndpoint?: string;
  log?: (message: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  /** The server process, when we run it ourselves (for the benchmark's memory readings). */
  pid?: number;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => {});
  const cli = await findTemporalCli({ log });
  const address = `127.0.0.1:${options.port}`;
  const uiUrl = `http://localhost:${options.uiPort}`;
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const extraArgs = [
    ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
    // The engine's search attributes would go here; none are needed yet.
  ];

  if (!cli) {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port: options.port,
        ui: true,
        uiPort: options.uiPort,
        ...(options.dbFile ? { dbFilename: options.dbFile } : {}),
        extraArgs,
      },
    });
    return { address, uiUrl, stop: () => env.teardown() };
  }

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--log-level',
    'error',
    // SQLite's defaults (rollback journal, fsync on every commit) make the single-shard dev server
    // write-bound at a few workflows a second on this class of disk; WAL with synchronous=NORMAL
    // survives a crash of the server (only a power cut can lose the last commits).
    ...(options.dbFile
      ? ['--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal']
      : []),
    ...extraArgs,
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitForFrontend(address, exited, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { address, uiUrl, ...(child.pid ? { pid: child.pid } : {}), stop: () => stopChild(child, exited) };
}

async function waitForFrontend(address: string, exited: Promise<number | null>, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`The Temporal dev server exited (code ${exitCode}) while starting:\n${stderr()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`The Temporal dev server did not answer on ${address} within 60 s:\n${stderr()}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
