import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestVoipnowClient as VoipnowClient } from '../support/voipnow-client';
import { ADMIN, connect, GOOD_PASSWORD, startTestSim, type TestSim } from './helpers';

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

describe('the VoipNow simulator admin API under /__sim/', () => {
  let t: TestSim;
  let vn: VoipnowClient;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${t.sim.url}${path}`, {
      ...init,
      headers: { authorization: basic(ADMIN.login, ADMIN.password), 'content-type': 'application/json', ...init.headers },
    });

  beforeAll(async () => {
    t = await startTestSim();
    vn = await connect(t.sim);
  });
  afterAll(async () => {
    vn.close();
    await t.stop();
  });

  it('asks for the admin credentials', async () => {
    expect((await fetch(`${t.sim.url}/__sim/state`)).status).toBe(401);
    expect((await fetch(`${t.sim.url}/__sim/state`, { headers: { authorization: basic(ADMIN.login, 'nope') } })).status).toBe(401);
    expect((await admin('/__sim/state')).status).toBe(200);
  });

  it('seeds a tree of accounts with templates and charging plans in one request', async () => {
    const response = await admin('/__sim/seed', {
      method: 'POST',
      body: JSON.stringify({
        chargingPlans: [{ name: 'Standard' }],
        templates: [{ name: 'Gold reseller', level: 10, limits: { clientMax: 3 }, permissions: ['clientManag'], chargingPlan: 'Standard' }],
        accounts: [
          {
            kind: 'reseller',
            login: 'seeded-reseller',
            password: GOOD_PASSWORD,
            template: 'Gold reseller',
            serverID: 'CTRL-1',
            templates: [{ name: 'Small client', level: 50, limits: { phoneExtMax: 2 } }],
            accounts: [
              {
                kind: 'client',
                login: 'seeded-client',
                template: 'Small client',
                accounts: [{ kind: 'extension', login: 'seeded-phone' }],
              },
            ],
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { accounts: { kind: string; login: string; extensionNo?: string }[]; templates: unknown[] };
    expect(result.accounts.map((a) => `${a.kind}:${a.login}`)).toEqual([
      'reseller:seeded-reseller',
      'client:seeded-client',
      'extension:seeded-phone',
    ]);
    expect(result.accounts[2]).toMatchObject({ extensionNo: '0001' });
    expect(result.templates).toHaveLength(2);
    const client = await vn.findAccount('client', { login: 'seeded-client' });
    expect(t.sim.state.account(client!.id)?.limits).toEqual({ phoneExtMax: 2 });
  });

  it('refuses a seed that breaks the tree, saying why', async () => {
    const response = await admin('/__sim/seed', {
      method: 'POST',
      body: JSON.stringify({ accounts: [{ kind: 'extension', login: 'orphan-phone' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'account orphan-phone: a extension cannot be owned by admin' });
  });

  it('shows the whole state without password hashes', async () => {
    const state = (await (await admin('/__sim/state')).json()) as {
      accounts: Record<string, unknown>[];
      templates: unknown[];
      switches: Record<string, unknown>;
    };
    expect(state.accounts.map((a) => a.login)).toContain('seeded-reseller');
    expect(state.accounts.every((a) => !('passwordHash' in a))).toBe(true);
    expect(state.switches).toMatchObject({ faultRate: 0, lockoutThreshold: 10, lockoutSeconds: 900 });
  });

  it('counts SOAP calls per operation', async () => {
    await admin('/__sim/stats', { method: 'DELETE' });
    await vn.ping();
    await vn.ping();
    await vn.listResellers();
    const stats = (await (await admin('/__sim/stats')).json()) as { calls: Record<string, number> };
    expect(stats.calls).toEqual({ Ping: 2, GetResellers: 1 });
  });

  it('changes switches at run time and refuses nonsense', async () => {
    const bad = await admin('/__sim/switches', { method: 'PATCH', body: JSON.stringify({ faultRate: 2, latencyMs: 'slow', bogus: 1 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: string[] }).errors).toHaveLength(3);
    const good = await admin('/__sim/switches', { method: 'PATCH', body: JSON.stringify({ latencyMs: 120 }) });
    expect(await good.json()).toMatchObject({ latencyMs: 120 });
    const started = Date.now();
    await vn.ping();
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    await admin('/__sim/switches', { method: 'PATCH', body: JSON.stringify({ latencyMs: 0 }) });
  });

  it('queues calls beyond the concurrency cap', async () => {
    t.sim.configure({ concurrency: 1, latencyMs: 100 });
    try {
      const started = Date.now();
      await Promise.all([vn.ping(), vn.ping(), vn.ping()]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      t.sim.configure({ concurrency: 0, latencyMs: 0 });
    }
  });

  it('resets to an empty server', async () => {
    expect((await admin('/__sim/reset', { method: 'POST' })).status).toBe(200);
    expect(await vn.listResellers()).toEqual([]);
    expect(t.sim.state.templates).toEqual([]);
  });
});
