/**
 * What the workflow bundle is made of: workflows/ and the modules the worker's reusable V8
 * context loads once for every workflow instead of once per workflow (decision 100). Shared by
 * the worker's bundling child (bundle-workflows.ts) and the tests' bundle, so tests run the code
 * production runs.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleOptions } from '@temporalio/worker';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const WORKFLOWS_PATH = path.join(root, 'workflows', 'index.ts');

/**
 * Preloaded modules are evaluated before any workflow exists and shared, frozen, by all of them.
 * Only modules without per-workflow state belong here: the SDK's workflow API (it finds the
 * current workflow at call time), our workflow modules (module scope holds only activity proxies,
 * query definitions and constants; every state lives in the workflow functions) and the domain
 * rules they use (constants and pure functions). Without this, each of the thousands of
 * replicateAccount workflows of a bulk run evaluates those thirty-odd modules again.
 */
export const PRELOADED_MODULES = ['@temporalio/workflow', WORKFLOWS_PATH];

export function workflowBundleOptions(): Pick<BundleOptions, 'workflowsPath' | 'preloadModules'> {
  return { workflowsPath: WORKFLOWS_PATH, preloadModules: PRELOADED_MODULES };
}
