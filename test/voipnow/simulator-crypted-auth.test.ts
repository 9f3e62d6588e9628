import { generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, GOOD_PASSWORD, startTestSim, type TestSim } from './helpers';
import { rawCall } from './raw-soap';

/** The userCredentials header's cryptedAuth choice: a login encrypted with the server's public connection key. */
describe('the VoipNow simulator logs in a cryptedAuth header made with its public connection key', () => {
  let t: TestSim;
  let publicKey: string;
  const crypted = (login: string, key = publicKey) => publicEncrypt(key, Buffer.from(login)).toString('base64');

  beforeAll(async () => {
    t = await startTestSim();
    t.sim.seed({
      accounts: [{ kind: 'reseller', login: 'keyed', password: GOOD_PASSWORD, accounts: [{ kind: 'client', login: 'keyed-client' }] }],
    });
    const response = await fetch(`${t.sim.url}/__sim/public-key`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.login}:${ADMIN.password}`).toString('base64')}` },
    });
    publicKey = await response.text();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('offers its public key in PEM, the same one the simulator handle gives', () => {
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(t.sim.publicKey()).toBe(publicKey);
  });

  it('acts as the account whose login the header carries, no password sent', async () => {
    const asAdmin = await rawCall(t.sim.url, 'reseller', '<rm:GetResellersRequest/>', { cryptedAuth: crypted(ADMIN.login) });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({ reseller: { login: 'keyed' } });
    // A client sees only what is below it: no resellers.
    const asClient = await rawCall(t.sim.url, 'reseller', '<rm:GetResellersRequest/>', { cryptedAuth: crypted('keyed-client') });
    expect(asClient.body).toEqual({ notice: { message: 'No records found.', code: '030' } });
  });

  it('refuses a header made with another key, an unknown login, or a disabled account, with the documented codes', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(
      (await rawCall(t.sim.url, 'pbx', '<pm:PingRequest>ping</pm:PingRequest>', { cryptedAuth: crypted(ADMIN.login, otherKey) })).body,
    ).toMatchObject({ faultcode: '100' });
    expect(
      (await rawCall(t.sim.url, 'pbx', '<pm:PingRequest>ping</pm:PingRequest>', { cryptedAuth: 'bm90IGVuY3J5cHRlZA==' })).body,
    ).toMatchObject({ faultcode: '100' });
    expect(
      (await rawCall(t.sim.url, 'pbx', '<pm:PingRequest>ping</pm:PingRequest>', { cryptedAuth: crypted('nobody') })).body,
    ).toMatchObject({ faultcode: '100' });
    t.sim.state.updateAccount(t.sim.state.accountByLogin('keyed')!, { status: false });
    expect(
      (await rawCall(t.sim.url, 'pbx', '<pm:PingRequest>ping</pm:PingRequest>', { cryptedAuth: crypted('keyed') })).body,
    ).toMatchObject({ faultcode: '104' });
    expect(
      (await rawCall(t.sim.url, 'pbx', '<pm:PingRequest>ping</pm:PingRequest>', { cryptedAuth: crypted('keyed-client') })).body,
    ).toMatchObject({ faultcode: '107' });
  });

  it('keeps its key pair across a restart on the same data folder', async () => {
    const first = await startTestSim();
    const key = first.sim.publicKey();
    await first.sim.close();
    const second = await startTestSim({}, first.dataDir);
    try {
      expect(second.sim.publicKey()).toBe(key);
    } finally {
      await second.stop();
    }
  });
});
