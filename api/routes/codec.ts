/**
 * The remote codec endpoint of the Temporal Web UI: it decodes (and encodes) payloads with the
 * encryption codec, so an admin sees workflow inputs and results in clear in the Web UI; nobody
 * else does. Protocol: POST {endpoint}/decode | /encode with { payloads: [{ metadata, data }] },
 * bytes in base64, from the browser (so CORS for the Web UI's origin).
 *
 * Authentication: the admin's bearer token, or an admin's console session cookie (a Web UI set to
 * include credentials sends it; api/sessions.ts lets it through without a CSRF token). The Web
 * UI of the dev server cannot send either by default, so when CODEC_TRUST_LOCAL_UI is on (npm start turns it on for its own dev server) a request from the
 * Web UI's origin on this machine's loopback is accepted too (docs/decisions/009-codec-endpoint.md).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Payload } from '@temporalio/common';
import type { EncryptionCodec } from '../../temporal/codec';
import { ApiError } from '../errors';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function codecRoutes(options: { codec: EncryptionCodec; uiOrigin: string; trustLocalUi: boolean }): FastifyPluginAsync {
  return async (app) => {
    const fromLocalUi = (request: FastifyRequest) =>
      options.trustLocalUi && LOOPBACK.has(request.ip) && request.headers.origin === options.uiOrigin;

    app.addHook('onSend', async (request, reply) => {
      if (request.headers.origin === options.uiOrigin) {
        void reply.header('access-control-allow-origin', options.uiOrigin);
        void reply.header('access-control-allow-headers', 'content-type, x-namespace, authorization');
        void reply.header('access-control-allow-methods', 'POST, OPTIONS');
        // The Web UI may send the console's session cookie (its codec setting "include credentials").
        void reply.header('access-control-allow-credentials', 'true');
        void reply.header('vary', 'origin');
      }
    });
    app.options('/*', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.code(204).send());

    const schema = {
      tags: ['codec'],
      body: {
        type: 'object',
        required: ['payloads'],
        properties: {
          payloads: {
            type: 'array',
            maxItems: 10_000,
            items: {
              type: 'object',
              properties: { metadata: { type: 'object', additionalProperties: { type: 'string' } }, data: { type: 'string' } },
            },
          },
        },
      },
      response: {
        200: { type: 'object', properties: { payloads: { type: 'array', items: { type: 'object', additionalProperties: true } } } },
      },
    };
    for (const direction of ['decode', 'encode'] as const) {
      app.post<{ Body: { payloads: JsonPayload[] } }>(
        `/${direction}`,
        {
          config: { public: true },
          schema: { ...schema, summary: `${direction === 'decode' ? 'Decrypts' : 'Encrypts'} Temporal payloads (for the Web UI)` },
        },
        async (request) => {
          // Public in the router so the local Web UI can call it; checked here instead.
          if (!fromLocalUi(request)) {
            await app.authenticate(request);
            if (request.identity?.role !== 'admin') throw new ApiError(403, 'Only an admin may read decoded workflow history', 'forbidden');
          }
          const payloads = request.body.payloads.map(fromJson);
          const result = direction === 'decode' ? await options.codec.decode(payloads) : await options.codec.encode(payloads);
          return { payloads: result.map(toJson) };
        },
      );
    }
  };
}
