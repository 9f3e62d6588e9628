/** The admin token of the embedded mode: generated once into DATA_DIR, so restarts keep it. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function resolveAdminToken(
  configured: string | undefined,
  dataDir: string,
): { token: string; source: 'env' | 'file' | 'generated' } {
  if (configured) return { token: configured, source: 'env' };
  const file = path.join(dataDir, 'admin.token');
  if (fs.existsSync(file)) return { token: fs.readFileSync(file, 'utf8').trim(), source: 'file' };
  fs.mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated' };
}
