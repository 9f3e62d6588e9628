/**
 * Several Plesk servers into one VoipNow (product spec section 10, issue 15): a second Plesk
 * simulator holding the same estate as the first (same logins, names and Plesk IDs) is registered
 * through the API at run time, one worker serves both, and whatever is done on one server leaves
 * the other's VoipNow objects and links as they were. Each test registers the servers it needs
 * (its own names, tags and simulators), so any one runs alone and in any order.
 */
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../db/tokens';
import { bulkWorkflowId, discoveryScheduleId } from '../../domain/workflow-ids';
import { voipnowTag } from '../../domain';
import { DEMO_TEMPLATES } from '../../scripts/stack';
import { startPleskSimulator, type PleskSimulator } from '../../simulators/plesk';
import { replicateTree } from '../../workflows';
import { scanEstate, startApiStack, type ApiStack } from '../support/api';
import { waitFor } from '../support/wait';

describe('several Plesk servers feeding one VoipNow', () => {
  let stack: ApiStack;
  let a: string;
  const sims: PleskSimulator[] = [];

  const admin = () => stack.headers('admin');
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = admin()) =>
    stack.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  /** The VoipNow objects tagged for a server: tag prefix `<soapTag>:`. */
  const objectsOf = (soapTag: string) =>
    stack.voipnow.state.accounts
      .filter((o) => o.serverID?.startsWith(`${soapTag}:`))
      .map((o) => ({ id: o.ID, kind: o.kind, parent: o.parentID, login: o.login, tag: o.serverID, status: o.status }))
      .sort((x, y) => x.id - y.id);
  const linksOf = async (pleskServer: string) =>
    (await stack.db.accountLink.findMany({ where: { pleskServer }, orderBy: [{ kind: 'asc' }, { pleskId: 'asc' }] })).map((l) => ({
      kind: l.kind,
      pleskId: l.pleskId,
      voipnowId: l.voipnowId,
      voipnowParentId: l.voipnowParentId,
      parent: `${l.parentKind}/${l.parentPleskId}`,
      login: l.voipnowLogin,
    }));
  const bulk = async (pleskServer: string) => {
    const run = await stack.temporal.workflow.start(replicateTree, {
      taskQueue: stack.taskQueue,
      workflowId: bulkWorkflowId(pleskServer),
      args: [{ pleskServer, scope: { kind: 'all' }, mode: 'bulk' }],
    });
    const result = await run.result();
    expect(result, `bulk run of ${pleskServer}`).toMatchObject({ phase: 'done', remaining: 0 });
    return result;
  };
  /** Another Plesk simulator with the same estate as A's (startTestStack's size 30, seed 7), registered through the API. */
  const addServer = async (name: string, options: { loginSuffix?: string } = {}) => {
    const sim = await startPleskSimulator({ login: 'admin', password: `Plesk-${name}`, estate: { size: 30, seed: 7 } });
    sims.push(sim);
    const reply = await api('POST', '/api/v1/servers', {
      pleskServer: name,
      plesk: { url: sim.url, login: 'admin', secret: `Plesk-${name}` },
      // This stack's VoipNow: the first server in the shared test database may be another file's.
      voipnow: {
        url: stack.voipnow.url,
        login: stack.config.VOIPNOW_LOGIN,
        password: stack.config.VOIPNOW_PASSWORD,
        ...(options.loginSuffix ? { loginSuffix: options.loginSuffix } : {}),
      },
      automaticReplication: { templates: DEMO_TEMPLATES },
      manualReplication: { templates: DEMO_TEMPLATES },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await waitFor(
      async () => (await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: name } })).baselineAt !== null,
      60_000,
      `the first discovery of ${name}`,
    );
    return { reply, sim };
  };
  /** A's reseller 2 linked (replicated now unless it is already). */
  const resellerOfA = async () => {
    const reply = await api('POST', `/api/v1/accounts/${a}/reseller/2/replicate?wait=30`);
    expect([200, 409], reply.body).toContain(reply.statusCode);
    return stack.db.accountLink.findUniqueOrThrow({
      where: { pleskServer_kind_pleskId: { pleskServer: a, kind: 'reseller', pleskId: '2' } },
    });
  };

  beforeAll(async () => {
    stack = await startApiStack();
    a = stack.pleskServer;
  });
  afterAll(async () => {
    await stack?.closeAll();
    for (const sim of sims) await sim.close();
  });

  it('registers a server through the API: its discovery starts within seconds without a restart, and it is logged', async () => {
    const b = `${a}-r`;
    const { reply } = await addServer(b, { loginSuffix: '-r' });
    const view = reply.json();
    expect(view).toMatchObject({
      pleskServer: b,
      soap: { tag: b },
      voipnow: { url: stack.voipnow.url, password: 'set', loginSuffix: '-r' },
    });
    expect(JSON.stringify(view)).not.toContain(stack.config.VOIPNOW_PASSWORD);
    // addServer waited for its first discovery, run by the schedule on the shared worker: the estate is recorded.
    const schedule = await stack.temporal.schedule.getHandle(discoveryScheduleId(b)).describe();
    expect(schedule.state.paused).toBe(false);
    expect(await stack.db.pleskAccount.count({ where: { pleskServer: b } })).toBe(
      await stack.db.pleskAccount.count({ where: { pleskServer: a } }),
    );
    const logged = await stack.db.logEntry.findFirst({ where: { pleskServer: b, event: 'server' } });
    expect(logged?.message).toMatch(new RegExp(`^Plesk server ${b} registered by .* \\(SOAP tag ${b}\\)`));

    const listed = (await api('GET', '/api/v1/servers')).json().items as { pleskServer: string; soapTag: string; removed: boolean }[];
    expect(listed.map((s) => [s.pleskServer, s.soapTag, s.removed])).toEqual(
      expect.arrayContaining([
        [a, a, false],
        [b, b, false],
      ]),
    );
  });

  it("copies the first server's VoipNow link when the body leaves it out", async () => {
    const first = await stack.db.settings.findFirstOrThrow({ where: { removedAt: null }, orderBy: { createdAt: 'asc' } });
    const name = `${a}-v`;
    const reply = await api('POST', '/api/v1/servers', {
      pleskServer: name,
      plesk: { url: 'http://127.0.0.1:9', login: 'admin', secret: 'x-secret' },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().voipnow).toMatchObject({ url: first.voipnowUrl, login: first.voipnowLogin, password: 'set', loginSuffix: null });
    const row = await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: name } });
    expect(row.voipnowPasswordEnc).toBe(first.voipnowPasswordEnc);
    // Nothing replicates through a link it was not given here: it is removed again at once.
    expect((await api('DELETE', `/api/v1/servers/${name}`)).statusCode).toBe(200);
  });

  it('refuses a tag another server uses, a name already registered, and a tag change while accounts are linked', async () => {
    await resellerOfA();
    const reused = await api('POST', '/api/v1/servers', {
      pleskServer: `${a}-t`,
      plesk: { url: 'http://127.0.0.1:9', login: 'admin', secret: 'x-secret' },
      soap: { tag: a },
    });
    expect(reused.statusCode, reused.body).toBe(409);
    expect(reused.json()).toMatchObject({
      error: 'tag_in_use',
      message: `The SOAP tag ${a} is already used by Plesk server ${a}: each server needs its own`,
    });
    const twice = await api('POST', '/api/v1/servers', {
      pleskServer: a,
      plesk: { url: 'http://127.0.0.1:9', login: 'admin', secret: 'x' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toBe('server_exists');
    const noPlesk = await api('POST', '/api/v1/servers', { pleskServer: `${a}-t` });
    expect(noPlesk.statusCode).toBe(400);
    expect(noPlesk.json()).toMatchObject({ field: 'body.plesk.url' });
    const locked = await api('PATCH', `/api/v1/settings/${a}`, { soap: { tag: `${a}-new-tag` } });
    expect(locked.statusCode, locked.body).toBe(409);
    expect(locked.json()).toMatchObject({
      error: 'tag_locked',
      message: expect.stringContaining(`their VoipNow objects carry the tag ${a}`),
    });
    expect((await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: a } })).soapTag).toBe(a);
  });

  it('replicates two servers with the same logins and IDs into one VoipNow, every object with its own server tag', async () => {
    const [b, c] = [`${a}-b`, `${a}-c`];
    await addServer(b, { loginSuffix: '-b' });
    await addServer(c, { loginSuffix: '-c' });
    const [resultB, resultC] = await Promise.all([bulk(b), bulk(c)]);
    expect(resultC).toMatchObject({ done: resultB.done, failed: resultB.failed, skipped: resultB.skipped });

    const [linksB, linksC] = [await linksOf(b), await linksOf(c)];
    expect(linksB.length).toBeGreaterThan(20);
    expect(linksC.map((l) => `${l.kind}/${l.pleskId}`)).toEqual(linksB.map((l) => `${l.kind}/${l.pleskId}`));
    for (const [server, links] of [
      [b, linksB],
      [c, linksC],
    ] as const) {
      expect(objectsOf(server).length, `VoipNow objects tagged for ${server}`).toBe(links.length);
      for (const link of links) {
        expect(stack.voipnow.state.account(link.voipnowId)?.serverID, `${server} ${link.kind}/${link.pleskId}`).toBe(
          voipnowTag(server, { pleskServer: server, kind: link.kind, pleskId: link.pleskId }),
        );
      }
    }
    // The same Plesk logins; VoipNow's stay unique through each server's suffix.
    linksB.forEach((link, i) => {
      expect(link.login, `${link.kind}/${link.pleskId}`).toMatch(/-b$/);
      expect(linksC[i]!.login).toBe(`${link.login!.slice(0, -2)}-c`);
      expect(linksC[i]!.voipnowId).not.toBe(link.voipnowId);
    });
  });

  it("never adopts another server's object: a server without a login suffix gets loginTaken, and the other's object stays as it was", async () => {
    const holder = await resellerOfA();
    const d = `${a}-d`;
    await addServer(d);
    const before = objectsOf(a);
    const refused = await api('POST', `/api/v1/accounts/${d}/reseller/2/replicate?wait=30`);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'loginTaken' });
    expect(objectsOf(a)).toEqual(before);
    expect(stack.voipnow.state.account(holder.voipnowId)?.serverID).toBe(voipnowTag(a, { pleskServer: a, kind: 'reseller', pleskId: '2' }));
    expect(objectsOf(d)).toEqual([]);
    expect(await linksOf(d)).toEqual([]);
  });

  it("unlinking, moving and bulk-replicating on one server leave the other's objects and links untouched", async () => {
    const b = `${a}-i`;
    await addServer(b, { loginSuffix: '-i' });
    await bulk(a);
    await bulk(b);
    const objectsB = objectsOf(b);
    const linksB = await linksOf(b);
    expect(linksB.find((l) => l.kind === 'domain' && l.pleskId === '5')?.parent).toBe('reseller/3');

    // On A: unlink a client and what is below it, move domain 5 to client 6, and run a bulk again.
    const client = (await linksOf(a)).find((l) => l.kind === 'client' && l.pleskId !== '6')!;
    const unlinked = await api('POST', `/api/v1/accounts/${a}/client/${client.pleskId}/unlink?wait=30`, { recursive: true });
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json().result.unlinked).toBeGreaterThan(0);
    const moveInPlesk = await fetch(`${stack.plesk.url}/__sim/domains/5/move`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${stack.config.PLESK_LOGIN}:${stack.config.PLESK_PASSWORD}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ ownerId: 6 }),
    });
    expect(moveInPlesk.status).toBe(200);
    await scanEstate(stack);
    const moved = await api('POST', `/api/v1/accounts/${a}/domain/5/move?wait=30`);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().result).toMatchObject({ to: 'client 6' });
    await bulk(a);

    expect(objectsOf(b)).toEqual(objectsB);
    expect(await linksOf(b)).toEqual(linksB);
  });

  it("gives a reseller of one server nothing of another's", async () => {
    const b = `${a}-k`;
    await addServer(b, { loginSuffix: '-k' });
    const { token } = await createToken(stack.db, {
      name: 'reseller of A',
      role: 'reseller',
      account: { pleskServer: a, kind: 'reseller', pleskId: '2' },
    });
    const headers = { authorization: `Bearer ${token}` };
    const servers = (await api('GET', '/api/v1/servers', undefined, headers)).json().items as { pleskServer: string; soapTag?: string }[];
    expect(servers.map((s) => s.pleskServer)).toEqual([a]);
    expect(servers[0]?.soapTag).toBeUndefined();
    const other = await api('GET', `/api/v1/accounts/${b}/reseller/2`, undefined, headers);
    expect([403, 404], other.body).toContain(other.statusCode);
    expect((await api('GET', `/api/v1/accounts/${b}/reseller/2`)).statusCode).toBe(200); // it exists: an admin sees it
    expect((await api('DELETE', `/api/v1/servers/${b}`, undefined, headers)).statusCode).toBe(403);
  });

  it('removing a server stops its discovery and nothing more runs for it; its links stay readable until a confirmed purge; VoipNow keeps everything', async () => {
    const b = `${a}-x`;
    await addServer(b, { loginSuffix: '-x' });
    await bulk(b);
    const objectsB = objectsOf(b);
    const linked = (await linksOf(b)).length;
    const removed = await api('DELETE', `/api/v1/servers/${b}`);
    expect(removed.statusCode, removed.body).toBe(200);
    await expect(stack.temporal.schedule.getHandle(discoveryScheduleId(b)).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await stack.db.logEntry.findFirst({ where: { pleskServer: b, event: 'server' }, orderBy: { at: 'desc' } }))?.message).toMatch(
      new RegExp(`^Plesk server ${b} removed by `),
    );
    expect((await api('DELETE', `/api/v1/servers/${b}`)).json().error).toBe('server_removed');

    // Readable: the account view and the server list say what was linked.
    const view = await api('GET', `/api/v1/accounts/${b}/client/6`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().link).toMatchObject({ voipnowId: expect.any(Number) });
    const listed = ((await api('GET', '/api/v1/servers')).json().items as { pleskServer: string; removed: boolean; linked: number }[]).find(
      (s) => s.pleskServer === b,
    );
    expect(listed).toMatchObject({ removed: true, linked });
    // Workers read a server's settings again within seconds (5 s cache): from then on a
    // replication asked for fails with the reason instead of reaching B's Plesk or VoipNow.
    const failed = await stack.db.attempt.findFirstOrThrow({ where: { pleskServer: b, outcome: 'failed' } });
    let refused: { error?: string; message?: string } = {};
    await waitFor(
      async () => {
        refused = (await api('POST', `/api/v1/accounts/${b}/${failed.kind}/${failed.pleskId}/retry?wait=30`)).json();
        return refused.error === 'serverRemoved';
      },
      30_000,
      `a replication on ${b} refused with serverRemoved`,
    );
    expect(refused.message).toContain('The Plesk server was removed from the sync engine');
    expect(objectsOf(b)).toEqual(objectsB);
    expect((await api('PATCH', `/api/v1/settings/${b}`, { soap: { timeoutSeconds: 9 } })).json().error).toBe('server_removed');

    const unconfirmed = await api('POST', `/api/v1/servers/${b}/purge`, { confirm: 'yes' });
    expect(unconfirmed.statusCode).toBe(422);
    expect((await api('POST', `/api/v1/servers/${a}/purge`, { confirm: a })).json().error).toBe('server_not_removed');
    const purged = await api('POST', `/api/v1/servers/${b}/purge`, { confirm: b });
    expect(purged.statusCode, purged.body).toBe(200);
    expect(await linksOf(b)).toEqual([]);
    expect(await stack.db.settings.findUnique({ where: { pleskServer: b } })).toBeNull();
    expect(objectsOf(b)).toEqual(objectsB);
  });
});
