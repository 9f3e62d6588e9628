// The two README commands start here, in plain Node with no dependencies, so that `npm start`
// and `npm test` work on a fresh clone: install the npm dependencies when they are missing or
// older than package-lock.json, then hand over to the TypeScript entry point.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'node_modules', '.pvsync-installed');
const lock = fs.readFileSync(path.join(root, 'package-lock.json'));
const wanted = createHash('sha256').update(lock).digest('hex');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const installed = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
if (installed !== wanted) {
  console.log('• Installing npm dependencies (npm ci)...');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  fs.writeFileSync(stamp, `${wanted}\n`);
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

// The long-running child gets the terminal's Ctrl-C itself; we forward a SIGTERM sent to us
// alone, and wait for it to finish stopping cleanly.
function handOver(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [task, ...rest] = process.argv.slice(2);
switch (task) {
  case 'start':
    // The generated Prisma client must exist before start.ts is loaded (it imports the database layer).
    run(bin('tsx'), ['scripts/prepare.ts', 'start']);
    // start.ts runs the worker: two malloc arenas shared by all its threads, read by glibc at
    // process start (runtime/memory.ts, decision 103).
    handOver(bin('tsx'), ['scripts/start.ts', ...rest], { MALLOC_ARENA_MAX: '2', ...process.env });
    break;
  case 'test':
    run(bin('tsx'), ['scripts/prepare.ts']);
    handOver(bin('vitest'), ['run', ...rest]);
    break;
  default:
    console.error('usage: node scripts/bootstrap.mjs start|test');
    process.exit(2);
}
