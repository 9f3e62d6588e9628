/**
 * The Plesk extension's own PHP code, run outside Plesk with php-cli (test/plesk-extension/sign.php):
 * a Plesk user as the extension maps it, and the hand-off URL its "open" page would redirect to.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SIGN = fileURLToPath(new URL('../plesk-extension/sign.php', import.meta.url));

/** A stand-in for Plesk's pm_Client of the signed-in user. */
export interface PleskClient {
  admin?: boolean;
  reseller?: boolean;
  client?: boolean;
  id?: number;
  login: string;
  pname?: string;
}

export function requirePhp(): void {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('These tests need PHP: apt-get install -y php-cli (npm test installs it)');
  }
}

/** The path and query of the hand-off URL the extension makes for `client` (the host is the caller's). */
export async function handoffPath(input: {
  client: PleskClient;
  server: string;
  secret: string;
  now?: number;
  nonce?: string;
}): Promise<string> {
  const { stdout } = await run('php', [SIGN, JSON.stringify({ ...input, handoffUrl: 'http://console.example/api/v1/session/plesk' })]);
  const url = new URL((JSON.parse(stdout) as { url: string }).url);
  return `${url.pathname}${url.search}`;
}
