/**
 * Issue 11 rule 3, a plan before a large run (dry run): POST /api/v1/plans predicts what a bulk
 * replication would do to every account (create, adopt, skip as linked, skip as unlinked by an
 * admin, fail with the reason) without writing to VoipNow; running it does what it said, and the
 * accounts changed since are planned again. Real simulators, Temporal and PostgreSQL.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pleskAdmin } from '../support/plesk-admin';
import { DEMO_TEMPLATE_SEED } from '../../scripts/stack';
import { scanEstate, startApiStack, type ApiStack, type Who } from '../support/api';
import { discoverAndReplicate, switchAutomatic } from '../support/discovery';

interface Item {
  seq: number;
  account: string;
  kind: string;
  name: string;
  action: string;
  reasonType?: string;
  reasonText?: string;
  template?: string;
  contactSource?: string;
  detail?: string;
}

function helpers(get: () => ApiStack) {
  const call = (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
    get().app.inject({ method, url, headers: get().headers(who), ...(payload ? { payload } : {}) });
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 120): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(250);
    }
  }
  /** Makes a plan and waits until it is ready. */
  async function plan(who: Who, body: object, seconds = 120) {
    const made = await call(who, 'POST', '/api/v1/plans', body);
    expect(made.statusCode, made.body).toBe(202);
    const { id, url } = made.json();
    const ready = await until(
      async () => (await call(who, 'GET', `${url}?limit=1`)).json(),
      (b) => b.state !== 'computing',
      seconds,
    );
    expect(ready.state, JSON.stringify(ready)).toBe('ready');
    return { id: id as string, url: url as string, totals: ready.totals };
  }
  /** Every item of a plan, page by page through the cursor. */
  async function items(who: Who, url: string, limit: number): Promise<Item[]> {
    const all: Item[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const page: { items: Item[]; nextCursor: number | null } = (await call(who, 'GET', `${url}?cursor=${cursor}&limit=${limit}`)).json();
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    return all;
  }
  return { call, until, plan, items };
}

