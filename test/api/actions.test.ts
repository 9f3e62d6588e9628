/**
 * The actions on one account against the real engine: manual replication with its template
 * questions, retry now, link to an existing VoipNow account, unlink (one or a subtree), move.
 * Each test gets its own stack (simulators, settings, worker) and builds the state it needs, so
 * any one of them runs alone and in any order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE_SEED } from '../../scripts/stack';
import { keyToString, reasonText, type AccountKey } from '../../domain';
import { scanEstate, startApiStack, unlimit, type ApiStack } from '../support/api';

describe('actions on an account', () => {
  let stack: ApiStack;
  let server: string;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: server, kind, pleskId });
  const post = (path: string, payload: object = {}) =>
    stack.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${path}${path.includes('?') ? '&' : '?'}wait=30`,
      headers: stack.headers('admin'),
      payload,
    });
  /** Changes settings and restarts the worker, which otherwise reads them again within 5 seconds. */
  const settings = async (change: object) => {
    const reply = await stack.app.inject({
      method: 'PATCH',
      url: `/api/v1/settings/${server}`,
      headers: stack.headers('admin'),
      payload: change,
    });
    expect(reply.statusCode, reply.body).toBe(200);
    await stack.stopWorker();
    await stack.startWorker();
  };
  const plesk = (method: string, path: string, body: object) =>
    fetch(`${stack.plesk.url}/__sim/${path}`, {
      method,
      headers: { authorization: `Basic ${Buffer.from('admin:Plesk-Test-2026').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** A Plesk reseller or client replicated by hand with no template (limits lifted), as an admin confirms it. */
  const replicateWithoutTemplate = async (kind: 'reseller' | 'client', pleskId: string) => {
    const reply = await post(`${server}/${kind}/${pleskId}/replicate`, { confirmNoTemplate: true });
    expect(reply.statusCode, reply.body).toBe(200);
    await unlimit(stack, key(kind, pleskId));
  };
  /** VoipNow gets the demo templates (after a replication read it had none: a new settings version makes the worker ask again). */
  const seedTemplates = async () => {
    stack.voipnow.seed(DEMO_TEMPLATE_SEED);
    await settings({ soap: { timeoutSeconds: 5 } });
  };
  const manualTemplates = () =>
    settings({ manualReplication: { templates: { reseller: 'Reseller', client: 'Business client', extension: 'Phone terminal' } } });
  /** Client 6 (reseller 2's) replicated from the one template its parent offers. */
  const replicateClient6 = async () => {
    await replicateWithoutTemplate('reseller', '2');
    await seedTemplates();
    const asked = await post(`${server}/client/6/replicate`);
    const id = (asked.json().templates as { id: number }[])[0]!.id;
    const chosen = await post(`${server}/client/6/replicate`, { template: { id } });
    expect(chosen.statusCode, chosen.body).toBe(200);
    await unlimit(stack, key('client', '6'));
  };

  beforeEach(async () => {
    // No templates anywhere: VoipNow has none and the settings name none.
    stack = await startApiStack({ templates: false });
    server = stack.pleskServer;
  });
  afterEach(async () => {
    await stack?.closeAll();
  });

  it("asks to confirm, in the product's words, replicating with no permissions or limits when VoipNow has no templates", async () => {
    const asked = await post(`${server}/reseller/2/replicate`);
    expect(asked.statusCode, asked.body).toBe(422);
    expect(asked.json()).toMatchObject({
      error: 'noTemplatesConfirm',
      message:
        'There are no templates for client replication. The client will be replicated with no permissions or limits. Do you want to proceed?',
      templates: [],
    });
    const confirmed = await post(`${server}/reseller/2/replicate`, { confirmNoTemplate: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: 'completed', result: { outcome: 'created', voipnowKind: 'reseller' } });
  });

  it('asks which template when none is set for manual replication, lists those that exist, and uses the one chosen', async () => {
    await replicateWithoutTemplate('reseller', '2');
    await seedTemplates();
    const asked = await post(`${server}/client/6/replicate`);
    expect(asked.statusCode, asked.body).toBe(409);
    expect(asked.json()).toMatchObject({
      error: 'templateRequired',
      message: reasonText('templateRequired'),
      templates: [{ name: 'Reseller' }],
    });

    const wrong = await post(`${server}/client/6/replicate`, { template: { name: 'Platinum' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ error: 'invalidTemplate', message: reasonText('invalidTemplate') });

    const id = (asked.json().templates as { id: number }[])[0]!.id;
    const chosen = await post(`${server}/client/6/replicate`, { template: { id } });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json().result).toMatchObject({ outcome: 'created', templateName: 'Reseller' });

    const again = await post(`${server}/client/6/replicate`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('alreadyLinked');
  });

  it('refuses a domain whose owner is not replicated, and retries a failed account now once its data is fixed', async () => {
    await seedTemplates();
    await manualTemplates();
    const orphan = await post(`${server}/domain/1/replicate`); // client 7 owns it and is not replicated
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json()).toMatchObject({ error: 'invalidParent', message: expect.stringContaining('Invalid parent client id.') });

    const failed = await post(`${server}/client/7/replicate`); // ja-JP: a language VoipNow lacks
    expect(failed.json()).toMatchObject({
      error: 'invalidLanguage',
      message: 'Interface language for this client is not a valid option in VoipNow',
    });
    await plesk('PATCH', 'customers/7', { contact: { locale: 'en-US' } });
    const retried = await post(`${server}/client/7/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().result).toMatchObject({ voipnowKind: 'reseller' });
    const view = (
      await stack.app.inject({ method: 'GET', url: `/api/v1/accounts/${server}/client/7`, headers: stack.headers('admin') })
    ).json();
    expect(view.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'succeeded']);
    expect(view.state).toBe('replicated');
  });

  it('links an account to an existing VoipNow account (admins), and refuses an ID VoipNow does not have', async () => {
    const seeded = stack.voipnow.seed({ accounts: [{ kind: 'reseller', login: 'anna-existing', password: 'Existing#Harbor-77' }] });
    const voipnowId = seeded.accounts[0]!.ID;
    const linked = await post(`${server}/client/8/link`, { voipnowId });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ workflowId: `link/${server}/client/8`, result: { voipnowKind: 'reseller', voipnowId } });
    const view = (
      await stack.app.inject({ method: 'GET', url: `/api/v1/accounts/${server}/client/8`, headers: stack.headers('admin') })
    ).json();
    expect(view.link).toMatchObject({ origin: 'linked', voipnowId });
    expect((await post(`${server}/client/8/link`, { voipnowId })).json().error).toBe('alreadyLinked');

    const missing = await post(`${server}/client/5/link`, { voipnowId: 987654 });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ error: 'linkTargetInvalid', message: reasonText('linkTargetInvalid') });
    const noId = await post(`${server}/client/5/link`, {});
    expect(noId.json()).toMatchObject({ field: 'body.voipnowId' });
  });

  it('moves a domain to its new Plesk owner in VoipNow', async () => {
    await replicateClient6();
    await manualTemplates();
    // Reseller 3's own domain: refused while reseller 3 is not replicated.
    const refused = await post(`${server}/domain/5/replicate`);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toBe('invalidParent');
    expect((await post(`${server}/reseller/3/replicate`)).statusCode).toBe(200);
    await unlimit(stack, key('reseller', '3'));
    expect((await post(`${server}/domain/5/replicate`)).statusCode).toBe(200);
    expect((await plesk('POST', 'domains/5/move', { ownerId: 6 })).status).toBe(200);
    await scanEstate(stack);
    const moved = await post(`${server}/domain/5/move`);
    expect(moved.statusCode, moved.body).toBe(200);
    // workflows/types.ts says account key strings; the engine answers '<kind> <Plesk ID>' (told the lead).
    expect(moved.json().result).toMatchObject({ from: 'reseller 3', to: 'client 6' });
    const client6 = await stack.db.accountLink.findUniqueOrThrow({
      where: { pleskServer_kind_pleskId: { pleskServer: server, kind: 'client', pleskId: '6' } },
    });
    expect(moved.json().result.voipnowParentId).toBe(client6.voipnowId);
  });

  it('unlinks one account, or one and everything below it; the VoipNow accounts stay', async () => {
    const seeded = stack.voipnow.seed({ accounts: [{ kind: 'reseller', login: 'anna-existing', password: 'Existing#Harbor-77' }] });
    expect((await post(`${server}/client/8/link`, { voipnowId: seeded.accounts[0]!.ID })).statusCode).toBe(200);
    await replicateClient6();
    await manualTemplates();
    expect((await post(`${server}/domain/2/replicate`)).statusCode).toBe(200); // client 6's own domain

    const one = await post(`${server}/client/8/unlink`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().result).toEqual({ unlinked: 1 });
    const twice = await post(`${server}/client/8/unlink`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ error: 'notLinked', message: 'The account is not linked to VoipNow' });

    const accounts = stack.voipnow.state.accounts.length;
    const subtree = await post(`${server}/client/6/unlink`, { recursive: true });
    expect(subtree.statusCode, subtree.body).toBe(200);
    expect(subtree.json().result.unlinked).toBe(2); // client 6 and its domain 2
    expect(stack.voipnow.state.accounts.length).toBe(accounts);
    const listed = (
      await stack.app.inject({ method: 'GET', url: `/api/v1/accounts/${server}/client/6/domains`, headers: stack.headers('admin') })
    ).json();
    expect(listed.items.every((row: { state: string }) => row.state !== 'replicated')).toBe(true);
  });

  it('answers 202 with the handle when the outcome takes longer than the wait', async () => {
    await seedTemplates();
    await manualTemplates();
    // VoipNow answers slowly, so the replication is still running when it is asked for again.
    stack.voipnow.configure({ latencyMs: 1500 });
    const reply = await stack.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${keyToString(key('client', '4'))}/replicate?wait=0`,
      headers: stack.headers('admin'),
    });
    expect(reply.statusCode).toBe(202);
    expect(reply.json()).toMatchObject({ state: 'running', workflowId: `replicate/${server}/client/4`, joined: false });
    const joined = await stack.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${keyToString(key('client', '4'))}/replicate?wait=0`,
      headers: stack.headers('admin'),
    });
    expect(joined.statusCode, joined.body).toBe(202);
    expect(joined.json()).toMatchObject({ state: 'running', workflowId: `replicate/${server}/client/4`, joined: true });
    await stack.temporal.workflow.getHandle(`replicate/${server}/client/4`).result();
  });
});
