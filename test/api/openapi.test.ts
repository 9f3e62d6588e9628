/**
 * The OpenAPI document at /docs/json: a structural check of OpenAPI 3.0 (no extra dependency), and
 * that it lists every route the app serves with its parameters and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App, type AppServices } from '../../api/app';
import { loadConfig } from '../../config';
import { EncryptionCodec } from '../../temporal/codec';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const OPERATION_KEYS = new Set([
  'tags',
  'summary',
  'description',
  'externalDocs',
  'operationId',
  'parameters',
  'requestBody',
  'responses',
  'callbacks',
  'deprecated',
  'security',
  'servers',
]);
const isDocs = (url: string) => url === '/docs' || url.startsWith('/docs/');
/** The web console's pages and files (api/console.ts) are not API operations. */
const isConsole = (url: string) => url === '/' || url === '/console' || url.startsWith('/console/');

/** Every value in the document, with its JSON pointer. */
function* walk(value: unknown, pointer = '#'): Generator<[string, unknown]> {
  yield [pointer, value];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  }
}

function resolve(document: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
}

describe('the OpenAPI document', () => {
  let app: App;
  let document: Json;

  beforeAll(async () => {
    const config = loadConfig({ ADMIN_TOKEN: 'openapi-test-admin-token' });
    // Building the document needs neither the database nor Temporal.
    app = await buildApp({
      config,
      adminToken: 'openapi-test-admin-token',
      codec: new EncryptionCodec(Buffer.alloc(32, 7)),
    } as unknown as AppServices);
    const reply = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(reply.statusCode).toBe(200);
    document = reply.json();
  });
  afterAll(async () => app?.close());

  it('is OpenAPI 3.0 with an info block, a bearer security scheme and paths', () => {
    expect(document.openapi).toMatch(/^3\.0\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect((document.components as Json).securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(Object.keys(document.paths as Json).length).toBeGreaterThan(20);
  });

  it('lists every route the app serves, with its method', () => {
    const paths = document.paths as Record<string, Json>;
    const missing = app.routeTable
      .filter((route) => !isDocs(route.url) && !isConsole(route.url) && !(route.method === 'OPTIONS' && route.url.startsWith('/codec')))
      .map((route) => ({ route, path: route.url.replace(/:([A-Za-z]+)/g, '{$1}') }))
      .filter(({ route, path }) => !paths[path]?.[route.method.toLowerCase()])
      .map(({ route }) => `${route.method} ${route.url}`);
    expect(missing).toEqual([]);
  });

  it('gives every operation tags, a summary, its path parameters and a described answer for each status', () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
      for (const [method, value] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const where = `${method.toUpperCase()} ${path}`;
        const operation = value as Json;
        for (const key of Object.keys(operation)) if (!OPERATION_KEYS.has(key)) problems.push(`${where}: unknown field ${key}`);
        if (!Array.isArray(operation.tags) || operation.tags.length === 0) problems.push(`${where}: no tags`);
        if (typeof operation.summary !== 'string' || !operation.summary) problems.push(`${where}: no summary`);
        const parameters = (operation.parameters ?? []) as Json[];
        for (const parameter of parameters) {
          if (!['query', 'header', 'path', 'cookie'].includes(parameter.in as string))
            problems.push(`${where}: parameter ${String(parameter.name)} in ${String(parameter.in)}`);
          if (!parameter.schema) problems.push(`${where}: parameter ${String(parameter.name)} has no schema`);
        }
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          if (!parameters.some((p) => p.in === 'path' && p.name === name && p.required === true))
            problems.push(`${where}: path parameter ${name} missing`);
        }
        const responses = (operation.responses ?? {}) as Record<string, Json>;
        if (Object.keys(responses).length === 0) problems.push(`${where}: no responses`);
        for (const [status, response] of Object.entries(responses)) {
          if (!/^([1-5]\d\d|default)$/.test(status)) problems.push(`${where}: status ${status}`);
          if (typeof response.description !== 'string') problems.push(`${where}: ${status} has no description`);
        }
        if (path.startsWith('/api/v1/') && operation.security === undefined) {
          for (const status of ['400', '401', '403', '500']) if (!responses[status]) problems.push(`${where}: no ${status} answer`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('marks only the public routes as needing no token', () => {
    const paths = document.paths as Record<string, Record<string, Json>>;
    expect(paths['/health']!.get!.security).toEqual([]);
    expect(paths['/api/v1/switch/{ticket}']!.get!.security).toEqual([]);
    expect(paths['/api/v1/switch']!.post!.security).toBeUndefined();
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('has schemas OpenAPI 3.0 accepts: every $ref resolves, no null type, nullable only beside a type', () => {
    const problems: string[] = [];
    for (const [pointer, value] of walk(document)) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
      const node = value as Json;
      if (typeof node.$ref === 'string' && resolve(document, node.$ref) === undefined)
        problems.push(`${pointer}: $ref ${node.$ref} does not resolve`);
      if (node.type === 'null' || (Array.isArray(node.type) && node.type.includes('null'))) problems.push(`${pointer}: type null`);
      if (node.nullable === true && node.type === undefined) problems.push(`${pointer}: nullable without type`);
    }
    expect(problems).toEqual([]);
  });

  it('documents defaults as optional for the caller', () => {
    const paths = document.paths as Record<string, Record<string, Json>>;
    const wait = (paths['/api/v1/accounts/{pleskServer}/{kind}/{pleskId}/replicate']!.post!.parameters as Json[]).find(
      (p) => p.name === 'wait',
    )!;
    expect(wait.required).toBe(false);
  });

  it('serves the interactive documentation without a token', async () => {
    let url = '/docs';
    let ui = await app.inject({ method: 'GET', url });
    for (let hops = 0; ui.statusCode === 302 && hops < 3; hops += 1) {
      url = new URL(ui.headers.location as string, `http://api${url}`).pathname;
      ui = await app.inject({ method: 'GET', url });
    }
    expect(ui.statusCode, url).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});
