/**
 * Signing in from Plesk: the extension's own PHP code (run with Debian's php-cli) signs
 * hand-offs, and the API accepts them once, for the right Plesk user, and refuses tampered,
 * expired, replayed and wrongly signed ones.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyToString } from '../../domain';
import { startApiStack, type ApiStack } from '../support/api';
import { handoffPath, requirePhp, type PleskClient } from '../support/plesk-extension';

const run = promisify(execFile);
const EXTENSION = fileURLToPath(new URL('../../plesk-extension/', import.meta.url));
const SECRET = 'test-shared-secret-0123456789-abcdefghij';

/** A hand-off URL signed by the extension's code, as its "open" page would redirect to. */
function signed(stack: ApiStack, client: PleskClient, options: { secret?: string; now?: number; server?: string } = {}): Promise<string> {
  return handoffPath({ client, server: options.server ?? stack.pleskServer, secret: options.secret ?? SECRET, ...(options.now !== undefined ? { now: options.now } : {}) });
}

/** Follows a hand-off like a browser: where it is sent, and who its cookie signs in. */
async function open(stack: ApiStack, path: string) {
  const reply = await stack.app.inject({ method: 'GET', url: path });
  const cookie = reply.cookies.find((c) => c.name === 'pvsync-session');
  let session: { role: string; account: string | null; via: string } | undefined;
  if (cookie) {
    const me = await stack.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { 'pvsync-session': cookie.value } });
    session = me.json();
  }
  return { status: reply.statusCode, location: String(reply.headers.location ?? ''), cookie, session };
}

function tamper(path: string, change: (payload: Record<string, unknown>) => void): string {
  const url = new URL(path, 'http://x');
  const [payload, signature] = url.searchParams.get('handoff')!.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  url.searchParams.set('handoff', `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`);
  return `${url.pathname}${url.search}`;
}

describe('signing in from Plesk through the extension', () => {
  let stack: ApiStack;
  const admin = { authorization: `Bearer test-admin-token-0123456789` };

  beforeAll(async () => {
    requirePhp();
    stack = await startApiStack({ worker: false });
    const reply = await stack.app.inject({ method: 'PUT', url: `/api/v1/settings/${stack.pleskServer}/plesk-extension`, headers: admin, payload: { secret: SECRET } });
    expect(reply.statusCode).toBe(200);
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('every PHP file of the extension is valid PHP', async () => {
    const { stdout } = await run('sh', ['-c', `find "${EXTENSION}" -name '*.php' -o -name '*.phtml' | sort | xargs -n1 php -l`]);
    expect(stdout.split('\n').filter((line) => line && !line.startsWith('No syntax errors'))).toEqual([]);
    expect(stdout).toContain('CustomButtons.php');
  });

  it('signs a reseller in as that reseller, a customer as that client, a mail user as that mailbox and the Plesk admin as an admin', async () => {
    const mailbox = await stack.db.pleskAccount.findUniqueOrThrow({ where: { pleskServer_kind_pleskId: { pleskServer: stack.pleskServer, kind: 'mailbox', pleskId: stack.accounts.mailbox.pleskId } } });
    const cases: [PleskClient, string, string | null][] = [
      [{ reseller: true, id: Number(stack.accounts.reseller.pleskId), login: 'res2', pname: 'Reseller Two' }, 'reseller', keyToString(stack.accounts.reseller)],
      [{ client: true, id: Number(stack.accounts.client.pleskId), login: 'cli6' }, 'client', keyToString(stack.accounts.client)],
      [{ login: mailbox.login!.toUpperCase() }, 'mailbox', keyToString(stack.accounts.mailbox)],
      [{ admin: true, id: 1, login: 'admin', pname: 'Administrator' }, 'admin', null],
    ];
    for (const [client, role, account] of cases) {
      const result = await open(stack, await signed(stack, client));
      expect(result.status, role).toBe(303);
      expect(result.location, role).toBe('/console/');
      expect(result.cookie, role).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(result.session, role).toMatchObject({ role, account, via: 'plesk' });
    }
  });

  it('refuses a hand-off whose payload was changed after signing', async () => {
    const path = await signed(stack, { reseller: true, id: Number(stack.accounts.reseller.pleskId), login: 'res2' });
    const result = await open(stack, tamper(path, (claims) => (claims.id = stack.accounts.otherReseller.pleskId)));
    expect(result).toMatchObject({ status: 303, location: '/console/sign-in?refused=bad-signature', cookie: undefined });
    const promoted = await open(stack, tamper(path, (claims) => ((claims.role = 'admin'), delete claims.id)));
    expect(promoted).toMatchObject({ location: '/console/sign-in?refused=bad-signature', cookie: undefined });
  });

  it('refuses a hand-off signed with another secret', async () => {
    const result = await open(stack, await signed(stack, { admin: true, login: 'admin' }, { secret: 'another-secret-that-is-long-enough-000' }));
    expect(result).toMatchObject({ location: '/console/sign-in?refused=bad-signature', cookie: undefined });
  });

  it('refuses an expired hand-off', async () => {
    const twoMinutesAgo = Math.floor(Date.now() / 1000) - 120;
    const result = await open(stack, await signed(stack, { client: true, id: Number(stack.accounts.client.pleskId), login: 'cli6' }, { now: twoMinutesAgo }));
    expect(result).toMatchObject({ location: '/console/sign-in?refused=expired', cookie: undefined });
  });

  it('signs in once: the same hand-off opened again is refused', async () => {
    const path = await signed(stack, { client: true, id: Number(stack.accounts.client.pleskId), login: 'cli6' });
    expect((await open(stack, path)).session).toMatchObject({ role: 'client' });
    expect(await open(stack, path)).toMatchObject({ location: '/console/sign-in?refused=used', cookie: undefined });
  });

  it('refuses a Plesk user that discovery has not seen, and a server without a secret', async () => {
    const unknown = await open(stack, await signed(stack, { client: true, id: 987654, login: 'nobody' }));
    expect(unknown).toMatchObject({ location: '/console/sign-in?refused=unknown-account', cookie: undefined });
    const otherServer = await open(stack, await signed(stack, { admin: true, login: 'admin' }, { server: 'no-such-server' }));
    expect(otherServer).toMatchObject({ location: '/console/sign-in?refused=not-set-up', cookie: undefined });
    const garbage = await open(stack, '/api/v1/session/plesk?handoff=not.a-handoff');
    expect(garbage).toMatchObject({ location: '/console/sign-in?refused=malformed', cookie: undefined });
  });

  it('keeps the shared secret write-only', async () => {
    const state = await stack.app.inject({ method: 'GET', url: `/api/v1/settings/${stack.pleskServer}/plesk-extension`, headers: admin });
    expect(state.json()).toEqual({ pleskServer: stack.pleskServer, secret: 'set', handoffUrl: `${stack.config.publicUrl}/api/v1/session/plesk` });
    expect(state.body).not.toContain(SECRET);
    const row = await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: stack.pleskServer } });
    expect(row.pleskExtensionSecretEnc).toMatch(/^v1:/);
    expect(row.pleskExtensionSecretEnc).not.toContain(SECRET);
  });
});
