import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVoipnowClient, type VoipnowClient } from '../../connectors/voipnow';
import { reasonText } from '../../domain';
import type { TestVoipnowClient } from '../support/voipnow-client';
import { ADMIN, connect, GOOD_PASSWORD, startTestSim, syncErrorOf, type TestSim } from './helpers';

/** Rule 7 of issue 11: the API encrypted key (cryptedAuth) and Key integration, against the simulator's private key. */
describe('Key authentication and Key integration (cryptedAuth)', () => {
  let t: TestSim;
  let admin: TestVoipnowClient;
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const open: VoipnowClient[] = [];
  const client = async (publicKey: string, username: string = ADMIN.login) => {
    const vn = await createVoipnowClient({ url: t.sim.url, auth: { method: 'encryptedKey', username, publicKey }, timeoutMs: 5000 });
    open.push(vn);
    return vn;
  };

  beforeAll(async () => {
    t = await startTestSim();
    admin = await connect(t.sim);
  });

  afterAll(async () => {
    for (const vn of open) vn.close();
    admin.close();
    await t.stop();
  });

  it('authenticates with the server public key: the header carries the login encrypted, no password', async () => {
    const vn = await client(t.sim.publicKey());
    await expect(vn.ping()).resolves.toMatchObject({ version: '2.5.1' });
    // Acting as the admin: it can create under the admin.
    const created = await vn.create('reseller', {
      login: 'keyed-reseller',
      password: GOOD_PASSWORD,
      tag: 'plesk-test',
      name: 'Keyed Reseller',
      company: '',
      email: 'keyed@example.com',
      phone: '',
      fax: '',
      address: '',
      city: '',
      pcode: '',
      country: 'US',
      notes: '',
    });
    expect(created.id).toBeGreaterThan(0);
  });

  it('with a key that is not the server one, fails with the authentication reason in product words', async () => {
    const vn = await client(otherKey);
    const failure = await syncErrorOf(vn.ping());
    expect(failure.reason).toBe('authFailed');
    expect(reasonText('authFailed')).toBe('Failed to authenticate to VoipNow server');
    expect(failure.message.startsWith(reasonText('authFailed'))).toBe(true);
  });

  it('with a login VoipNow does not know, fails with the authentication reason', async () => {
    const vn = await client(t.sim.publicKey(), 'nobody-here');
    expect((await syncErrorOf(vn.ping())).reason).toBe('authFailed');
  });

  it('a settings value that is no public key fails with the authentication reason, not a crash', async () => {
    const failure = await syncErrorOf(client('not a key'));
    expect(failure.reason).toBe('authFailed');
  });

  it('Key integration: a user is proven to VoipNow with the key alone, a disabled one is refused', async () => {
    const reseller = await admin.addReseller({ login: 'switcher', password: GOOD_PASSWORD });
    const vn = await client(t.sim.publicKey());
    const value = await vn.keyLogin('switcher');
    expect(value).toMatch(/^[A-Za-z0-9+/=]{300,}$/);
    // The value logs the user into the panel (the hand-off page posts it).
    const response = await fetch(`${t.sim.url}/login.php`, {
      method: 'POST',
      body: new URLSearchParams({ cryptedAuth: value! }),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/index.php');
    await admin.setStatus('reseller', reseller.id, false);
    await expect(vn.keyLogin('switcher')).resolves.toBeUndefined();
    const wrong = await client(otherKey);
    await expect(wrong.keyLogin('admin')).resolves.toBeUndefined();
  });
});
