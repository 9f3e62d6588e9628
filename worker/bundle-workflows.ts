/**
 * Bundles workflows/ for the worker into the file named by the first argument. Run as its own
 * short process by worker.ts, so webpack and its hundred-odd MB stay out of the long-running
 * worker (decision 099).
 */
import fs from 'node:fs';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundleOptions } from './bundle-options';

const out = process.argv[2];
if (!out) {
  console.error('usage: bundle-workflows <output file>');
  process.exit(2);
}
const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
fs.writeFileSync(out, code);
