/**
 * Builds the web console (web/ → web/dist) with Vite when its sources changed since the last
 * build: a hash of the sources is kept next to the build. Offline: everything comes from
 * node_modules.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './temporal-bin';

const WEB = path.join(PROJECT_ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.source-hash');
/** What the build reads besides web/src and web/public. */
const INPUTS = ['web/index.html', 'web/vite.config.mjs', 'api/handoff-refusals.ts', 'package-lock.json'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

export function consoleSourceHash(): string {
  const files = [
    ...filesUnder(path.join(WEB, 'src')),
    ...filesUnder(path.join(WEB, 'public')),
    ...INPUTS.map((f) => path.join(PROJECT_ROOT, f)),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(PROJECT_ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

export async function buildConsole(log: (message: string) => void, options: { force?: boolean } = {}): Promise<void> {
  const wanted = consoleSourceHash();
  const built = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  if (!options.force && built === wanted && fs.existsSync(path.join(DIST, 'index.html'))) return;
  log('Building the web console...');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', path.join(WEB, 'vite.config.mjs')], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Building the web console failed (vite build exited ${code})`))));
  });
  fs.writeFileSync(STAMP, `${wanted}\n`);
}