describe('a plan before a large run (dry run)', () => {
  let stack: ApiStack;
  let server: string;
  const { call, until, plan, items } = helpers(() => stack);

  beforeAll(async () => {
    stack = await startApiStack();
    server = stack.pleskServer;
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('predicts each account of the estate, writes nothing to VoipNow, and the run does what it said', { timeout: 300_000 }, async () => {
    const settings = await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: server } });
    // Adopt: VoipNow already holds reseller 3 with our tag (an earlier try whose answer was lost).
    const reseller3 = await stack.db.pleskAccount.findUniqueOrThrow({
      where: { pleskServer_kind_pleskId: { pleskServer: server, kind: 'reseller', pleskId: '3' } },
    });
    const seeded = stack.voipnow.seed({
      accounts: [
        {
          kind: 'reseller',
          login: reseller3.login!,
          password: 'Kq7#mZ2!xw',
          serverID: `${settings.soapTag}:reseller:3`,
          // As a template would have left it: its own client and extension templates (decision 093).
          templates: DEMO_TEMPLATE_SEED.templates!.filter((t) => t.level !== 10),
        },
      ],
    });
    const adoptedId = seeded.accounts[0]!.ID;
    // ...made by a try of ours: its attempt row is there (the engine adopts only then).
    await stack.db.attempt.create({
      data: {
        pleskServer: server,
        kind: 'reseller',
        pleskId: '3',
        number: 1,
        operation: 'replicate',
        outcome: 'interrupted',
        workflowId: `replicate/${server}/reseller/3`,
        runId: 'lost-answer',
      },
    });
    // Ask: VoipNow holds another reseller with our tag but no try of ours made it (an earlier link's).
    const other = await stack.db.pleskAccount.findFirstOrThrow({
      where: { pleskServer: server, kind: 'reseller', pleskId: { not: '3' }, login: { not: null } },
      orderBy: { pleskId: 'asc' },
    });
    stack.voipnow.seed({
      accounts: [
        { kind: 'reseller', login: other.login!, password: 'Kq7#mZ2!xw', serverID: `${settings.soapTag}:reseller:${other.pleskId}` },
      ],
    });
    // As a template would have left it; the plan does not read limits (docs/decisions/085-plans.md).
    stack.voipnow.state.account(adoptedId)!.limits = { clientMax: null, phoneExtMax: null };
    // Skip as unlinked: an admin unlinked client 7 (the column another change sets on unlink).
    await stack.db.pleskAccount.update({
      where: { pleskServer_kind_pleskId: { pleskServer: server, kind: 'client', pleskId: '7' } },
      data: { unlinkedAt: new Date('2026-12-01T10:00:00Z'), unlinkedBy: 'test-admin' },
    });

    const writesBefore = stack.voipnow.stats.writes;
    const made = await plan('admin', { scope: 'all', pleskServer: server });
    expect(stack.voipnow.stats.writes).toBe(writesBefore);

    const planned = await items('admin', made.url, 7);
    expect(planned.length).toBe(made.totals.accounts);
    expect(planned.map((i) => i.seq)).toEqual(planned.map((_, n) => n + 1));
    const total = (action: string) => planned.filter((i) => i.action === action).length;
    for (const action of ['create', 'adopt', 'skipUnlinked', 'fail']) expect(made.totals.byAction[action], action).toBe(total(action));
    expect(made.totals.byLevel.resellers.create + made.totals.byLevel.domains.create + made.totals.byLevel.mailboxes.create).toBe(
      total('create'),
    );
    expect(planned.find((i) => i.account === `${server}/reseller/3`)).toMatchObject({ action: 'adopt', contactSource: 'self' });
    expect(planned.find((i) => i.account === `${server}/client/7`)).toMatchObject({ action: 'skipUnlinked' });
    expect(planned.find((i) => i.account === `${server}/reseller/${other.pleskId}`)).toMatchObject({
      action: 'fail',
      reasonType: 'taggedFromEarlierLink',
    });
    expect(planned.find((i) => i.account === `${server}/client/7`)!.detail).toContain('test-admin');
    expect(total('create')).toBeGreaterThan(0);
    // Below the unlinked client: not replicated by this run, so its domains cannot be.
    const underUnlinked = planned.filter((i) => i.kind === 'domain' && i.action === 'fail' && i.reasonType === 'invalidParent');
    expect(underUnlinked.length).toBeGreaterThan(0);
    const created = planned.find((i) => i.action === 'create' && i.kind === 'domain');
    expect(created?.template).toBeTruthy();
    expect(['domainAdministrator', 'owner']).toContain(created?.contactSource);

    // Changed since the plan: a client predicted to be created gets an email VoipNow refuses.
    const changedClient = planned.find((i) => i.kind === 'client' && i.action === 'create')!;
    const changedId = changedClient.account.split('/').at(-1)!;
    await pleskAdmin(stack.plesk).call('PATCH', `customers/${changedId}`, { contact: { email: 'not an email' } });

    const run = await call('admin', 'POST', `${made.url}/run`, {});
    expect(run.statusCode, run.body).toBe(202);
    const finished = await until(
      async () => (await call('admin', 'GET', `${made.url}/run`)).json(),
      (b) => b.status !== 'running',
      240,
    );
    expect(finished.status, JSON.stringify(finished)).toBe('completed');
    expect(finished.replanned).toContainEqual({
      account: changedClient.account,
      before: expect.stringMatching(/^create/),
      after: expect.stringMatching(/^fail \(invalidEmail\)/),
    });

    // What the run did is what the (re)plan said, account by account.
    const replanned = await items('admin', made.url, 500);
    const fieldFailures = replanned.filter((i) => i.action === 'fail' && i.reasonType !== 'invalidParent');
    expect(fieldFailures.length).toBeGreaterThan(0);
    for (const item of replanned) {
      const [, kind, pleskId] = item.account.split('/') as [string, 'client', string];
      const link = await stack.db.accountLink.findUnique({ where: { pleskServer_kind_pleskId: { pleskServer: server, kind, pleskId } } });
      const attempt = await stack.db.attempt.findFirst({ where: { pleskServer: server, kind, pleskId }, orderBy: { number: 'desc' } });
      const what = `${item.account} planned ${item.action} ${item.reasonType ?? ''}, attempt ${attempt?.outcome} ${attempt?.reasonType} ${attempt?.reasonText}`;
      if (item.action === 'create' || item.action === 'adopt') {
        expect(link, what).not.toBeNull();
        if (item.template) expect(link!.templateName, what).toBe(item.template);
      } else if (item.action === 'fail' && item.reasonType !== 'invalidParent') {
        expect(link, what).toBeNull();
        expect(attempt?.reasonType, what).toBe(item.reasonType);
      } else {
        expect(link, what).toBeNull();
        expect(attempt, what).toBeNull();
      }
    }
    const adopted = await stack.db.accountLink.findUniqueOrThrow({
      where: { pleskServer_kind_pleskId: { pleskServer: server, kind: 'reseller', pleskId: '3' } },
    });
    expect(adopted.voipnowId).toBe(adoptedId);

    // A second plan: what the run linked is now skipped as linked.
    const again = await plan('admin', { scope: 'all', pleskServer: server });
    expect(again.totals.byAction.skipLinked).toBe(total('create') + total('adopt') - 1);
  });

  it('lets a reseller plan its own subtree only; the estate and moves are for admins; a mailbox cannot plan', async () => {
    expect((await call('reseller', 'POST', '/api/v1/plans', { scope: 'subtree', root: `${server}/reseller/3` })).statusCode).toBe(404);
    expect((await call('reseller', 'POST', '/api/v1/plans', { scope: 'all', pleskServer: server })).statusCode).toBe(403);
    expect((await call('reseller', 'POST', '/api/v1/plans', { move: `${server}/client/6` })).statusCode).toBe(403);
    expect((await call('mailbox', 'POST', '/api/v1/plans', { scope: 'subtree', root: `${server}/reseller/2` })).statusCode).toBe(403);
    const own = await plan('reseller', { scope: 'subtree', root: `${server}/reseller/2` });
    const planned = await items('reseller', own.url, 100);
    expect(planned.map((i) => i.account)).toContain(`${server}/client/6`);
    expect(planned.every((i) => !i.account.startsWith(`${server}/reseller/3`) && i.account !== `${server}/client/7`)).toBe(true);
    expect((await call('client', 'GET', own.url)).statusCode).toBe(404);
    const estate = await plan('admin', { scope: 'all', pleskServer: server });
    expect((await call('reseller', 'GET', estate.url)).statusCode).toBe(404);
    expect((await call('admin', 'POST', '/api/v1/plans', {})).json().message).toContain('Say what to plan');
  });

  it('plans a move: an account that is not linked would fail with its reason', async () => {
    const made = await plan('admin', { move: `${server}/client/4` });
    const [item] = await items('admin', made.url, 10);
    expect(item).toMatchObject({ account: `${server}/client/4`, action: 'fail', reasonType: 'notLinked' });
  });
});

