/** `log`: the replication log, newest last, optionally followed as it grows. */
import { setTimeout as sleep } from 'node:timers/promises';
import { keyToString } from '../../domain';
import type { ApiClient } from '../api-client';
import { accountArgument, when } from '../words';

interface Entry {
  id: number;
  at: string;
  level: string;
  event: string;
  account: string | null;
  message: string;
}

export interface LogOptions {
  follow?: boolean;
  account?: string;
  level?: string;
  server?: string;
  limit?: number;
  /** Following: how often to ask for new entries. */
  pollMs?: number;
  /** Following: stop after this signal (tests; Ctrl-C otherwise). */
  signal?: AbortSignal;
}

export function formatEntry(entry: Entry): string {
  return `${when(entry.at)}  ${entry.level.padEnd(7)}  ${(entry.account ?? '-').padEnd(24)}  ${entry.event.padEnd(9)}  ${entry.message}`;
}

export async function showLog(client: ApiClient, options: LogOptions, print: (line: string) => void): Promise<number> {
  if (options.level && !['info', 'warning', 'error'].includes(options.level)) {
    print(`--level must be info, warning or error`);
    return 1;
  }
  const filters = new URLSearchParams();
  if (options.account) filters.set('account', keyToString(accountArgument(options.account)));
  if (options.level) filters.set('level', options.level);
  if (options.server) filters.set('pleskServer', options.server);
  const page = await client.get<{ items: Entry[] }>(`/api/v1/log?${filters.toString()}&limit=${options.limit ?? 50}`);
  const entries = [...page.items].reverse();
  for (const entry of entries) print(formatEntry(entry));
  if (!options.follow) return 0;
  let after = entries.at(-1)?.id ?? 0;
  while (!options.signal?.aborted) {
    await sleep(options.pollMs ?? 2000);
    const next = await client.get<{ items: Entry[] }>(`/api/v1/log?${filters.toString()}&afterId=${after}&limit=1000`);
    for (const entry of next.items) print(formatEntry(entry));
    after = next.items.at(-1)?.id ?? after;
  }
  return 0;
}
