/**
 * Every workflow ID, and reading one back. An ID is derived from what the workflow works on, so
 * the same operation on the same account (or scope) never runs twice at once: a second request
 * joins the running execution (docs/decisions/004-exactly-once.md).
 */
import { keyToString, parseKey, SERVER_NAME, type AccountKey } from './accounts';

/** One account's replication. */
export const replicationWorkflowId = (key: AccountKey) => `replicate/${keyToString(key)}`;
export const linkWorkflowId = (key: AccountKey) => `link/${keyToString(key)}`;
export const unlinkWorkflowId = (key: AccountKey) => `unlink/${keyToString(key)}`;
export const moveWorkflowId = (key: AccountKey) => `move/${keyToString(key)}`;

/** The executions an account's page lists: its replication, link, unlink and move. */
export const accountWorkflowIds = (key: AccountKey) => [
  replicationWorkflowId(key),
  linkWorkflowId(key),
  unlinkWorkflowId(key),
  moveWorkflowId(key),
];

/** The discovery Schedule of a Plesk server, and the workflow ID of each run it starts. */
export const discoveryScheduleId = (pleskServer: string) => `discovery/${pleskServer}`;
export const discoveryWorkflowId = (pleskServer: string) => `discover/${pleskServer}`;

/** The automatic replication of one Plesk server (started by discovery): one at a time. */
export const automaticReplicationWorkflowId = (pleskServer: string) => `autoreplicate/${pleskServer}`;

/** One bulk replication per scope at a time: the whole estate of a server, or one subtree. */
export function bulkWorkflowId(pleskServer: string, root?: AccountKey): string {
  return root ? `bulk/${keyToString(root)}` : `bulk/${pleskServer}/all`;
}

/** The scope of a bulk replication's ID; undefined when the ID is not one. */
export function parseBulkWorkflowId(workflowId: string): { pleskServer: string; root?: AccountKey } | undefined {
  if (!workflowId.startsWith('bulk/')) return undefined;
  const rest = workflowId.slice('bulk/'.length);
  const [pleskServer, all, ...more] = rest.split('/');
  if (pleskServer !== undefined && all === 'all' && more.length === 0) return SERVER_NAME.test(pleskServer) ? { pleskServer } : undefined;
  try {
    const root = parseKey(rest);
    return { pleskServer: root.pleskServer, root };
  } catch {
    return undefined;
  }
}
