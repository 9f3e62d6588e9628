import { afterAll, describe, expect, it } from 'vitest';
import { clientFor, failure, startSim, stopAll, throwawayServer } from './helpers';

/**
 * Responses no Plesk sends but a hostile or broken server could: the connector refuses them with
 * a clear, non-retryable error instead of expanding, buffering or half-reading them.
 */

afterAll(stopAll);

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<packet><server><get_protos><result><status>ok</status><protos><proto>&lol4;</proto></protos></result></get_protos></server></packet>`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?><!DOCTYPE packet [<!ENTITY secret SYSTEM "file:///etc/passwd">]><packet><system><status>error</status><errcode>1</errcode><errtext>&secret;</errtext></system></packet>`;

async function answering(body: string | Buffer, headers: Record<string, string> = {}) {
  return throwawayServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/xml', ...headers });
    response.end(body);
  });
}

describe('malicious and broken responses', () => {
  it('refuses a DOCTYPE with nested entities (billion laughs) without expanding it', async () => {
    const error = await failure(clientFor(await answering(BILLION_LAUGHS)).negotiate());
    expect(error).toMatchObject({ name: 'SyncError', reason: 'pleskBadResponse', retryable: false });
    expect(error.message).toMatch(/DOCTYPE or ENTITY declaration/);
  });

  it('refuses an external entity declaration', async () => {
    const error = await failure(clientFor(await answering(EXTERNAL_ENTITY)).negotiate());
    expect(error).toMatchObject({ reason: 'pleskBadResponse', retryable: false });
    expect(error.message).not.toContain('root:');
  });

  it('refuses a payload larger than the cap while streaming it, with no Content-Length announced', async () => {
    const huge = await throwawayServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      const chunk = `<x>${'a'.repeat(64 * 1024)}</x>`;
      let sent = 0;
      const pump = (): void => {
        while (sent < 200 && response.write(chunk)) sent++;
        if (sent < 200) response.once('drain', pump);
        else response.end();
      };
      response.write('<packet>');
      pump();
    });
    const error = await failure(clientFor(huge, { maxResponseBytes: 1024 * 1024 }).negotiate());
    expect(error).toMatchObject({ reason: 'pleskBadResponse', retryable: false });
    expect(error.message).toMatch(/larger than the limit of 1048576 bytes/);
  });

  it('refuses a payload whose announced length is over the cap before reading it', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x20);
    const error = await failure(
      clientFor(await answering(body, { 'Content-Length': String(body.length) }), { maxResponseBytes: 1024 * 1024 }).negotiate(),
    );
    expect(error.message).toMatch(/announced 2097152 bytes/);
  });

  it('refuses malformed XML, naming where it broke', async () => {
    const error = await failure(clientFor(await answering('<packet><server><get_protos></server></packet>')).negotiate());
    expect(error).toMatchObject({ reason: 'pleskBadResponse', retryable: false });
    expect(error.message).toMatch(/malformed \(line 1/);
  });

  it('refuses an answer that is not a Plesk packet (an HTML error page with status 200)', async () => {
    const error = await failure(clientFor(await answering('<html><body>Maintenance</body></html>')).negotiate());
    expect(error).toMatchObject({ reason: 'pleskBadResponse' });
    expect(error.message).toMatch(/not a Plesk <packet>/);
  });

  it('treats a connection cut mid-body as unavailability, retryable', async () => {
    const cut = await throwawayServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '1000' });
      response.write('<packet><server>');
      setTimeout(() => response.destroy(), 20);
    });
    expect(await failure(clientFor(cut).negotiate())).toMatchObject({ reason: 'pleskUnavailable', retryable: true });
  });

  it('has the simulator refuse a request packet with a DOCTYPE as an XML error (1014)', async () => {
    const sim = await startSim();
    const response = await fetch(`${sim.url}/enterprise/control/agent.php`, {
      method: 'POST',
      headers: { HTTP_AUTH_LOGIN: 'admin', HTTP_AUTH_PASSWD: Buffer.from('Sim-Test-Pässword-7').toString('latin1') },
      body: BILLION_LAUGHS.replace('<packet>', '<packet version="1.6.9.0">'),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/<system><status>error<\/status><errcode>1014<\/errcode>/);
  });
});
