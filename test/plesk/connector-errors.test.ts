import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPleskClient } from '../../connectors/plesk';
import { isRetryable } from '../../domain';
import { type PleskSimulator } from '../../simulators/plesk';
import { clientFor, failure, KEY, LOGIN, PASSWORD, startSim, stopAll, throwawayServer } from './helpers';

/** Every way a Plesk read can fail, and the SyncError each becomes. */

let sim: PleskSimulator;

beforeAll(async () => {
  sim = await startSim({ estate: { size: 30, seed: 3 } });
});
afterEach(() => {
  Object.assign(sim.switches, { latencyMs: 0, faultRate: 0, authFailRate: 0 });
});
afterAll(stopAll);

const packet = (inner: string): string => `<?xml version="1.0" encoding="UTF-8"?><packet version="1.6.9.0">${inner}</packet>`;
const system = (code: number, text: string): string =>
  packet(`<system><status>error</status><errcode>${code}</errcode><errtext>${text}</errtext></system>`);
const protos = packet(
  '<server><get_protos><result><status>ok</status><protos><proto>1.6.9.0</proto></protos></result></get_protos></server>',
);

/** A fake Plesk that negotiates fine and then answers every other packet with `body`. */
async function fakePlesk(body: string): Promise<{ url: string }> {
  let first = true;
  return throwawayServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/xml' });
    response.end(first ? protos : body);
    first = false;
  });
}

