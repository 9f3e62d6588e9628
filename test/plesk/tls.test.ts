import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PleskSimulator } from '../../simulators/plesk';
import { clientFor, failure, startSim, stopAll } from './helpers';

/** Plesk over HTTPS with a self-signed certificate, as most Plesk servers run. */

const run = promisify(execFile);
let sim: PleskSimulator | undefined;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'plesk-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ]);
  } catch {
    return; // no openssl: the tests below are skipped
  }
  sim = await startSim({ tls: { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') } });
});
afterAll(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

describe('Plesk over HTTPS', () => {
  it('reads from a self-signed server by default (tlsVerify is off for Plesk)', async ({ skip }) => {
    if (!sim) return skip();
    expect(sim.url).toMatch(/^https:/);
    expect((await clientFor(sim).listResellers()).length).toBe(2);
  });

  it('refuses the self-signed certificate when tlsVerify is on, as a non-retryable untrustedCertificate', async ({ skip }) => {
    if (!sim) return skip();
    const error = await failure(clientFor(sim, { tlsVerify: true }).negotiate());
    expect(error).toMatchObject({ reason: 'untrustedCertificate', retryable: false });
    expect(error.message).toMatch(/certificate that is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });
});
