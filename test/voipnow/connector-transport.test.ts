import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactXml } from '../../connectors/voipnow';
import { toSyncError } from '../../connectors/voipnow/errors';
import { OTHER_REASONS } from '../../domain/reasons';
import { ADMIN, APP, connect, GOOD_PASSWORD, startTestSim, syncErrorOf, type TestSim } from './helpers';

describe('VoipNow transport failures are "VoipNow server is unavailable" and retryable', () => {
  let t: TestSim;

  beforeAll(async () => {
    t = await startTestSim();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('fails fast when nothing listens at the URL', async () => {
    const closed = await startTestSim();
    const url = closed.sim.url;
    await closed.stop();
    const vn = await connect(t.sim, { url });
    try {
      const error = await syncErrorOf(vn.ping());
      expect(error.message).toBe(OTHER_REASONS.voipnowUnavailable);
      expect(error).toMatchObject({
        reason: 'voipnowUnavailable',
        retryable: true,
        serverMessage: expect.stringContaining('ECONNREFUSED'),
      });
    } finally {
      vn.close();
    }
  });

  it('gives up on a call the server never answers within timeoutMs', async () => {
    t.sim.configure({ hangRate: 1 });
    const vn = await connect(t.sim, { timeoutMs: 300 });
    try {
      const started = Date.now();
      const error = await syncErrorOf(vn.ping());
      const elapsed = Date.now() - started;
      expect(error).toMatchObject({ reason: 'voipnowUnavailable', retryable: true });
      // It waited for the timeout (and did not hang: the test's own timeout would fail it).
      expect(elapsed).toBeGreaterThanOrEqual(290);
    } finally {
      t.sim.configure({ hangRate: 0 });
      vn.close();
    }
  });

  it('retries server faults: SOAP fault 151 is a server error, a bare HTTP 500 an unavailable server', async () => {
    t.sim.configure({ faultRate: 1 });
    const vn = await connect(t.sim);
    try {
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const error = await syncErrorOf(vn.ping());
        expect(error.retryable).toBe(true);
        if (error.serverCode === 151) expect(error).toMatchObject({ reason: 'voipnowFault', serverMessage: 'Could not read data.' });
        else expect(error).toMatchObject({ reason: 'voipnowUnavailable', serverMessage: 'HTTP 500 from Ping' });
        seen.add(error.reason);
      }
      expect([...seen].sort()).toEqual(['voipnowFault', 'voipnowUnavailable']);
    } finally {
      t.sim.configure({ faultRate: 0 });
      vn.close();
    }
  });

  it('fails a create whose answer is lost, although VoipNow made the account', async () => {
    t.sim.configure({ dropResponseRate: 1 });
    const vn = await connect(t.sim);
    try {
      for (const login of ['dropped-1', 'dropped-2', 'dropped-3', 'dropped-4']) {
        expect(await syncErrorOf(vn.addReseller({ login, password: GOOD_PASSWORD }))).toMatchObject({
          reason: 'voipnowUnavailable',
          retryable: true,
        });
        expect(t.sim.state.accountByLogin(login)).toBeDefined();
      }
    } finally {
      t.sim.configure({ dropResponseRate: 0 });
      vn.close();
    }
  });

  it('refuses, without retrying, an HTTP error that is not a server fault (wrong URL)', async () => {
    const vn = await connect(t.sim, { url: `${t.sim.url}/not-voipnow` });
    try {
      expect(await syncErrorOf(vn.ping())).toMatchObject({
        reason: 'voipnowRejected',
        retryable: false,
        serverMessage: 'HTTP 404 from Ping',
      });
    } finally {
      vn.close();
    }
  });
});

/** A self-signed HTTPS front for the simulator; undefined when openssl is not installed. */
function selfSignedProxy(target: string): HttpsServer | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'voipnow-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const upstream = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  rmSync(dir, { recursive: true, force: true });
  return server;
}

