import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../api/app';
import { startTestStack, type TestStack } from '../support/stack';

describe('the API of one account', () => {
  let stack: TestStack;
  let app: App;
  let clientId: string;
  const auth = { authorization: 'Bearer test-admin-token-0123456789' };

  beforeAll(async () => {
    stack = await startTestStack();
    app = await buildApp({
      config: stack.config,
      db: stack.db,
      box: stack.box,
      temporal: stack.temporal,
      adminToken: stack.config.ADMIN_TOKEN!,
    });
    clientId = String(stack.plesk.snapshot().customers.find((c) => c.contact.locale.startsWith('en'))!.id);
  });
  afterAll(async () => {
    await app?.close();
    await stack?.close();
  });

  it('answers /health without a token', async () => {
    const reply = await app.inject({ method: 'GET', url: '/health' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
  });

  it('refuses a request without a token or with a wrong one', async () => {
    const url = `/api/v1/accounts/${stack.pleskServer}/client/${clientId}`;
    const missing = await app.inject({ method: 'GET', url });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().message).toMatch(/Authentication required/);
    const wrong = await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer nope-nope-nope-nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('names the field of a bad request and lists what it accepts', async () => {
    const reply = await app.inject({ method: 'GET', url: `/api/v1/accounts/${stack.pleskServer}/customer/1`, headers: auth });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ field: 'params.kind' });
    expect(reply.json().message).toContain('reseller, client, domain, mailbox');
  });

  it('starts a replication, shows it replicated with its attempt and execution, and refuses a second one', async () => {
    const url = `/api/v1/accounts/${stack.pleskServer}/client/${clientId}`;
    const started = await app.inject({ method: 'POST', url: `${url}/replicate`, headers: auth });
    expect(started.statusCode, started.body).toBe(200);
    const { workflowId, runId, webUiUrl } = started.json();
    expect(workflowId).toBe(`replicate/${stack.pleskServer}/client/${clientId}`);
    expect(webUiUrl).toContain(encodeURIComponent(workflowId));

    await stack.temporal.workflow.getHandle(workflowId, runId).result();
    const view = await app.inject({ method: 'GET', url, headers: auth });
    expect(view.statusCode).toBe(200);
    const body = view.json();
    expect(body.replicated).toBe(true);
    expect(body.link).toMatchObject({ voipnowKind: 'reseller', origin: 'replicated' });
    expect(body.attempts).toHaveLength(1);
    expect(body.attempts[0]).toMatchObject({ outcome: 'succeeded', workflowId, runId });
    expect(body.executions[0]).toMatchObject({ workflowId, runId, status: 'COMPLETED' });
    expect(JSON.stringify(body)).not.toMatch(/password/i);

    const again = await app.inject({ method: 'POST', url: `${url}/replicate`, headers: auth });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('alreadyLinked');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const reply = await app.inject({ method: 'GET', url: '/nowhere', headers: auth });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().error).toBe('not_found');
  });
});
