import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../api/app';
import { loadConfig } from '../../config';
import { ensureSettings, getServerSettings } from '../../db/settings';
import { openRuntime, type Runtime } from '../../runtime';
import { ADMIN_TOKEN, startApiStack, type ApiStack } from '../support/api';

/**
 * Issue 11 rule 4: settings survive restarts. What is saved through the API stays when the worker
 * and the API start again over the same database with the same environment (which sets the
 * connection explicitly, as a deployment does); an explicit variable whose value changed since
 * wins once; a default never overrides a saved setting.
 */
describe('rule 4: settings survive restarts', () => {
  let stack: ApiStack;
  const opened: { runtime: Runtime; app: App }[] = [];
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    stack = await startApiStack();
  });
  afterAll(async () => {
    for (const { runtime, app } of opened) {
      await app.close();
      await runtime.close();
    }
    await stack?.closeAll();
  });

  /** A new worker and API over the same database, started as scripts/start.ts and worker/main.ts start them. */
  async function restart(env: Record<string, string> = {}): Promise<App> {
    await stack.stopWorker();
    const config = loadConfig({ ...configEnv(), ...env });
    const runtime = openRuntime(config, { logger: 'test', dbConnections: 2 });
    await ensureSettings(runtime.db, config, runtime.box);
    await stack.startWorker();
    const app = await buildApp({
      config,
      db: runtime.db,
      box: runtime.box,
      temporal: await runtime.temporal(),
      connectors: runtime.connectors,
      adminToken: ADMIN_TOKEN,
      codec: runtime.codec,
    });
    opened.push({ runtime, app });
    return app;
  }

  /** The environment the stack started with (test/support/stack.ts), explicit connection included. */
  function configEnv(): Record<string, string> {
    const c = stack.config;
    return {
      DATABASE_URL: c.DATABASE_URL!,
      DATA_DIR: c.DATA_DIR,
      TEMPORAL_ADDRESS: c.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: c.TEMPORAL_TASK_QUEUE,
      PLESK_SERVER: c.PLESK_SERVER,
      PLESK_URL: c.PLESK_URL!,
      PLESK_LOGIN: c.PLESK_LOGIN,
      PLESK_PASSWORD: c.PLESK_PASSWORD,
      VOIPNOW_URL: c.VOIPNOW_URL!,
      VOIPNOW_LOGIN: c.VOIPNOW_LOGIN,
      VOIPNOW_PASSWORD: c.VOIPNOW_PASSWORD,
      VOIPNOW_SOAP_TIMEOUT: String(c.VOIPNOW_SOAP_TIMEOUT),
      ENCRYPTION_KEY: stack.masterKey.toString('base64'),
      ADMIN_TOKEN,
    };
  }

  const change = {
    plesk: { url: 'http://plesk-new.example.com:8443', login: 'plesk-operator', secret: 'Plesk-Changed-2026', tlsVerify: true },
    voipnow: { url: 'http://voipnow-new.example.com', login: 'vn-operator', password: 'VoipNow-Changed-2026', tlsVerify: false },
    soap: { tag: 'changed-tag', timeoutSeconds: 42 },
    automaticReplication: { templates: { reseller: 'Reseller', client: 'Business client', extension: null } },
    manualReplication: { templates: { reseller: null, client: 'Business client', extension: 'Phone terminal' } },
  };

  it('keeps the connection, secrets, timeout, tag and templates saved through the API after the worker and the API restart', async () => {
    const saved = await stack.app.inject({ method: 'PATCH', url: `/api/v1/settings/${stack.pleskServer}`, headers, payload: change });
    expect(saved.statusCode).toBe(200);
    const before = saved.json<Record<string, unknown>>();

    const app = await restart();
    const after = await app.inject({ method: 'GET', url: `/api/v1/settings/${stack.pleskServer}`, headers });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual(before);
    expect(after.json()).toMatchObject({
      plesk: { url: change.plesk.url, login: 'plesk-operator', tlsVerify: true },
      voipnow: { url: change.voipnow.url, login: 'vn-operator', tlsVerify: false },
      soap: { tag: 'changed-tag', timeoutSeconds: 42 },
      automaticReplication: { templates: change.automaticReplication.templates },
      manualReplication: { templates: change.manualReplication.templates },
    });
    // The secrets are write-only in the API: what the workers open is what was saved.
    const settings = await getServerSettings(stack.db, stack.box, stack.pleskServer);
    expect(settings.plesk.auth).toEqual({ method: 'password', login: 'plesk-operator', password: 'Plesk-Changed-2026' });
    expect(settings.voipnow.auth).toEqual({ method: 'password', username: 'vn-operator', password: 'VoipNow-Changed-2026' });
    expect(settings.voipnow.timeoutMs).toBe(42_000);
  });

  it('applies an explicit variable whose value changed since the last start, and only that one', async () => {
    const app = await restart({ VOIPNOW_SOAP_TIMEOUT: '17', VOIPNOW_TLS_VERIFY: 'true' });
    const after = (await app.inject({ method: 'GET', url: `/api/v1/settings/${stack.pleskServer}`, headers })).json<{
      soap: { timeoutSeconds: number; tag: string };
      voipnow: { url: string; tlsVerify: boolean };
      plesk: { url: string };
    }>();
    expect(after.soap).toEqual({ tag: 'changed-tag', timeoutSeconds: 17 });
    expect(after.voipnow).toMatchObject({ url: change.voipnow.url, tlsVerify: true });
    expect(after.plesk.url).toBe(change.plesk.url);

    // The same environment again: nothing changed since, so the API's next edit stays too.
    await app.inject({ method: 'PATCH', url: `/api/v1/settings/${stack.pleskServer}`, headers, payload: { soap: { timeoutSeconds: 9 } } });
    const again = await restart({ VOIPNOW_SOAP_TIMEOUT: '17', VOIPNOW_TLS_VERIFY: 'true' });
    const read = (await again.inject({ method: 'GET', url: `/api/v1/settings/${stack.pleskServer}`, headers })).json<{
      soap: { timeoutSeconds: number };
    }>();
    expect(read.soap.timeoutSeconds).toBe(9);
  });
});
