/**
 * The product's VoipNow client (connectors/voipnow/client.ts) and the replication steps built on
 * it, against the simulator over real SOAP: create or adopt by tag, a duplicate login, the
 * templates a new account may use, and the stored password check of switching panels.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignPassword, createOrAdopt } from '../../activities/replicate';
import { createVoipnowClient, type VoipnowClient } from '../../connectors/voipnow';
import { SecretBox } from '../../crypto/secrets';
import type { NewVoipnowAccount } from '../../domain';
import { collectNow } from '../../runtime/memory';
import { ADMIN_AUTH, GOOD_PASSWORD, startTestSim, syncErrorOf, type TestSim } from '../voipnow/helpers';

const account = (login: string, tag: string, password = GOOD_PASSWORD): NewVoipnowAccount => ({
  name: login,
  company: '',
  login,
  email: '',
  phone: '',
  fax: '',
  address: '',
  city: '',
  pcode: '',
  country: '',
  notes: '',
  password,
  tag,
});

describe("the product's VoipNow client and the replication steps on it", () => {
  let t: TestSim;
  let vn: VoipnowClient;

  beforeAll(async () => {
    t = await startTestSim();
    vn = await createVoipnowClient({ url: t.sim.url, auth: ADMIN_AUTH, timeoutMs: 5000 });
  });
  afterAll(async () => {
    vn.close();
    await t.stop();
  });

  it('creates an account once, then adopts it by its tag with the new password instead of creating it again', async () => {
    const first = await createOrAdopt(vn, 'reseller', account('anna', 'p1:reseller:1', 'First#Harbor-11'));
    expect(first).toMatchObject({ outcome: 'created', account: { kind: 'reseller', login: 'anna', tag: 'p1:reseller:1' } });
    const again = await createOrAdopt(vn, 'reseller', account('anna', 'p1:reseller:1', 'Second#Harbor-22'));
    expect(again).toMatchObject({ outcome: 'adopted', account: { id: first.account.id } });
    expect(t.sim.state.accounts.filter((a) => a.login === 'anna')).toHaveLength(1);
    expect(await vn.acceptsLogin('anna', 'Second#Harbor-22')).toBe(true);
    expect(await vn.acceptsLogin('anna', 'First#Harbor-11')).toBe(false);
  });

  it("adopts a duplicate login only when it carries the account's tag, and refuses anyone else's as loginTaken", async () => {
    t.sim.seed({
      accounts: [
        { kind: 'reseller', login: 'bruno', password: GOOD_PASSWORD, serverID: 'p1:reseller:2' },
        { kind: 'reseller', login: 'carla', password: GOOD_PASSWORD },
      ],
    });
    // Found by its tag first; a create would have failed with a duplicate login.
    expect(await createOrAdopt(vn, 'reseller', account('bruno', 'p1:reseller:2'))).toMatchObject({
      outcome: 'adopted',
      account: { login: 'bruno' },
    });
    const taken = await syncErrorOf(createOrAdopt(vn, 'reseller', account('carla', 'p1:reseller:3')));
    expect(taken).toMatchObject({ reason: 'loginTaken', serverCode: 200 });
  });

  it('gives VoipNow the stored password again when another try linked the account first', async () => {
    const { account: made } = await createOrAdopt(vn, 'reseller', account('dora', 'p1:reseller:4', 'Mine#Harbor-44'));
    const box = new SecretBox(randomBytes(32));
    const theirs = { passwordEnc: box.seal('Theirs#Harbor-55') };
    await alignPassword({ box }, vn, made, { passwordEnc: box.seal('Mine#Harbor-44') }, box.seal('Mine#Harbor-44'));
    expect(await vn.acceptsLogin('dora', 'Mine#Harbor-44')).toBe(true); // its own link: nothing to align
    await alignPassword({ box }, vn, made, theirs, box.seal('Mine#Harbor-44'));
    expect(await vn.acceptsLogin('dora', 'Theirs#Harbor-55')).toBe(true);
  });

  it("lists the templates a VoipNow account owns: the parent's only, not the admin's (issue 11 rule 5)", async () => {
    const seeded = t.sim.seed({
      templates: [{ name: 'Admin client', level: 50 }],
      accounts: [{ kind: 'reseller', login: 'erik', templates: [{ name: 'Erik client', level: 50 }] }],
    });
    const erik = seeded.accounts.find((a) => a.login === 'erik')!.ID;
    expect((await vn.templatesOwnedBy('client', erik)).map((t) => t.name)).toEqual(['Erik client']);
    expect((await vn.templatesOwnedBy('client', undefined)).map((t) => t.name)).toEqual(['Admin client']);
  });

  it('keeps template lists, not the activity contexts they were read in', async () => {
    const owners = Array.from({ length: 40 }, (_, i) => ({
      kind: 'reseller' as const,
      login: `fiona${i}`,
      templates: [{ name: `Fiona ${i}`, level: 50 as const }],
    }));
    const seeded = t.sim.seed({ accounts: owners });
    const ids = owners.map((o) => seeded.accounts.find((a) => a.login === o.login)!.ID);
    // Each read in an activity's context, as the Temporal SDK keeps it in AsyncLocalStorage while the activity runs.
    const activity = new AsyncLocalStorage<object>();
    const contexts: WeakRef<object>[] = [];
    for (const id of ids) {
      const store = { activity: `replicate ${id}`, logger: new Array(1_000).fill('line') };
      await activity.run(store, () => vn.templatesOwnedBy('client', id));
      contexts.push(new WeakRef(store));
    }
    // The lists are cached: asked again, each is answered from the cache.
    expect((await vn.templatesOwnedBy('client', ids[7])).map((t) => t.name)).toEqual(['Fiona 7']);
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef's target is kept until the current job ends
    collectNow();
    // A keep-alive socket and its timer keep the context they were made in until they close: a
    // few at most. The cache kept every one (40) when it held the reads' promises.
    expect(contexts.filter((c) => c.deref() !== undefined).length).toBeLessThanOrEqual(4);
  });

  it('finds accounts by tag and by login, and answers null for what VoipNow does not have', async () => {
    expect(await vn.findByTag('reseller', 'p1:reseller:1')).toMatchObject({ login: 'anna' });
    expect(await vn.findByLogin('reseller', 'ANNA')).toMatchObject({ tag: 'p1:reseller:1' });
    expect(await vn.findByTag('reseller', 'p1:reseller:404')).toBeNull();
    expect(await vn.get('client', 99_999)).toBeNull();
  });
});
