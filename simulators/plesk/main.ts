import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AGENT_PATH, startPleskSimulator, STATE_FILE, type Generation } from './index';

/**
 * `npm run sim:plesk`: the Plesk simulator as a standalone server.
 *   env  PLESK_SIM_PORT (8443), DATA_DIR (./.data), PLESK_LOGIN / PLESK_PASSWORD (admin / Plesk-Sim-2026), PLESK_KEY
 *   flags --size N --seed S --generation obsidian|plesk9 --reset (discard the saved estate)
 */

const { values } = parseArgs({
  options: {
    size: { type: 'string' },
    seed: { type: 'string' },
    generation: { type: 'string', default: 'obsidian' },
    reset: { type: 'boolean', default: false },
  },
});

function integer(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const generation = values.generation as Generation;
if (generation !== 'obsidian' && generation !== 'plesk9') {
  console.error(`--generation must be obsidian or plesk9, got "${String(values.generation)}"`);
  process.exit(2);
}
const dataDir = path.resolve(process.env['DATA_DIR'] ?? './.data');
const size = integer(values.size, 'size');
const seed = integer(values.seed, 'seed');
if (values.reset) await rm(path.join(dataDir, STATE_FILE), { force: true });

const login = process.env['PLESK_LOGIN'] ?? 'admin';
const simulator = await startPleskSimulator({
  port: integer(process.env['PLESK_SIM_PORT'], 'PLESK_SIM_PORT') ?? 8443,
  host: process.env['PLESK_SIM_HOST'] ?? '127.0.0.1',
  dataDir,
  login,
  password: process.env['PLESK_PASSWORD'] ?? 'Plesk-Sim-2026',
  secretKey: process.env['PLESK_KEY'] || undefined,
  generation,
  estate: { size, seed },
});

// Signal handlers first: whoever waits for the 'listening' line may signal us at once.
let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping, saving state`);
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('could not stop cleanly:', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

const counts = simulator.store.counts();
console.log(`Plesk simulator (${generation}, protocols ${simulator.protos.at(-1)}..${simulator.protos[0]})`);
console.log(
  `  estate: ${counts.resellers} resellers, ${counts.customers} customers, ${counts.domains} domains, ${counts.mailboxes} mailboxes (state in ${path.join(dataDir, STATE_FILE)})`,
);
if (simulator.restored && (size !== undefined || seed !== undefined)) {
  console.log('  note: the saved estate was loaded, --size/--seed ignored; add --reset to regenerate');
}
console.log(`  control endpoint: ${simulator.url}/__sim/state (HTTP Basic, login ${login})`);
// Last, so whoever waits for this line has seen the rest.
console.log(`listening on ${simulator.url}${AGENT_PATH}`);
