/**
 * The admin CLI run as a real process against a real API (listening on a port) and worker: what it
 * prints, its exit codes, and what it changed.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyToString } from '../../domain';
import { ADMIN_TOKEN, startApiStack, type ApiStack } from '../support/api';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the admin CLI', () => {
  let stack: ApiStack;
  let server: string;

  const cli = (args: string[], token = ADMIN_TOKEN, env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['cli/bin.js', ...args],
        { cwd: ROOT, env: { ...process.env, PVSYNC_API: stack.baseUrl, PVSYNC_TOKEN: token, ...env }, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    stack = await startApiStack({ listen: true });
    server = stack.pleskServer;
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('--dry-run plans a bulk run and a move: totals and the first accounts, nothing written to VoipNow', async () => {
    const writesBefore = stack.voipnow.stats.writes;
    const run = await cli(['replicate', '--all', '--server', server, '--dry-run']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const header = /Plan \S+ \(dry run, nothing was written to VoipNow\): (\d+) accounts/.exec(run.stdout);
    expect(header, run.stdout).not.toBeNull();
    expect(Number(header![1])).toBe(await stack.db.pleskAccount.count({ where: { pleskServer: server } }));
    expect(run.stdout).toMatch(/\n {2}resellers: create \d+/);
    expect(run.stdout).toMatch(/would fail by reason: \w+ \d+/);
    expect(run.stdout).toContain('First 20 accounts:');
    expect(run.stdout).toMatch(new RegExp(`\\n  ${server}/client/\\d+ +create \\(template \\w+; contact self\\)`));
    const move = await cli(['move', `${server}/client/4`, '--dry-run']);
    expect(move.code, move.stderr).toBe(0);
    expect(move.stdout).toContain(`${server}/client/4`);
    expect(move.stdout).toContain('would fail: The account is not linked to VoipNow');
    const one = await cli(['replicate', `${server}/client/4`, '--dry-run']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('--dry-run plans a bulk run');
    expect(stack.voipnow.stats.writes).toBe(writesBefore);
    expect(await stack.db.accountLink.count({ where: { pleskServer: server } })).toBe(0);
  });

  it('replicates a subtree in bulk with a progress bar, and the accounts are replicated', async () => {
    const root = keyToString(stack.accounts.reseller);
    const run = await cli(['replicate', '--subtree', root, '--parallelism', '4']);
    expect(run.stdout).toContain(`Started bulk replication bulk/${root}`);
    expect(run.stdout).toContain('Temporal Web UI: ');
    const summary = /Bulk replication finished: (\d+) of (\d+) accounts replicated, (\d+) failed, (\d+) skipped/.exec(run.stdout);
    expect(summary, run.stdout + run.stderr).not.toBeNull();
    const [done, total, failed, skipped] = summary!.slice(1).map(Number) as [number, number, number, number];
    expect(done + failed + skipped).toBe(total);
    expect(run.code).toBe(failed > 0 ? 2 : 0);
    // The bar, printed as lines without a terminal, ends at the total.
    expect(run.stderr).toMatch(
      new RegExp(`done \\[[^\\]]*\\] ${total}/${total} \\| replicated ${done}, failed ${failed}, skipped ${skipped}, remaining 0`),
    );

    const links = await stack.db.accountLink.count({
      where: {
        pleskServer: server,
        OR: [
          { kind: 'reseller', pleskId: '2' },
          { kind: 'client', pleskId: '6' },
          { kind: 'domain', pleskId: '2' },
          { kind: 'mailbox', pleskId: { startsWith: '2.' } },
        ],
      },
    });
    expect(links).toBe(done);
  });

  it('shows the status in the product words', async () => {
    const run = await cli(['status']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('up (database ok, Temporal ok)');
    expect(run.stdout).toContain('Signed in   admin (admin)');
    expect(run.stdout).toContain(`Plesk server ${server}`);
    expect(run.stdout).toMatch(/resellers\s+1 of 2 replicated/);
    expect(run.stdout).toContain('discovery  no schedule');
  });

  it('replicates one account, unlinks it, links it back and refuses to move what is not linked', async () => {
    const key = `${server}/client/4`;
    const replicated = await cli(['replicate', key]);
    expect(replicated.code, replicated.stderr).toBe(0);
    const match = /Replicated .+ as VoipNow reseller #(\d+) \(template Reseller\)\./.exec(replicated.stdout);
    expect(match, replicated.stdout).not.toBeNull();

    const unlinked = await cli(['unlink', key]);
    expect(unlinked.stdout.trim()).toBe('Unlinked 1 account. The VoipNow accounts stay.');
    const linked = await cli(['link', key, match![1]!]);
    expect(linked.stdout.trim()).toBe(`Linked ${key} to VoipNow reseller #${match![1]}.`);

    const move = await cli(['move', `${server}/client/5`]);
    expect(move.code).toBe(1);
    expect(move.stderr.trim()).toBe(`The account is not linked to VoipNow: ${server}/client/5 has nothing to move`);
  });

  it('prints the log, filtered by account and level, and follows it', async () => {
    const all = await cli(['log', '--account', `${server}/client/4`]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(new RegExp(`info\\s+${server}/client/4\\s+replicate`));
    expect(all.stdout).toMatch(/link\s+/);
    const errors = await cli(['log', '--level', 'error', '--server', server]);
    for (const line of errors.stdout.trim().split('\n').filter(Boolean)) expect(line).toMatch(/ error /);

    const follower = spawn(process.execPath, ['cli/bin.js', 'log', '--follow', '--account', `${server}/client/8`], {
      cwd: ROOT,
      env: { ...process.env, PVSYNC_API: stack.baseUrl, PVSYNC_TOKEN: ADMIN_TOKEN },
    });
    let seen = '';
    follower.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const replicated = await cli(['replicate', `${server}/client/8`]);
    expect(replicated.code, replicated.stderr).toBe(0);
    const deadline = Date.now() + 15_000;
    while (!seen.includes(`${server}/client/8`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    follower.kill('SIGINT');
    const code = await new Promise((resolve) => follower.on('exit', resolve));
    expect(seen).toMatch(new RegExp(`info\\s+${server}/client/8\\s+replicate`));
    expect(code).toBe(0);
  });

  it("prints the API's message and no stack trace when something is refused", async () => {
    const wrong = await cli(['status'], 'pvs_wrong-token-0000000000000000000000000000');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe('The token is not valid');

    const token = (
      await stack.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: stack.headers('admin'),
        payload: { name: 'cli reseller', role: 'reseller', account: keyToString(stack.accounts.reseller) },
      })
    ).json().token as string;
    const all = await cli(['replicate', '--all', '--server', server], token);
    expect(all.code).toBe(1);
    expect(all.stderr.trim()).toBe('Only admins may replicate the whole estate');
    const badKey = await cli(['unlink', 'plesk1/customer/3']);
    expect(badKey.stderr.trim()).toBe('"customer" is not an account kind; expected one of reseller, client, domain, mailbox');
    for (const run of [wrong, all, badKey]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('adds, lists and removes a Plesk server; the secret comes from the environment, never the command line', async () => {
    const name = `${server}-cli`;
    const plesk = stack.config.PLESK_URL!;
    const noSecret = await cli(['servers', 'add', name, '--url', plesk]);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('Set PVSYNC_PLESK_SECRET');
    const added = await cli(['servers', 'add', name, '--url', plesk, '--login-suffix', '-cli'], ADMIN_TOKEN, {
      PVSYNC_PLESK_SECRET: stack.config.PLESK_PASSWORD,
    });
    expect(added.code, added.stdout + added.stderr).toBe(0);
    expect(added.stdout).toContain(`Registered ${name} (SOAP tag ${name}); its discovery runs now and every 5 minutes.`);
    const reused = await cli(['servers', 'add', `${name}-2`, '--url', plesk, '--tag', name], ADMIN_TOKEN, { PVSYNC_PLESK_SECRET: 'x' });
    expect(reused.code).toBe(1);
    expect(reused.stderr).toContain(`The SOAP tag ${name} is already used by Plesk server ${name}`);
    expect(reused.stderr).not.toMatch(/\bat .*\.ts:\d+/);

    const listed = await cli(['servers']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${name} +served +tag ${name}, 0 linked, ${plesk.replace(/[.]/g, '\\.')}$`, 'm'));
    const removed = await cli(['servers', 'remove', name]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`Removed ${name}: its discovery stopped`);
    expect((await cli(['servers', 'list'])).stdout).toMatch(new RegExp(`^${name} +removed \\d{4}-`, 'm'));
    expect((await cli(['servers', 'remove', name])).stderr).toContain(`Plesk server ${name} was already removed`);
    expect((await cli(['status'])).stdout).toContain(`Plesk server ${name} (removed `);
  });
});