describe('VoipNow over HTTPS with a self-signed certificate', () => {
  let t: TestSim;
  let proxy: HttpsServer | undefined;
  let url = '';

  beforeAll(async () => {
    t = await startTestSim();
    proxy = selfSignedProxy(t.sim.url);
    if (proxy) {
      await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
      const address = proxy.address();
      url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    }
  });
  afterAll(async () => {
    proxy?.closeAllConnections();
    await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
    await t.stop();
  });

  it('refuses an untrusted certificate by default (untrustedCertificate, not retried), and accepts it with tlsVerify false', async (ctx) => {
    if (!proxy) ctx.skip(); // openssl is needed to make the certificate
    const strict = await connect(t.sim, { url });
    const lenient = await connect(t.sim, { url, tlsVerify: false });
    try {
      expect(await syncErrorOf(strict.ping())).toMatchObject({
        reason: 'untrustedCertificate',
        retryable: false,
        serverMessage: expect.stringContaining('SELF_SIGNED'),
      });
      await expect(lenient.ping()).resolves.toMatchObject({ version: '2.5.1' });
    } finally {
      strict.close();
      lenient.close();
    }
  });
});

describe('VoipNow secrets stay out of logs and errors', () => {
  it('never writes a password or app secret in a log line or an error', async () => {
    const t = await startTestSim();
    const lines: { level: string; fields: object; message?: string }[] = [];
    const logger = {
      debug: (fields: object, message?: string) => lines.push({ level: 'debug', fields, message }),
      info: (fields: object, message?: string) => lines.push({ level: 'info', fields, message }),
      warn: (fields: object, message?: string) => lines.push({ level: 'warn', fields, message }),
    };
    const byPassword = await connect(t.sim, { logger });
    const byKey = await connect(t.sim, { logger, auth: { method: 'key', appKey: APP.key, appSecret: APP.secret } });
    const wrongKey = await connect(t.sim, { logger, auth: { method: 'key', appKey: APP.key, appSecret: 'Wrong#Secret-1' } });
    try {
      await byPassword.addReseller({ login: 'secretive', password: GOOD_PASSWORD });
      const errors = [
        await syncErrorOf(byKey.addReseller({ login: 'secretive2', password: 'Other#Secret-55', email: 'bad' })),
        await syncErrorOf(byPassword.editReseller(99_999, { password: 'Third#Secret-66' })),
        await syncErrorOf(wrongKey.ping()),
      ];
      const written = JSON.stringify(lines) + errors.map((e) => `${e.message} ${e.describe()} ${e.serverMessage} ${e.stack}`).join('\n');
      for (const secret of [ADMIN.password, APP.secret, 'Wrong#Secret-1', GOOD_PASSWORD, 'Other#Secret-55', 'Third#Secret-66']) {
        expect(written).not.toContain(secret);
      }
      expect(lines.some((l) => l.message === 'VoipNow request' && JSON.stringify(l.fields).includes('***'))).toBe(true);
      expect(lines.some((l) => l.level === 'warn' && l.message === 'VoipNow call failed')).toBe(true);
    } finally {
      for (const vn of [byPassword, byKey, wrongKey]) vn.close();
      await t.stop();
    }
  });

  it('masks a secret the server itself echoes in its fault', () => {
    const body =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
      '<faultcode>9011</faultcode><faultstring>Password Sunny#Day-1 is a dictionary word</faultstring></soap:Fault></soap:Body></soap:Envelope>';
    const error = toSyncError({ response: { status: 500, data: body } }, 'AddReseller', ['Sunny#Day-1']);
    expect(error).toMatchObject({ reason: 'weakPassword', serverCode: 9011, serverMessage: 'Password *** is a dictionary word' });
  });

  it('empties password and appSecret elements of a request it logs', () => {
    const xml =
      '<h:userCredentials><h:appKey>k</h:appKey><h:appSecret>s3cr3t</h:appSecret></h:userCredentials><c:password>p4ss</c:password>';
    expect(redactXml(xml)).toBe(
      '<h:userCredentials><h:appKey>k</h:appKey><h:appSecret>***</h:appSecret></h:userCredentials><c:password>***</c:password>',
    );
  });
});
