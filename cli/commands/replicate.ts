/**
 * `replicate <key>`: one account, answering the template question with --template or --yes.
 * `replicate --subtree <key>` / `--all`: bulk, with a live progress bar until it is done.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { keyToString, type AccountKey } from '../../domain';
import { CliError, type ApiClient } from '../api-client';
import { accountPath, chooseServer, plural } from '../words';

interface ActionAnswer {
  workflowId: string;
  webUiUrl?: string;
  state?: 'running' | 'completed';
  result?: { outcome: string; voipnowKind: string; voipnowId: number; templateName?: string };
  error?: string;
  message?: string;
  detail?: string;
  templates?: { id: number; name: string }[];
}

interface Progress {
  phase: string;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  remaining: number;
}

/** Exit code of a bulk run that finished with accounts that failed. */
export const SOME_FAILED = 2;

export async function replicateOne(
  client: ApiClient,
  key: AccountKey,
  options: { template?: string; yes?: boolean },
  print: (line: string) => void,
): Promise<number> {
  const template =
    options.template === undefined
      ? undefined
      : /^\d+$/.test(options.template)
        ? { id: Number(options.template) }
        : { name: options.template };
  const body = { ...(template ? { template } : {}), ...(options.yes ? { confirmNoTemplate: true } : {}) };
  const answer = await client.call<ActionAnswer>('POST', `${accountPath(key)}/replicate?wait=30`, { body, accept: [409, 422] });
  const reply = answer.body;
  if (answer.status === 409 && reply.error === 'templateRequired') {
    print(reply.message ?? 'A template must be chosen');
    for (const t of reply.templates ?? []) print(`  ${t.name} (#${t.id})`);
    print(`Run again with --template <name or ID>.`);
    return 1;
  }
  if (answer.status === 422 && reply.error === 'noTemplatesConfirm') {
    print(reply.message ?? '');
    print('Run again with --yes to proceed.');
    return 1;
  }
  if (answer.status >= 400) throw new CliError([reply.message, reply.detail].filter(Boolean).join(': '));
  let result = reply.result;
  if (reply.state === 'running') {
    print(`Replicating ${keyToString(key)}… (${reply.webUiUrl ?? reply.workflowId})`);
    result = await waitForAccount(client, key);
  }
  if (!result)
    throw new CliError(`The replication of ${keyToString(key)} ended without a result; see ${reply.webUiUrl ?? reply.workflowId}`);
  const verb = result.outcome === 'adopted' ? 'adopted the existing' : 'as';
  print(
    `Replicated ${keyToString(key)} ${verb} VoipNow ${result.voipnowKind} #${result.voipnowId}${result.templateName ? ` (template ${result.templateName})` : ''}.`,
  );
  return 0;
}

/** After a 202: watch the account until its replication ends, then report like a 200 would. */
async function waitForAccount(client: ApiClient, key: AccountKey): Promise<ActionAnswer['result']> {
  for (;;) {
    await sleep(1000);
    const view = await client.get<{
      state: string;
      link: { voipnowKind: string; voipnowId: number } | null;
      attempts: { reason: string | null }[];
    }>(accountPath(key));
    if (view.state === 'replicated' && view.link)
      return { outcome: 'created', voipnowKind: view.link.voipnowKind, voipnowId: view.link.voipnowId };
    if (view.state === 'failed') throw new CliError(view.attempts.at(-1)?.reason ?? 'The replication failed');
  }
}

export async function replicateBulk(
  client: ApiClient,
  scope: { root: AccountKey } | { all: true; server?: string },
  options: { parallelism?: number; pollMs?: number },
  print: (line: string) => void,
): Promise<number> {
  const body =
    'root' in scope
      ? { scope: 'subtree', root: keyToString(scope.root) }
      : { scope: 'all', pleskServer: await chooseServer(client, scope.server) };
  const started = (
    await client.call<{ workflowId: string; joined: boolean; progressUrl: string; webUiUrl: string }>('POST', '/api/v1/bulk-replications', {
      body: { ...body, ...(options.parallelism ? { parallelism: options.parallelism } : {}) },
    })
  ).body;
  print(`${started.joined ? 'Joined the running' : 'Started'} bulk replication ${started.workflowId}`);
  print(`  Temporal Web UI: ${started.webUiUrl}`);

  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total} | replicated {done}, failed {failed}, skipped {skipped}, remaining {remaining}',
      // Progress goes to stderr; without a terminal (CI, pipes) it is printed as plain lines.
      noTTYOutput: true,
      notTTYSchedule: 1000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { phase: 'planning', done: 0, failed: 0, skipped: 0, remaining: 0 });
  let final: { status: string; progress: Progress | null; reason?: string };
  try {
    for (;;) {
      final = await client.get<{ status: string; progress: Progress | null; reason?: string }>(started.progressUrl);
      const p = final.progress;
      if (p) {
        bar.setTotal(Math.max(p.total, 1));
        bar.update(p.done + p.failed + p.skipped, {
          phase: p.phase,
          done: p.done,
          failed: p.failed,
          skipped: p.skipped,
          remaining: p.remaining,
        });
      }
      if (final.status !== 'running') break;
      await sleep(options.pollMs ?? 500);
    }
  } finally {
    bar.stop();
  }
  if (final.status !== 'completed' || !final.progress) {
    throw new CliError(`The bulk replication ${final.status}${final.reason ? `: ${final.reason}` : ''}`);
  }
  const p = final.progress;
  print(
    `Bulk replication finished: ${p.done} of ${plural(p.total, 'account')} replicated, ${p.failed} failed, ${p.skipped} skipped (parent not replicated).`,
  );
  if (p.failed > 0) print('The reasons are in the log: npm run cli -- log --level error');
  return p.failed > 0 ? SOME_FAILED : 0;
}
