/**
 * Finds or builds the `temporal` CLI, whose `server start-dev` is the Temporal dev server with its
 * Web UI. Order (docs/decisions/003-temporal-binary.md): TEMPORAL_CLI_PATH, `temporal` on PATH,
 * .tools/bin/temporal, a `go install` of a pinned release into .tools/bin, else undefined (the
 * caller then lets the Temporal SDK download the CLI, which needs internet).
 *
 * Run directly (`npm run temporal:bin`) it prints the path, building it when needed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Log = (message: string) => void;

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

export async function findTemporalCli(options: { log?: Log; build?: boolean } = {}): Promise<string | undefined> {
  const log = options.log ?? (() => {});
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH is "${fromEnv}", which is not an executable file`);
    return fromEnv;
  }
  const found = onPath('temporal');
  if (found) return found;
  const tools = path.join(PROJECT_ROOT, '.tools', 'bin');
  const local = path.join(tools, 'temporal');
  if (isExecutable(local)) return local;
  if (options.build === false) return undefined;
  const go = onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    log('No temporal CLI and no Go toolchain found: the Temporal SDK will download the CLI (needs internet).');
    return undefined;
  }
  log(`Building the Temporal CLI with Go into .tools/bin (first run only; several minutes): go install ${TEMPORAL_CLI_MODULE}`);
  fs.mkdirSync(tools, { recursive: true });
  await run(go, ['install', TEMPORAL_CLI_MODULE], { ...process.env, GOBIN: tools, GOFLAGS: '-mod=mod' }, log);
  if (!isExecutable(local)) throw new Error('go install finished but .tools/bin/temporal is missing');
  log('Temporal CLI built.');
  return local;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => log('  ... still building the Temporal CLI'), 60_000);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`Building the Temporal CLI failed (exit ${code}):\n${tail}`));
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  findTemporalCli({ log: (m) => console.error(m) })
    .then((cli) => console.log(cli ?? '(none: the Temporal SDK will download it)'))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
