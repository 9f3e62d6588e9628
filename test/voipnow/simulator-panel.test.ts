import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, APP, GOOD_PASSWORD, startTestSim, type TestSim } from './helpers';

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

describe('switching panels: the VoipNow login page and the SSO stand-in', () => {
  let t: TestSim;

  const login = (username: string, password: string) =>
    fetch(`${t.sim.url}/login.php`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    });
  const whoIs = async (cookie: string | null) =>
    (await (await fetch(`${t.sim.url}/index.php`, { headers: cookie ? { cookie } : {} })).text()).match(/Logged in as [^<]+/)?.[0];
  const token = (loginName: string, authorization = basic(ADMIN.login, ADMIN.password)) =>
    fetch(`${t.sim.url}/__sso/token`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ login: loginName }),
    });

  beforeAll(async () => {
    t = await startTestSim();
    t.sim.seed({ accounts: [{ kind: 'reseller', login: 'panel-user', password: GOOD_PASSWORD }] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.stop();
  });

  it('shows a login form', async () => {
    const page = await (await fetch(`${t.sim.url}/login.php`)).text();
    expect(page).toContain('<form method="post" action="/login.php">');
    expect(page).toContain('name="username"');
  });

  it('logs a user in with the right password and shows who is logged in', async () => {
    const response = await login('panel-user', GOOD_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/index.php');
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    expect(await whoIs(cookie)).toBe('Logged in as panel-user (reseller)');
  });

  it('shows the form again with an error for a wrong password, and sends strangers to the login page', async () => {
    const response = await login('panel-user', 'not-it');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Invalid username or password.');
    const index = await fetch(`${t.sim.url}/index.php`, { redirect: 'manual' });
    expect(index.headers.get('location')).toBe('/login.php');
  });

  it('logs a user in once with an SSO token the admin asked for', async () => {
    const issued = (await (await token('panel-user')).json()) as { token: string; url: string };
    expect(issued.url).toBe(`${t.sim.url}/__sso/login?token=${issued.token}`);
    const first = await fetch(issued.url, { redirect: 'manual' });
    expect(first.headers.get('location')).toBe('/index.php');
    expect(await whoIs(first.headers.get('set-cookie')!.split(';')[0]!)).toBe('Logged in as panel-user (reseller)');
    const second = await fetch(issued.url, { redirect: 'manual' });
    expect(second.headers.get('location')).toBe('/login.php?error=sso');
  });

  it('issues tokens to the app key too, and to nobody else', async () => {
    expect((await token('panel-user', basic(APP.key, APP.secret))).status).toBe(200);
    expect((await token('panel-user', basic('panel-user', GOOD_PASSWORD))).status).toBe(401);
    expect((await token('nobody')).status).toBe(404);
  });

  it('refuses a token older than 60 seconds', async () => {
    const issued = (await (await token('panel-user')).json()) as { url: string };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    const late = await fetch(issued.url, { redirect: 'manual' });
    vi.useRealTimers();
    expect(late.headers.get('location')).toBe('/login.php?error=sso');
  });

  it('has no SSO when the server says SSO is not installed', async () => {
    t.sim.configure({ sso: false });
    try {
      expect((await token('panel-user')).status).toBe(404);
    } finally {
      t.sim.configure({ sso: true });
    }
  });
});
