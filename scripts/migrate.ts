/**
 * Applies the migrations in prisma/migrations with `prisma migrate deploy` (the JavaScript schema
 * engine: nothing is downloaded). Asynchronous on purpose: the embedded database is served from
 * this same process, and a blocking call would starve it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from './temporal-bin';

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  await ensureDatabaseExists(databaseUrl);
  const prisma = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(prisma, ['migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`Applying database migrations failed (prisma migrate deploy exited ${code}):\n${redact(output)}`));
    });
  });
}

/** Connection strings may carry a password; never print it. */
export function redact(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]+):[^@\s]+@/g, '$1:***@');
}

/** Creates the database named in the URL when the server does not have it yet. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot reach the database server of DATABASE_URL (${redact(databaseUrl)}): ${(error as Error).message}`);
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // Without the right to list or create databases, let the migration itself report the problem.
    if ((error as { code?: string }).code !== '42P04') return;
  } finally {
    await client.end();
  }
}