const SIZE = process.env['PLAN_100K'] === '1' ? 100_000 : 3000;

describe(`a plan of a ${SIZE.toLocaleString('en')}-account estate`, () => {
  let stack: ApiStack;
  const { plan, call } = helpers(() => stack);

  beforeAll(async () => {
    stack = await startApiStack();
    // The large estate replaces the small one, and discovery's snapshot is read again (a read of
    // 100,000 accounts from a simulator in this same busy process may lose its connection: again).
    await pleskAdmin(stack.plesk).call('POST', 'estate', { size: SIZE, seed: 7 });
    for (let tries = 1; ; tries++) {
      try {
        await scanEstate(stack);
        break;
      } catch (error) {
        if (tries === 6) throw error;
        await sleep(5000);
      }
    }
  }, 900_000);
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('pages through every account by cursor and writes nothing to VoipNow', { timeout: 900_000 }, async () => {
    const writesBefore = stack.voipnow.stats.writes;
    const started = performance.now();
    const made = await plan('admin', { scope: 'all', pleskServer: stack.pleskServer }, 840);
    const planSeconds = (performance.now() - started) / 1000;
    expect(made.totals.accounts).toBe(await stack.db.pleskAccount.count({ where: { pleskServer: stack.pleskServer, vanishedAt: null } }));
    let cursor: number | null = 0;
    let seen = 0;
    let slowest = 0;
    while (cursor !== null) {
      const t = performance.now();
      const page: { items: Item[]; nextCursor: number | null } = (
        await call('admin', 'GET', `${made.url}?cursor=${cursor}&limit=1000`)
      ).json();
      slowest = Math.max(slowest, performance.now() - t);
      expect(page.items[0]?.seq ?? cursor + 1).toBe(cursor + 1);
      seen += page.items.length;
      cursor = page.nextCursor;
    }
    expect(seen).toBe(made.totals.accounts);
    expect(stack.voipnow.stats.writes).toBe(writesBefore);
    console.info(`plan of ${seen} accounts in ${planSeconds.toFixed(1)} s; slowest page of 1000 in ${slowest.toFixed(0)} ms`);
  });
});

describe('a plan of what the next automatic run would do', () => {
  let stack: ApiStack;
  const { call, plan, items } = helpers(() => stack);

  beforeAll(async () => {
    stack = await startApiStack({ plesk: { estate: { size: 12, seed: 21 } } });
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it(
    'lists only accounts added after the first scan, of the levels switched on, and the run then does what it said',
    { timeout: 240_000 },
    async () => {
      const server = stack.pleskServer;
      const automatic = { scope: 'automatic', pleskServer: server };
      // Before the first scan: the next one only records the estate.
      expect((await plan('admin', automatic)).totals.accounts).toBe(0);
      await discoverAndReplicate(stack);
      await switchAutomatic(stack, true, { resellers: true, domains: false, mailboxes: false });
      // The old estate is never swept up, switches on or not.
      expect((await plan('admin', automatic)).totals.accounts).toBe(0);

      const plesk = pleskAdmin(stack.plesk);
      const customer = await plesk.addCustomer('planned-automatic');
      const domain = await plesk.addDomain('planned-automatic.test', customer);
      const writesBefore = stack.voipnow.stats.writes;
      const made = await plan('admin', automatic);
      expect(stack.voipnow.stats.writes).toBe(writesBefore);
      // Domains are switched off: the new domain is not the automatic run's.
      expect((await items('admin', made.url, 50)).map((i) => [i.account, i.action])).toEqual([[`${server}/client/${customer}`, 'create']]);
      expect((await call('reseller', 'POST', '/api/v1/plans', automatic)).statusCode).toBe(403);

      await discoverAndReplicate(stack);
      const link = await stack.db.accountLink.findUnique({
        where: { pleskServer_kind_pleskId: { pleskServer: server, kind: 'client', pleskId: customer } },
      });
      expect(link, 'the automatic run created what the plan said').not.toBeNull();
      const domainLink = await stack.db.accountLink.findUnique({
        where: { pleskServer_kind_pleskId: { pleskServer: server, kind: 'domain', pleskId: domain } },
      });
      expect(domainLink).toBeNull();
      expect((await plan('admin', automatic)).totals.accounts).toBe(0);
    },
  );
});
