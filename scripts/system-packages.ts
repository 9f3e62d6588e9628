/**
 * Debian packages the test suite needs beyond npm: Chromium for the browser tests (Playwright's
 * own browser download cannot work here), PHP for the Plesk extension's hand-off tests and PHP's
 * SOAP and XML extensions for the independent SOAP client test.
 * Installed with apt-get when missing and the machine allows it (root); otherwise the test run
 * stops with the command to run, so browser tests never skip silently.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Need {
  /** Found when this file exists or this command is on PATH. */
  found: () => boolean;
  debian: string;
  what: string;
}

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Whether PHP has this extension loaded (php -m lists one per line). */
const phpHas = (extension: string) => {
  const listed = spawnSync('php', ['-m'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return listed.status === 0 && new RegExp(`^${extension}$`, 'mi').test(listed.stdout);
};

export const TEST_NEEDS: Need[] = [
  { found: () => fs.existsSync(CHROMIUM_PATH), debian: 'chromium', what: 'Chromium (browser tests)' },
  { found: () => onPath('php'), debian: 'php-cli', what: 'PHP (Plesk extension tests)' },
  // The independent SOAP client test (test/voipnow/simulator-php.test.ts) must run everywhere, never skip.
  { found: () => phpHas('soap'), debian: 'php-soap', what: "PHP's SOAP extension (the PHP SoapClient test)" },
  { found: () => phpHas('dom'), debian: 'php-xml', what: "PHP's XML extensions (the PHP SoapClient test)" },
  // The simulator's answers are validated against 4PSA's XSDs (test/voipnow/simulator-schema.test.ts).
  { found: () => onPath('xmllint'), debian: 'libxml2-utils', what: 'xmllint (XSD validation of the VoipNow simulator)' },
];

export function ensureTestPackages(log: (message: string) => void, needs: Need[] = TEST_NEEDS): void {
  const missing = needs.filter((need) => !need.found());
  if (missing.length === 0) return;
  const packages = missing.map((need) => need.debian);
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && onPath('apt-get');
  if (canInstall) {
    log(`Installing ${missing.map((need) => need.what).join(' and ')} with apt-get...`);
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const install =
      update.status === 0
        ? spawnSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command} >/dev/null`], { stdio: ['ignore', 'ignore', 'inherit'] })
        : update;
    if (install.status === 0 && missing.every((need) => need.found())) return;
  }
  throw new Error(
    `The test suite needs ${missing.map((need) => need.what).join(' and ')}, which ${canInstall ? 'could not be installed' : missing.length === 1 ? 'is not installed' : 'are not installed'}.\n` +
      `Install ${missing.length === 1 ? 'it' : 'them'} and run npm test again:\n  sudo ${command}` +
      (missing.some((need) => need.debian === 'chromium') ? '\n(or point CHROMIUM_PATH at a Chromium binary)' : ''),
  );
}