describe('Plesk connector errors', () => {
  it('maps a wrong password (1001) to pleskAuthFailed, not retryable, without the password in any message', async () => {
    const client = clientFor(sim, { auth: { method: 'password', login: LOGIN, password: 'wrong-Secret-123' } });
    const error = await failure(client.listCustomers());
    expect(error).toMatchObject({ name: 'SyncError', reason: 'pleskAuthFailed', retryable: false, serverCode: 1001 });
    expect(String(error.serverMessage)).toMatch(/Authentication failed/);
    expect(`${error.message} ${String(error.serverMessage)} ${JSON.stringify(error)}`).not.toContain('wrong-Secret-123');
  });

  it('maps a wrong secret key (11003) to pleskAuthFailed', async () => {
    const client = clientFor(sim, { auth: { method: 'key', key: `${KEY}x` } });
    expect(await failure(client.negotiate())).toMatchObject({ reason: 'pleskAuthFailed', retryable: false, serverCode: 11003 });
  });

  it('maps permission denied (1006, a customer without XML API access) to a non-retryable pleskRejected', async () => {
    const customer = sim.snapshot().customers[0];
    const client = clientFor(sim, { auth: { method: 'password', login: customer?.login ?? '', password: customer?.password ?? '' } });
    expect(await failure(client.listDomains())).toMatchObject({ reason: 'pleskRejected', retryable: false, serverCode: 1006 });
  });

  it('maps a refused connection to pleskUnavailable, retryable', async () => {
    const closed = await throwawayServer(() => undefined);
    await closed.close();
    const error = await failure(clientFor(closed).listResellers());
    expect(error).toMatchObject({ reason: 'pleskUnavailable', retryable: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('maps a server slower than the timeout to pleskUnavailable, retryable', async () => {
    sim.switches.latencyMs = 400;
    const error = await failure(clientFor(sim, { timeoutMs: 100 }).negotiate());
    expect(error).toMatchObject({ reason: 'pleskUnavailable', retryable: true });
    expect(error.message).toMatch(/did not answer within 100 ms/);
  });

  it('maps HTTP 500 to pleskUnavailable (retryable) and HTTP 404 to a non-retryable pleskRejected', async () => {
    sim.switches.faultRate = 1;
    expect(await failure(clientFor(sim).negotiate())).toMatchObject({ reason: 'pleskUnavailable', retryable: true, serverCode: 500 });
    const notPlesk = await throwawayServer((_q, response) => response.writeHead(404).end());
    expect(await failure(clientFor(notPlesk).negotiate())).toMatchObject({ reason: 'pleskRejected', retryable: false, serverCode: 404 });
  });

  it("maps the simulator's random authentication failures to pleskAuthFailed", async () => {
    sim.switches.authFailRate = 1;
    expect(await failure(clientFor(sim).negotiate())).toMatchObject({ reason: 'pleskAuthFailed', serverCode: 1001 });
  });

  it('maps a <system> XML error (1014) to a non-retryable pleskRejected keeping errcode and errtext', async () => {
    const fake = await fakePlesk(system(1014, 'Element &apos;x&apos;: not expected'));
    expect(await failure(clientFor(fake).listCustomers())).toMatchObject({
      reason: 'pleskRejected',
      retryable: false,
      serverCode: 1014,
      serverMessage: "Element 'x': not expected",
    });
  });

  it('maps other per-result errors to pleskError (retryable), or pleskRejected when the code is permanent', async () => {
    const result = (code: number) =>
      packet(
        `<customer><get><result><status>error</status><errcode>${code}</errcode><errtext>Database is down</errtext></result></get></customer>`,
      );
    const transient = await failure(clientFor(await fakePlesk(result(14008))).listCustomers());
    expect(transient).toMatchObject({ reason: 'pleskError', retryable: true, serverCode: 14008, serverMessage: 'Database is down' });
    const permanent = await failure(clientFor(await fakePlesk(result(1017))).listCustomers());
    expect(permanent).toMatchObject({ reason: 'pleskRejected', retryable: false, serverCode: 1017 });
  });

  it('blanks the password out of anything the server says back', async () => {
    const fake = await fakePlesk(system(1023, `Operation failed for password ${PASSWORD}`));
    const error = await failure(clientFor(fake).listResellers());
    expect(error.serverMessage).toBe('Operation failed for password ***');
    expect(error.message).not.toContain(PASSWORD);
  });

  it('keeps the product rule that authentication failures never retry and unavailability always does', () => {
    expect(isRetryable('pleskAuthFailed')).toBe(false);
    expect(isRetryable('pleskUnavailable')).toBe(true);
    expect(isRetryable('pleskBadResponse')).toBe(false);
  });

  it('refuses a URL that is not http(s) before sending anything', () => {
    expect(() => createPleskClient({ url: 'ftp://plesk.example', auth: { method: 'key', key: 'k' } })).toThrow(/must start with https/);
  });

  it('refuses credentials that cannot travel in an HTTP header, without echoing them', async () => {
    const client = clientFor(sim, { auth: { method: 'password', login: LOGIN, password: 'line\nbreak' } });
    const error = await failure(client.negotiate());
    expect(error).toMatchObject({ reason: 'pleskAuthFailed' });
    expect(error.message).not.toContain('line');
  });

  it('sends the credentials in HTTP_AUTH_LOGIN / HTTP_AUTH_PASSWD headers and the packet as UTF-8 text/xml', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const spy = await throwawayServer((request, response) => {
      seen = request.headers;
      response.writeHead(200, { 'Content-Type': 'text/xml' }).end(protos);
    });
    await clientFor(spy).negotiate();
    expect(seen['http_auth_login']).toBe(LOGIN);
    expect(Buffer.from(String(seen['http_auth_passwd']), 'latin1').toString('utf8')).toBe(PASSWORD);
    expect(seen['content-type']).toBe('text/xml; charset=UTF-8');
  });

  it('fails a whole-estate read as one when one of its reads fails, the others still under way, leaving no rejection unhandled', async () => {
    // Resellers, customers and domains are read at once (connectors/plesk/client.ts readEstate):
    // the reseller read fails at once, the others only later, while the failed one is still awaited by them.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let first = true;
      const fake = await throwawayServer((_request, response, body) => {
        const answer = () => {
          response.writeHead(200, { 'Content-Type': 'text/xml' });
          response.end(first ? protos : system(1006, 'Permission denied'));
          first = false;
        };
        if (first || body.includes('<reseller>')) answer();
        else setTimeout(answer, 300);
      });
      const error = await failure(clientFor(fake).readEstate());
      expect(error).toMatchObject({ reason: 'pleskRejected', serverCode: 1006 });
      // The slower reads end after readEstate has failed: wait for them, then look.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
