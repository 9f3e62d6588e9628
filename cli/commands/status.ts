/** `status`: is the API up, who am I, and where replication stands on each Plesk server. */
import type { ApiClient } from '../api-client';
import { when } from '../words';

interface Health {
  status: string;
  database: string;
  temporal: string;
}
interface Me {
  role: string;
  name: string;
  account: string | null;
}
interface Servers {
  items: {
    pleskServer: string;
    removed?: boolean;
    removedAt?: string | null;
    accounts: { kind: string; all: number; replicated: number; failed: number }[];
  }[];
}
interface Discovery {
  paused: boolean;
  note: string | null;
  running: boolean;
  lastRun: { startedAt: string; status: string; result: { accounts: number; new: number; moved: number; vanished: number } | null } | null;
  nextRunAt: string | null;
}

const KIND_WORDS: Record<string, string> = { reseller: 'resellers', client: 'clients', domain: 'domains', mailbox: 'mailboxes' };

export async function status(client: ApiClient, print: (line: string) => void): Promise<number> {
  const health = (await client.call<Health>('GET', '/health', { accept: [503] })).body;
  print(
    `API         ${client.api}  ${health.status === 'ok' ? 'up' : 'degraded'} (database ${health.database}, Temporal ${health.temporal})`,
  );
  const me = await client.get<Me>('/api/v1/me');
  print(`Signed in   ${me.name} (${me.role}${me.account ? ` ${me.account}` : ''})`);
  const servers = await client.get<Servers>('/api/v1/servers');
  for (const server of servers.items) {
    print('');
    print(`Plesk server ${server.pleskServer}${server.removed ? ` (removed ${when(server.removedAt)}: nothing runs for it)` : ''}`);
    if (server.accounts.length === 0) print('  no accounts seen yet (discovery has not run)');
    for (const row of server.accounts) {
      const failed = row.failed > 0 ? `, ${row.failed} failed` : '';
      print(`  ${(KIND_WORDS[row.kind] ?? row.kind).padEnd(10)} ${row.replicated} of ${row.all} replicated${failed}`);
    }
    if (me.role !== 'admin' || server.removed) continue;
    const discovery = await client.call<Discovery>('GET', `/api/v1/discovery/${server.pleskServer}`, { accept: [404] });
    if (discovery.status === 404) {
      print('  discovery  no schedule (the worker creates it when it starts)');
      continue;
    }
    const d = discovery.body;
    const last = d.lastRun
      ? `last run ${when(d.lastRun.startedAt)} ${d.lastRun.status}${d.lastRun.result ? ` (${d.lastRun.result.accounts} accounts, ${d.lastRun.result.new} new)` : ''}`
      : 'not run yet';
    const state = d.paused ? `paused${d.note ? `: ${d.note}` : ''}` : `next run ${when(d.nextRunAt)}`;
    print(`  discovery  ${d.running ? 'running now; ' : ''}${state}; ${last}`);
  }
  return health.status === 'ok' ? 0 : 1;
}
