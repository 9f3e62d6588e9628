/** `link`, `unlink` and `move`: the admin actions on links, each waiting for its outcome. */
import { keyToString, type AccountKey } from '../../domain';
import { CliError, type ApiClient } from '../api-client';
import { accountPath, plural } from '../words';

interface ActionAnswer<R> {
  workflowId: string;
  webUiUrl: string;
  state: 'running' | 'completed';
  result?: R;
  message?: string;
  detail?: string;
}

/** Exit code of an action still running when the CLI stops waiting (VoipNow slow or retrying). */
export const STILL_RUNNING = 3;

/**
 * Runs an action and waits up to 30 seconds for its outcome. Asking again would not be the same:
 * a link that completed in the meantime would answer "already linked".
 */
async function act<R>(client: ApiClient, route: string, body: object): Promise<R> {
  const answer = await client.call<ActionAnswer<R>>('POST', `${route}?wait=30`, { body, accept: [409, 422, 503] });
  if (answer.status >= 400) throw new CliError([answer.body.message, answer.body.detail].filter(Boolean).join(': '));
  if (answer.body.state === 'completed' && answer.body.result) return answer.body.result;
  throw new CliError(
    `Still running after 30 seconds (VoipNow may be slow or unavailable); follow it at ${answer.body.webUiUrl}`,
    STILL_RUNNING,
  );
}

export async function link(client: ApiClient, key: AccountKey, voipnowId: number, print: (line: string) => void): Promise<number> {
  const result = await act<{ voipnowKind: string; voipnowId: number }>(client, `${accountPath(key)}/link`, { voipnowId });
  print(`Linked ${keyToString(key)} to VoipNow ${result.voipnowKind} #${result.voipnowId}.`);
  return 0;
}

export async function unlink(client: ApiClient, key: AccountKey, recursive: boolean, print: (line: string) => void): Promise<number> {
  const result = await act<{ unlinked: number }>(client, `${accountPath(key)}/unlink`, { recursive });
  print(`Unlinked ${plural(result.unlinked, 'account')}${recursive ? ` (${keyToString(key)} and below)` : ''}. The VoipNow accounts stay.`);
  return 0;
}

export async function move(client: ApiClient, key: AccountKey, print: (line: string) => void): Promise<number> {
  const result = await act<{ from: string; to: string; voipnowParentId: number | null }>(client, `${accountPath(key)}/move`, {});
  const parent = result.voipnowParentId === null ? '' : ` (VoipNow parent #${result.voipnowParentId})`;
  print(
    result.from === result.to
      ? `${keyToString(key)} is already where its Plesk owner is.`
      : `Moved ${keyToString(key)} from ${result.from} to ${result.to}${parent}.`,
  );
  return 0;
}
