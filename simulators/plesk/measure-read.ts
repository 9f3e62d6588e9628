import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createPleskClient } from '../../connectors/plesk';

/**
 * Run by hand: how long reading a whole generated estate through the connector takes, and the
 * reading process's peak memory. The simulator runs in its own process so its memory and CPU do
 * not count against the connector.
 *   npx tsx simulators/plesk/measure-read.ts --size 100000 [--seed 1] [--generation obsidian|plesk9] [--batch 100] [--concurrency 4]
 */

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    generation: { type: 'string', default: 'obsidian' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
  },
});

const dataDir = await mkdtemp(path.join(tmpdir(), 'plesk-measure-'));
const started = Date.now();
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    path.join(import.meta.dirname, 'main.ts'),
    '--size',
    values.size,
    '--seed',
    values.seed,
    '--generation',
    values.generation,
  ],
  {
    // From the project root, where `--import tsx` resolves.
    cwd: path.join(import.meta.dirname, '../..'),
    env: { ...process.env, PLESK_SIM_PORT: '0', DATA_DIR: dataDir, PLESK_LOGIN: 'admin', PLESK_PASSWORD: 'measure-pw' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((resolve, reject) => {
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const match = /listening on (\S+?)\/enterprise/.exec(line);
    if (match?.[1]) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
});
console.log(`simulator up with ${values.size} accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);

async function simulatorPeakMb(): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const client = createPleskClient({
  url,
  auth: { method: 'password', login: 'admin', password: 'measure-pw' },
  batchSize: Number(values.batch),
  concurrency: Number(values.concurrency),
});
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
try {
  const estate = await client.readEstate();
  const seconds = (performance.now() - t0) / 1000;
  const accounts = estate.resellers.length + estate.customers.length + estate.domains.length + estate.mailboxes.length;
  console.log(
    JSON.stringify(
      {
        protocol: estate.protocol,
        accounts,
        resellers: estate.resellers.length,
        customers: estate.customers.length,
        domains: estate.domains.length,
        mailboxes: estate.mailboxes.length,
        domainsWithAdmin: estate.domains.filter((d) => d.administrator).length,
        seconds: Number(seconds.toFixed(2)),
        readerRssBeforeMb: Math.round(rssBefore / 1024 / 1024),
        readerPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        simulatorPeakRssMb: await simulatorPeakMb(),
      },
      null,
      2,
    ),
  );
} finally {
  client.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
