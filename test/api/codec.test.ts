import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { buildApp, type App } from '../../api/app';
import { loadConfig } from '../../config';
import { EncryptionCodec } from '../../temporal/codec';
import type { AppServices } from '../../api/app';

describe("the Web UI's codec endpoint", () => {
  const codec = new EncryptionCodec(randomBytes(32));
  const token = 'codec-test-admin-token-1234';
  let app: App;

  beforeAll(async () => {
    const config = loadConfig({ TEMPORAL_UI_URL: 'http://localhost:8233', CODEC_TRUST_LOCAL_UI: 'true', ADMIN_TOKEN: token });
    // The codec routes need neither the database nor Temporal.
    app = await buildApp({ config, adminToken: token, codec } as unknown as AppServices);
  });
  afterAll(async () => app?.close());

  const sealedPayload = async () => {
    const [payload] = await codec.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"password":"Sekr3t-Value"}') },
    ]);
    return {
      metadata: {
        encoding: Buffer.from(payload!.metadata!.encoding!).toString('base64'),
        'encryption-key-id': Buffer.from(payload!.metadata!['encryption-key-id']!).toString('base64'),
      },
      data: Buffer.from(payload!.data!).toString('base64'),
    };
  };

  it('decodes for the admin token', async () => {
    const reply = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${token}` },
      payload: { payloads: [await sealedPayload()] },
    });
    expect(reply.statusCode).toBe(200);
    const decoded = reply.json().payloads[0];
    expect(Buffer.from(decoded.data, 'base64').toString()).toBe('{"password":"Sekr3t-Value"}');
  });

  it('refuses a caller without a token who is not the local Web UI', async () => {
    const reply = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { origin: 'http://evil.example' },
      payload: { payloads: [await sealedPayload()] },
    });
    expect(reply.statusCode).toBe(401);
    expect(reply.body).not.toContain('Sekr3t');
  });

  it('serves the local Web UI, with CORS for its origin, when trusted', async () => {
    const preflight = await app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'http://localhost:8233' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    const reply = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { origin: 'http://localhost:8233' },
      payload: { payloads: [await sealedPayload()] },
    });
    expect(reply.statusCode).toBe(200);
  });

  it('encodes so that decode gives the payload back', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('42').toString('base64') };
    const encoded = await app.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { authorization: `Bearer ${token}` },
      payload: { payloads: [plain] },
    });
    const back = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${token}` },
      payload: encoded.json(),
    });
    expect(back.json().payloads[0].data).toBe(plain.data);
  });
});
