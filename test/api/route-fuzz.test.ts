/**
 * Issue 14 item 4: every route of the OpenAPI document, called with random, oversized and
 * malformed path parameters, query strings and bodies (a seeded generator, a fixed number of runs
 * per route, so the run is bounded and repeatable), never answers 500 nor shows a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api';

const RUNS_PER_ROUTE = 12;
const SEED = 20261203;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

type Random = ReturnType<typeof generator>;

const NASTY_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  '99999999999999999999999',
  'NaN',
  'null',
  'true',
  '../../etc/passwd',
  '%00',
  '%',
  '%ZZ',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '\u0000\u0001\u0002',
  '😀'.repeat(50),
  'ﬃ\u202e\ud800',
  'a'.repeat(10_000),
  '{"$where":"1"}',
  '__proto__',
  'constructor',
];

function randomString(r: Random): string {
  if (r.next() < 0.6) return r.pick(NASTY_STRINGS);
  const length = Math.floor(r.next() * 300);
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(r.next() * 0xd7ff));
  return out;
}

function randomValue(r: Random, depth = 0): unknown {
  const choice = r.next();
  if (choice < 0.3) return randomString(r);
  if (choice < 0.45) return r.pick([0, -1, 1, 2 ** 53, -(2 ** 63), 1.5, 1e308]);
  if (choice < 0.55) return r.pick([true, false, null]);
  if (depth > 3) return randomString(r);
  if (choice < 0.75) return Array.from({ length: Math.floor(r.next() * 5) }, () => randomValue(r, depth + 1));
  return randomObject(r, depth + 1);
}

function randomObject(r: Random, depth = 0, known: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of known) if (r.next() < 0.7) out[name] = randomValue(r, depth);
  const extra = Math.floor(r.next() * 3);
  for (let i = 0; i < extra; i++) out[randomString(r).slice(0, 40) || 'x'] = randomValue(r, depth);
  return out;
}

/** Percent-encoded; a lone surrogate becomes the bytes of invalid UTF-8, itself a malformed value worth sending. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text).slice(0, 3000);
  } catch {
    return '%ED%A0%80';
  }
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

describe('fuzzing every route of the OpenAPI document', () => {
  let stack: ApiStack;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    stack = await startApiStack({ worker: false });
    paths = (await stack.app.inject({ method: 'GET', url: '/docs/json' })).json().paths;
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it(`answers ${RUNS_PER_ROUTE} random requests per route without a 500 or a stack trace`, { timeout: 240_000 }, async () => {
    const r = generator(SEED);
    const routes = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of routes) {
      const query = (route.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const bodyFields = Object.keys(route.operation.requestBody?.content?.['application/json']?.schema?.properties ?? {});
      for (let run = 0; run < RUNS_PER_ROUTE; run++) {
        const url =
          route.path.replace(/\{[^}]+\}/g, () => encode(randomString(r)) || 'x') +
          '?' +
          query.map((name) => `${name}=${encode(randomString(r))}`).join('&');
        const malformed = r.next() < 0.25;
        const payload = malformed
          ? r.pick(['{', '{"a":', '[1,2', 'not json', '\u0000', '{"a":1}}', '"x"'.repeat(1000)])
          : JSON.stringify(randomObject(r, 0, bodyFields));
        const reply = await stack.app.inject({
          method: route.method as 'GET',
          url,
          headers: {
            ...stack.headers('admin'),
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
          },
          ...(route.method === 'GET' ? {} : { payload }),
        });
        if (reply.statusCode >= 500 || /\n\s+at [^\n]+:\d+:\d+/.test(reply.body) || reply.body.includes('node_modules')) {
          failures.push(`${route.method} ${url.slice(0, 200)} -> ${reply.statusCode} ${reply.body.slice(0, 300)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
