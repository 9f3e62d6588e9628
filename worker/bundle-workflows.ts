/**
 * Bundles workflows/ for the worker into the file named by the first argument. Run as its own
 * short process by worker.ts, so webpack and its hundred-odd MB stay out of the long-running
 * worker (decision 099).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

const out = process.argv[2];
if (!out) {
  console.error('usage: bundle-workflows <output file>');
  process.exit(2);
}
const workflowsPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../workflows/index.ts');
const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
fs.writeFileSync(out, code);
