/**
 * Debian packages the test suite needs beyond npm: Chromium for the browser tests (Playwright's
 * own browser download cannot work here) and PHP for the Plesk extension's hand-off tests.
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

export const TEST_NEEDS: Need[] = [
  { found: () => fs.existsSync(CHROMIUM_PATH), debian: 'chromium', what: 'Chromium (browser tests)' },
  { found: () => onPath('php'), debian: 'php-cli', what: 'PHP (Plesk extension tests)' },
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
