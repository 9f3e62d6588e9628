import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { type SimEstate } from '../../simulators/plesk';
import { clientFor } from './helpers';

/** `npm run sim:plesk`: flags and environment, where it listens, a clean stop on signals. */

const ROOT = path.join(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'simulators/plesk/main.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function start(dataDir: string, args: string[]): { child: ChildProcess; url: Promise<string>; output: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, PLESK_SIM_PORT: '0', DATA_DIR: dataDir, PLESK_LOGIN: 'admin', PLESK_PASSWORD: 'Sim-Test-Pässword-7' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const output: string[] = [];
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(line);
      const match = /listening on (\S+?)\/enterprise\/control\/agent\.php/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  return { child, url, output };
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('sim:plesk entry point', () => {
  it('serves a generated estate, stops cleanly on SIGTERM and SIGINT, and keeps the estate unless --reset', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'plesk-main-'));
    dirs.push(dataDir);
    const first = start(dataDir, ['--size', '100', '--seed', '2', '--generation', 'plesk9']);
    const client = clientFor({ url: await first.url });
    expect(await client.negotiate()).toMatchObject({ dialect: 'legacy' });
    expect((await client.listCustomers()).length).toBe(10);
    client.close();
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    const saved = JSON.parse(await readFile(path.join(dataDir, 'plesk-sim.json'), 'utf8')) as SimEstate;
    expect(saved.customers).toHaveLength(10);

    const second = start(dataDir, ['--size', '30']);
    await second.url;
    expect(second.output.join('\n')).toMatch(/saved estate was loaded/);
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);

    const third = start(dataDir, ['--size', '30', '--reset']);
    const url = await third.url;
    expect(third.output.join('\n')).toMatch(/5 customers/);
    expect((await clientFor({ url }).listCustomers()).length).toBe(5);
    third.child.kill('SIGTERM');
    expect(await exited(third.child)).toBe(0);
  });

  it('refuses an unknown generation', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--generation', 'onyx'], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, PLESK_SIM_PORT: '0' },
    });
    children.push(child);
    expect(await exited(child)).toBe(2);
  });
});
