/**
 * The HTTP client under `soap` (connectors/voipnow/http.ts): what the connector's transport-failure
 * tests do not reach on their own, a server that keeps a call alive byte by byte past its time
 * limit, and an HTTP error answer handed back as an answer (so `soap` can read a fault in it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soapHttpRequest } from '../../connectors/voipnow/http';
import { classifyTransport } from '../../connectors/transport-faults';

describe('the HTTP client under soap', () => {
  let server: http.Server;
  let base: string;
  const timers = new Set<NodeJS.Timeout>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/trickle') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        const timer = setInterval(() => res.write(' '), 20);
        timers.add(timer);
        res.on('close', () => clearInterval(timer));
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'text/xml' });
        res.end(`<fault>${body.length} ${req.headers['content-length']}</fault>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const timer of timers) clearInterval(timer);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a call that trickles past its time limit, as a network failure', async () => {
    const started = Date.now();
    const error = await soapHttpRequest({
      url: `${base}/trickle`,
      method: 'POST',
      headers: {},
      data: '<x/>',
      timeout: 1000,
      deadlineMs: 300,
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'ETIMEDOUT' });
    expect(classifyTransport(error)).toBe('network');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hands back an HTTP error status with its body, and sends the body with its length', async () => {
    const answer = await soapHttpRequest({ url: `${base}/agent`, method: 'POST', headers: {}, data: '<é/>' });
    expect(answer).toMatchObject({ status: 500, data: '<fault>4 5</fault>' });
  });
});
