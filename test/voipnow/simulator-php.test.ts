import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestSim, type TestSim } from './helpers';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./fixtures/php-soap-client.php', import.meta.url));

/** Why the PHP check cannot run here, or undefined when php with the soap extension is installed. */
function phpMissing(): string | undefined {
  try {
    const modules = execFileSync('php', ['-m'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /^soap$/m.test(modules) ? undefined : 'php is installed without the soap extension (apt-get install php-soap)';
  } catch {
    return 'php is not installed (apt-get install php-cli php-soap)';
  }
}

const missing = phpMissing();

describe('the VoipNow simulator works with PHP SoapClient, an independent SOAP client', () => {
  let t: TestSim;

  beforeAll(async () => {
    // The reseller the script adds gets its own copy of the client template (decision 093).
    t = await startTestSim({ operatorTemplates: true });
    t.sim.seed({
      templates: [
        { name: 'Reseller', level: 10, limits: { clientMax: 1 } },
        { name: 'Client', level: 50, limits: { phoneExtMax: 1 } },
      ],
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  // The test command installs php-cli, php-soap and php-xml (scripts/system-packages.ts): never skipped.
  it('creates, lists and reads accounts through the served WSDL', async () => {
    expect(missing).toBeUndefined();
    const { stdout } = await run('php', [script, t.sim.url, ADMIN.login, ADMIN.password]);
    const seen = JSON.parse(stdout) as Record<string, Record<string, unknown> | boolean | null>;
    const id = t.sim.state.accountByLogin('php-reseller')?.ID;
    expect(seen.reseller).toEqual({ ID: id, login: 'php-reseller', serverID: 'php:reseller:1', result: 'success' });
    expect(seen.requestHasClientDataNs).toBe(true);
    expect(seen.listed).toEqual({ ID: id, login: 'php-reseller' });
    expect(seen.details).toEqual({ name: 'From PHP', email: 'php@example.com', parentID: 1, status: true });
    expect(seen.fault).toEqual({ faultcode: '250', faultstring: 'Invalid user ID: 987654.', detailCode: '250' });
    expect(seen.extension).toMatchObject({ extensionNo: '0001', extensionType: 'term', phoneLang: 'de' });
    expect(seen.ping).toEqual({ version: '2.5.1', resellers: 1, activSSO: true });
  });
});
