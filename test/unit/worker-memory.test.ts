/**
 * The worker's memory settings (worker/memory.ts, decision 103): its heaps stay near what is
 * alive, and every way of starting it shares glibc's malloc arenas between its threads.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MALLOC_ARENA_MAX } from '../../worker/memory';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

async function peakHeapMb(mode: 'near-live' | 'default'): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/support/heap-growth.ts'), mode],
    {
      cwd: root,
    },
  );
  return (JSON.parse(stdout) as { peakHeapMb: number }).peakHeapMb;
}

describe('worker memory', () => {
  it('keeps a heap near what is alive: well under the heap V8 grows by default for the same work', async () => {
    const [nearLive, byDefault] = await Promise.all([peakHeapMb('near-live'), peakHeapMb('default')]);
    // Measured: about 97 MB against 204-210 MB (300,000 live objects, 4,000,000 short-lived ones).
    expect(nearLive).toBeLessThan(byDefault * 0.7);
  }, 120_000);

  it('the worker applies it when it is created', () => {
    expect(read('worker/worker.ts')).toMatch(/^\s+keepHeapsNearLive\(\);$/m);
  });

  it('every way of starting the worker shares malloc arenas between its threads (glibc reads it at start)', () => {
    expect(MALLOC_ARENA_MAX).toBe('2');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    // npm run worker
    expect(scripts.worker).toMatch(new RegExp(`^MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX} node `));
    // The image's worker and API (docker-compose.yml builds it)
    expect(read('Dockerfile')).toMatch(new RegExp(`^ENV MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX}$`, 'm'));
    expect(read('docker-compose.yml')).toMatch(/^ {2}worker:\n {4}build: \.$/m);
    // npm start, whose process runs the worker
    expect(read('scripts/bootstrap.mjs')).toContain(
      `handOver(bin('tsx'), ['scripts/start.ts', ...rest], { MALLOC_ARENA_MAX: '${MALLOC_ARENA_MAX}', ...process.env });`,
    );
    // The benchmark's worker
    expect(read('bench/procs.ts')).toContain('env: { MALLOC_ARENA_MAX, ...process.env, ...env }');
  });
});
