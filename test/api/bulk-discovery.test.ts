/**
 * Bulk replication with its progress handle, the discovery schedule, and customers' own template
 * preferences, against the real engine.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDiscoverySchedule } from '../../temporal/schedule';
import { discoveryScheduleId } from '../../domain/workflow-ids';
import { startApiStack, type ApiStack, type Who } from '../support/api';

describe('bulk replication, the discovery schedule and template preferences', () => {
  let stack: ApiStack;
  let server: string;
  const call = (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    stack.app.inject({ method, url, headers: stack.headers(who), ...(payload ? { payload } : {}) });

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 60): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(250);
    }
  }

  beforeAll(async () => {
    stack = await startApiStack();
    server = stack.pleskServer;
  });
  afterAll(async () => {
    await stack?.temporal.schedule
      .getHandle(discoveryScheduleId(server))
      .delete()
      .catch(() => undefined);
    await stack?.closeAll();
  });

  it("replicates a reseller's subtree in bulk and reports progress through its handle until done", async () => {
    const started = await call('reseller', 'POST', '/api/v1/bulk-replications', { scope: 'subtree', root: `${server}/reseller/3` });
    expect(started.statusCode).toBe(404); // not its subtree
    // Not itself: an account controls replication of the accounts below it; its provider replicates it first.
    const itself = await call('reseller', 'POST', '/api/v1/bulk-replications', { scope: 'subtree', root: `${server}/reseller/2` });
    expect(itself.statusCode, itself.body).toBe(403);
    const provider = await call('admin', 'POST', `/api/v1/accounts/${server}/reseller/2/replicate?wait=30`, {});
    expect(provider.statusCode, provider.body).toBe(200);
    const own = await call('reseller', 'POST', '/api/v1/bulk-replications', { scope: 'subtree', root: `${server}/reseller/2` });
    expect(own.statusCode, own.body).toBe(202);
    const { workflowId, progressUrl } = own.json();
    expect(workflowId).toBe(`bulk/${server}/reseller/2`);

    const running = (await call('reseller', 'GET', progressUrl)).json();
    expect(['running', 'completed']).toContain(running.status);
    const final = await until(
      async () => (await call('reseller', 'GET', progressUrl)).json(),
      (body) => body.status !== 'running',
    );
    expect(final).toMatchObject({ workflowId, status: 'completed', progress: { phase: 'done', remaining: 0 } });
    const p = final.progress;
    expect(p.done + p.failed + p.skipped).toBe(p.total);
    const subtree = await stack.db.pleskAccount.count({
      where: {
        pleskServer: server,
        OR: [
          { kind: 'reseller', pleskId: '2' },
          { kind: 'client', ownerId: '2' },
          { kind: 'domain', ownerKind: 'client', ownerId: '6' },
          { kind: 'mailbox', ownerId: '2' },
        ],
      },
    });
    expect(p.total).toBe(subtree - 1); // the reseller itself was replicated by the admin
    expect(p.done).toBeGreaterThan(0);
    expect((await call('client', 'GET', progressUrl)).statusCode).toBe(404); // a client does not see its reseller's run
  });

  it('replicates the whole estate only for admins, and a second request joins the running one', async () => {
    expect((await call('reseller', 'POST', '/api/v1/bulk-replications', { scope: 'all', pleskServer: server })).statusCode).toBe(403);
    // VoipNow answers slowly, so the run is still going when it is asked for a second time.
    stack.voipnow.configure({ latencyMs: 300 });
    const first = await call('admin', 'POST', '/api/v1/bulk-replications', { scope: 'all', pleskServer: server, parallelism: 5 });
    expect(first.statusCode, first.body).toBe(202);
    const second = await call('admin', 'POST', '/api/v1/bulk-replications', { scope: 'all', pleskServer: server });
    const { workflowId, progressUrl } = first.json();
    expect(second.statusCode, second.body).toBe(202);
    expect(second.json()).toMatchObject({ joined: true, runId: first.json().runId });
    const final = await until(
      async () => (await call('admin', 'GET', progressUrl)).json(),
      (body) => body.status !== 'running',
      120,
    );
    expect(final).toMatchObject({ workflowId: `bulk/${server}/all`, status: 'completed', progress: { phase: 'done' } });
    stack.voipnow.configure({ latencyMs: 0 });
    expect(workflowId).toBe(`bulk/${server}/all`);
    expect((await call('admin', 'GET', `/api/v1/bulk-replications/${encodeURIComponent('replicate/x/client/1')}`)).statusCode).toBe(404);
    expect((await call('admin', 'POST', '/api/v1/bulk-replications', { scope: 'subtree' })).json().field).toBe('body.root');
  }, 180_000);

  it('shows the discovery schedule, pauses, resumes and runs it now', async () => {
    expect((await call('admin', 'GET', `/api/v1/discovery/${server}`)).statusCode).toBe(404);
    await ensureDiscoverySchedule(stack.temporal, { pleskServer: server, taskQueue: stack.taskQueue });
    const state = (await call('admin', 'GET', `/api/v1/discovery/${server}`)).json();
    expect(state).toMatchObject({ scheduleId: `discovery/${server}`, paused: false, lastRun: null, nextRunAt: expect.any(String) });

    const paused = (await call('admin', 'POST', `/api/v1/discovery/${server}/pause`, { note: 'VoipNow maintenance tonight' })).json();
    expect(paused).toMatchObject({ paused: true, note: 'VoipNow maintenance tonight', nextRunAt: null });
    const resumed = (await call('admin', 'POST', `/api/v1/discovery/${server}/resume`)).json();
    expect(resumed).toMatchObject({ paused: false, nextRunAt: expect.any(String) });

    const run = await call('admin', 'POST', `/api/v1/discovery/${server}/run`);
    expect(run.statusCode).toBe(202);
    const done = await until(
      async () => (await call('admin', 'GET', `/api/v1/discovery/${server}`)).json(),
      (body) => body.lastRun !== null && body.lastRun.status !== 'running',
      120,
    );
    expect(done.lastRun).toMatchObject({
      status: 'completed',
      result: { accounts: expect.any(Number), replicationStarted: expect.any(Boolean) },
    });
    expect(done.lastRun.webUiUrl).toContain('/workflows/');
    await call('admin', 'POST', `/api/v1/discovery/${server}/pause`);
  }, 180_000);

  it('lets a reseller choose its own templates only when the settings allow it, and only templates that exist', async () => {
    const url = `/api/v1/accounts/${server}/reseller/2/templates`;
    const closed = (await call('reseller', 'GET', url)).json();
    expect(closed).toMatchObject({ allowed: false, client: null, extension: null });
    expect(closed.available.client.map((t: { name: string }) => t.name)).toContain('Business client');
    const refused = await call('reseller', 'PUT', url, { client: 'Business client' });
    expect(refused.statusCode).toBe(403);

    await stack.db.settings.update({ where: { pleskServer: server }, data: { allowCustomerTemplates: true } });
    const set = await call('reseller', 'PUT', url, { client: 'Business client', extension: 'Phone terminal' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ allowed: true, client: 'Business client', extension: 'Phone terminal' });
    const unknown = await call('reseller', 'PUT', url, { client: 'Platinum' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: 'invalidTemplate', field: 'body.client' });
    expect((await call('reseller', 'PUT', url, { extension: null })).json()).toMatchObject({ client: 'Business client', extension: null });

    expect((await call('reseller', 'PUT', `/api/v1/accounts/${server}/client/6/templates`, { client: null })).statusCode).toBe(403); // its client's, not its own
    expect((await call('reseller', 'GET', `/api/v1/accounts/${server}/reseller/3/templates`)).statusCode).toBe(404);
    expect((await call('admin', 'PUT', `/api/v1/accounts/${server}/client/6/templates`, { client: 'Business client' })).statusCode).toBe(
      200,
    );
    expect((await call('admin', 'GET', `/api/v1/accounts/${server}/domain/2/templates`)).statusCode).toBe(400);
  });
});
