/**
 * Set-up shared by `npm start` and `npm test` on a fresh machine: the generated Prisma client,
 * the Temporal CLI (built once into .tools/bin) and the web console (built when its sources
 * changed). Quick when all are already there. Run as a script by scripts/bootstrap.mjs before
 * start.ts or vitest is loaded (both import the generated client); for the tests it also installs
 * what the browser and PHP tests need.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConsole } from './build-console';
import { ensureTestPackages } from './system-packages';
import { findTemporalCli, PROJECT_ROOT } from './temporal-bin';

export async function prepare(log: (message: string) => void): Promise<void> {
  const generated = path.join(PROJECT_ROOT, 'db', 'generated', 'client.ts');
  const schema = path.join(PROJECT_ROOT, 'prisma', 'schema.prisma');
  if (!fs.existsSync(generated) || fs.statSync(generated).mtimeMs < fs.statSync(schema).mtimeMs) {
    log('Generating the Prisma client...');
    await run(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma'), ['generate']);
  }
  await findTemporalCli({ log });
  await buildConsole(log);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}`))));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const log = (m: string) => console.log(m);
  // `prepare.ts start` (npm start) needs no browser or PHP; `prepare.ts` (npm test) does.
  const forStart = process.argv[2] === 'start';
  prepare(log)
    .then(() => (forStart ? undefined : ensureTestPackages(log)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
