/** Shared bits of the CLI's output and arguments, in the product's words. */
import { parseKey, type AccountKey } from '../domain';
import { CliError, type ApiClient } from './api-client';

/** An account key argument (`plesk1/client/7`), checked before anything is sent. */
export function accountArgument(text: string): AccountKey {
  try {
    return parseKey(text);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export const accountPath = (key: AccountKey) => `/api/v1/accounts/${key.pleskServer}/${key.kind}/${key.pleskId}`;

/** --server, else PVSYNC_SERVER, else the only Plesk server the token sees. */
export async function chooseServer(client: ApiClient, given: string | undefined): Promise<string> {
  const named = given ?? process.env.PVSYNC_SERVER;
  if (named) return named;
  const servers = (await client.get<{ items: { pleskServer: string }[] }>('/api/v1/servers')).items.map((s) => s.pleskServer);
  if (servers.length === 1) return servers[0]!;
  throw new CliError(
    servers.length === 0 ? 'No Plesk server is configured' : `Name the Plesk server with --server (one of: ${servers.join(', ')})`,
  );
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** 2026-11-28 01:02:03, in local time: what an admin reads at a terminal. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
